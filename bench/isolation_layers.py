"""What each layer of a sandboxed Python run costs in CPU, against a bare start in the same run.

    .venv/bin/python bench/isolation_layers.py [--repeat 200] [--json]

Issue 25 asks for sandboxed Python throughput with two worker processes of at least half a bare
start's. With both cores busy, that needs a whole run (the worker's own CPU and every process it
starts) to cost at most twice the CPU of a bare `python3 -I -S -c pass`. This benchmark takes the
product's own command line for a pooled Python run (`sandbox.isolation.bwrap_argv` and
`sandbox.launcher.argv`, as `sandbox.prepared` builds them) and adds its parts one at a time, so the
cost of each is the difference between two rows measured in the same run:

  bare              python3 -I -S -c pass
  namespaces        the same in fresh pid, mount, net, ipc and uts namespaces (unshare(1)): the floor
                    of any design that gives every run namespaces of its own, bwrap or not
  bwrap             bwrap with the product's mounts, user namespace and hostname; no init, no seccomp
  + init            our pid 1 (sandbox/init.c)
  + seccomp         the product's filter
  + bootstrap       the product's Python bootstrap (reads /box/main.py, compiles it, reports)
  + launcher        rlimits, the uid drop and the inode-capped /tmp (sandbox/launcher.c)
  + cgroups         a fresh cgroup per run, joined and removed (the harness's CPU for that is added)
  whole run         sandbox.run(): the worker's threads (pool, supervision, teardown) on top

The rows take turns, one run each, so that a change in the machine's speed moves them all alike.
Every row but the last is one process tree started with posix_spawn and reaped with wait4, whose
rusage holds the tree's CPU. The last is this process's CPU and its children's (getrusage) around
batches of 20 runs: a run's processes are reaped by the pool's teardown thread after the run
returns, so its samples are batch means. No row sees kernel threads (a removed cgroup's memory is
freed by a kworker).

--json prints every row as {cpu_ms: {min, p50, p95}, wall_ms: {...}, cpu_ratio_to_bare} with the
load average before and after.
"""

import argparse
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sandbox
from sandbox import RunRequest, cgroups, config, launcher
from sandbox.isolation import FIXED_FDS, SANDBOX_INIT, Launch, bwrap_argv, child_limits, seccomp_program
from sandbox.languages import python as python_language

from bench.sandbox import spread

BARE = ["-I", "-S", "-c", "pass"]
NAMESPACES = ["--pid", "--mount", "--net", "--ipc", "--uts", "--fork", "--mount-proc"]
BATCH = 20  # runs per sample of the whole run


def rounded_spread(samples):
    return {name: round(value, 2) for name, value in spread(samples).items()}


class Tree:
    """One way of starting a process tree: its argv and the files on its descriptors."""

    def __init__(self, argv, files=None, around=None):
        self.argv, self.files, self.around = argv, files or {}, around

    def once(self):
        actions = [(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                   (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
                   (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)]
        actions += [(os.POSIX_SPAWN_OPEN, fd, path, os.O_RDWR, 0) for fd, path in self.files.items()]
        harness_cpu = 0.0
        context = self.around() if self.around else None
        argv = self.argv(context) if callable(self.argv) else self.argv
        started = time.perf_counter()
        pid = os.posix_spawn(argv[0], argv, {}, file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
        wall = (time.perf_counter() - started) * 1000
        if context is not None:
            before = time.thread_time()
            context.destroy()
            harness_cpu = time.thread_time() - before + context.created_cpu
        if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
            raise SystemExit(f"{argv[0]} failed (status {status}): {' '.join(argv)[:300]}")
        return (usage.ru_utime + usage.ru_stime + harness_cpu) * 1000, wall


class FreshCgroup:
    def __init__(self, step):
        before = time.thread_time()
        self.group = cgroups.backend().create(step.memory_bytes, step.processes)
        self.created_cpu = time.thread_time() - before

    def destroy(self):
        self.group.destroy()


def _bwrap_and_init(argv):
    """A sandbox's command line without its program: bwrap's part, and the init's ([SANDBOX_INIT, ..., "--"])."""
    init_at = argv.index(SANDBOX_INIT, argv.index("--chdir"))
    return argv[:init_at], argv[init_at:argv.index("--", init_at) + 1]


def product_trees(scratch: Path):
    """The rows from bwrap on, each the product's command line with the parts not yet added taken out."""
    binary = python_language.python_binary()
    step = python_language.Python().prepare(RunRequest("python", "pass"), b"pass", scratch).step
    launch = Launch.of(step)
    box = scratch / "box"
    box.mkdir()
    (box / "main.py").write_text("pass\n")
    os.chmod(box, 0o755)
    os.chmod(box / "main.py", 0o644)
    filter_file = scratch / "seccomp.bpf"
    filter_file.write_bytes(seccomp_program())
    start_file = scratch / "start"
    start_file.write_text("\n")
    files = {FIXED_FDS["seccomp"]: str(filter_file), FIXED_FDS["json"]: os.devnull, FIXED_FDS["init"]: os.devnull,
             FIXED_FDS["report"]: os.devnull, FIXED_FDS["start"]: str(start_file)}
    as_root = config.runs_as_root()
    tmp = (str(config.tmp_mountpoint()), step.tmpfs_bytes, config.tmpfs_inodes(step.tmpfs_bytes)) if as_root else None
    full = bwrap_argv(launch, str(box), dict(FIXED_FDS), tmp and tmp[0])
    without_seccomp = [arg for index, arg in enumerate(full)
                       if arg != "--seccomp" and (index == 0 or full[index - 1] != "--seccomp")]
    bare_program = [binary, *BARE]
    drop_to = (config.current().uid, config.current().gid) if as_root else None

    def launched(join_files):
        limits = child_limits(step, join_files, step.processes if as_root else None)
        moves = {fd: fd for fd in files}
        return launcher.argv(launch.launcher, join_files=join_files, limits=limits, moves=moves,
                             drop_to=drop_to, tmp=tmp)

    bwrap_only, init = _bwrap_and_init(without_seccomp)
    rows = {
        "bwrap": Tree(bwrap_only + bare_program, files),
        "+ init": Tree(bwrap_only + init + bare_program, files),
        "+ seccomp": Tree(sum(_bwrap_and_init(full), []) + bare_program, files),
        "+ bootstrap": Tree(full, files),
    }
    if launch.launcher:
        rows["+ launcher"] = Tree(launched([]) + full, files)
        if launch.backend.kind != "none":
            rows["+ cgroups"] = Tree(lambda group: launched(group.group.join_files()) + full, files,
                                     around=lambda: FreshCgroup(step))
    return rows


def _cpu_used():
    """This process's threads and its reaped children, in seconds (getrusage: finer than os.times' ticks)."""
    return sum(usage.ru_utime + usage.ru_stime
               for usage in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)))


def whole_runs(repeat):
    samples = []
    for _ in range(max(3, repeat // BATCH)):
        before = _cpu_used()
        started = time.perf_counter()
        for _ in range(BATCH):
            result = sandbox.run(RunRequest("python", "pass"))
            if result.verdict.value != "OK":
                raise SystemExit(f"the sandboxed run failed: {result.verdict} {result.message}")
        wall = (time.perf_counter() - started) * 1000 / BATCH
        cpu = (_cpu_used() - before) * 1000 / BATCH
        samples.append((cpu, wall))
    return samples


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    sandbox.warm("python")
    scratch = Path(tempfile.mkdtemp(prefix="isolation-layers-"))
    os.chmod(scratch, 0o755)
    try:
        binary = python_language.python_binary()
        trees = {"bare": Tree([binary, *BARE])}
        unshare = shutil.which("unshare")
        if unshare:
            user = [] if config.runs_as_root() else ["--user", "--map-current-user"]
            trees["namespaces"] = Tree([unshare, *user, *NAMESPACES, binary, *BARE])
        trees.update(product_trees(scratch))
        for tree in trees.values():
            for _ in range(10):
                tree.once()
        rows = {name: [] for name in trees}
        for _ in range(args.repeat):  # the rows take turns: a drift in the machine's speed moves them all alike
            for name, tree in trees.items():
                rows[name].append(tree.once())
        whole = whole_runs(args.repeat)
        sandbox.run(RunRequest("python", "pass"))
        rows["whole run"] = whole
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    load_after = os.getloadavg()[0]
    bare_cpu = statistics.median(cpu for cpu, _ in rows["bare"])
    report = {
        "load_avg_before": round(load_before, 2), "load_avg_after": round(load_after, 2),
        "repeat": args.repeat, "whole_run_batch": BATCH,
        "rows": {name: {"cpu_ms": rounded_spread([cpu for cpu, _ in samples]),
                        "wall_ms": rounded_spread([wall for _, wall in samples]),
                        "cpu_ratio_to_bare": round(statistics.median(cpu for cpu, _ in samples) / bare_cpu, 2)}
                 for name, samples in rows.items()},
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"load average {load_before:.2f} before, {load_after:.2f} after; {args.repeat} runs a row")
    print(f"{'':12} {'CPU ms min / p50 / p95':>26} {'x bare':>7} {'step':>6}   wall ms p50")
    previous = None
    for name, row in report["rows"].items():
        cpu = row["cpu_ms"]
        step = "" if previous is None or name == "namespaces" else f"{cpu['p50'] - previous:+.2f}"
        print(f"{name:12} {cpu['min']:8.2f} {cpu['p50']:8.2f} {cpu['p95']:8.2f} {row['cpu_ratio_to_bare']:6.2f}x "
              f"{step:>6}   {row['wall_ms']['p50']:.2f}")
        if name != "namespaces":
            previous = cpu["p50"]


if __name__ == "__main__":
    main()
