"""Shared helpers for the sandbox tests (real bwrap, real toolchains, no mocks)."""
import os
from pathlib import Path

import psutil
import sandbox
from sandbox import pool
from sandbox import CheckerSpec, Limits, RunRequest, Verdict
from sandbox.cgroups import backend

# A fork bomb meets its process limit, not its memory limit (64 forked interpreters dirty ~250 MiB) nor
# its time (it fails once one of its own forks meets a full group: about 1 s of CPU on a quiet machine,
# more on a slow or busy one).
FORK_BOMB_ROOM = Limits(memory_bytes=1024 << 20, cpu_time_s=8, wall_time_s=16)


def run(language, source, **kwargs):
    return sandbox.run(RunRequest(language=language, source=source, **kwargs))


def run_py(source, **kwargs):
    return run("python", source, **kwargs)


def run_go(source, **kwargs):
    return run("go", source, **kwargs)


def go_main(body, imports=()):
    header = "package main\n"
    if imports:
        header += "import (\n" + "".join(f'\t"{name}"\n' for name in imports) + ")\n"
    return header + "func main() {\n" + body + "\n}\n"


def pooled():
    """The prepared sandboxes waiting in this process's pool (after its thread has settled):
    they are the pool's, not leftovers of a run."""
    current = pool.current()
    if current is None:
        return []
    # A loaded machine (the whole suite on two cores) can take seconds per prepared sandbox, and the
    # pool refills every kind the earlier tests wanted: a sandbox still starting is not a leftover.
    assert current.quiesce(timeout=120), "the sandbox pool did not settle in 120 s"
    return current.idle_sandboxes()


def leftover_cgroups():
    found = []
    prefix = f"sandbox-{os.getpid()}-"
    waiting = {sandbox.group.name for sandbox in pooled()}
    for parent in getattr(backend(), "parents", {}).values():
        found += [p.name for p in Path(parent).iterdir() if p.name.startswith(prefix) and p.name not in waiting]
    parent = getattr(backend(), "parent", None)
    if parent:
        found += [p.name for p in Path(parent).iterdir() if p.name.startswith(prefix) and p.name not in waiting]
    return found


_children_before_test: set[int] = set()


def remember_children() -> None:
    """Processes the suite itself started (a Celery worker, Redis) are not the sandbox's leftovers."""
    _children_before_test.clear()
    _children_before_test.update(child.pid for child in psutil.Process().children(recursive=True))


def new_children() -> list[psutil.Process]:
    """Processes this test left: not the pool's waiting sandboxes, and not what the suite's own
    processes started meanwhile (the browser tests' chromium starts and ends helpers at will)."""
    waiting = {sandbox.proc.pid for sandbox in pooled() if sandbox.proc is not None}
    return [child for child in psutil.Process().children(recursive=True)
            if not _descends_from(child, waiting | _children_before_test)]


def _describe(process: psutil.Process) -> str:
    try:
        with open(f"/proc/{process.pid}/status") as handle:
            fields = dict(line.split(":", 1) for line in handle if ":" in line)
        return " ".join(f"{key}={fields.get(key, '').strip()}" for key in ("Name", "State", "PPid", "NSpid", "Uid"))
    except OSError as error:
        return f"{process.pid}: {error}"


def _descends_from(process: psutil.Process, roots: set[int]) -> bool:
    """A pooled sandbox still setting up starts its inner processes after the pool let it go."""
    try:
        return any(pid in roots for pid in [process.pid, *(parent.pid for parent in process.parents())])
    except psutil.NoSuchProcess:
        return False


def is_child_subreaper() -> bool:
    """Orphans go to the nearest subreaper ancestor, so when this process is one, nothing a run
    leaves can be handed to the host's PID 1: new_children() sees it (zombies included)."""
    import ctypes

    flag = ctypes.c_int(0)
    ctypes.CDLL(None).prctl(37, ctypes.byref(flag), 0, 0, 0)  # PR_GET_CHILD_SUBREAPER
    return flag.value == 1


def assert_host_untouched(marker=None):
    """No sandbox cgroup of ours, no new child process, no process carrying `marker`, and a normal run works."""
    assert leftover_cgroups() == []
    assert is_child_subreaper()
    left = new_children()
    assert left == [], [_describe(process) for process in left]
    if marker:
        for proc in psutil.process_iter(["cmdline"]):
            assert marker not in " ".join(proc.info["cmdline"] or []), proc
    result = run_py("print('still fine')")
    assert result.verdict == Verdict.OK, result
    assert result.stdout == "still fine\n"


__all__ = ["CheckerSpec", "Limits", "Verdict", "run_py", "run_go", "go_main", "assert_host_untouched"]
