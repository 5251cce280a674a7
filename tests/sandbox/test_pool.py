"""Prepared sandboxes: used once, never shared, and indistinguishable from one started for the run."""

import dataclasses
import os
import select
import signal
import tempfile
from pathlib import Path

import pytest

from sandbox import RunRequest, Verdict, languages, pool
from sandbox.prepared import PreparedSandbox, become_subreaper
from sandbox.isolation import Launch

from .helpers import assert_host_untouched, go_main, pooled, run_py


def dead_sandboxes_here():
    """Sandbox processes (not the suite's own workers) that ended and wait for this process to reap them."""
    import psutil

    from sandbox.reaping import SANDBOX_COMMANDS

    found = []
    for child in psutil.Process().children():
        try:
            if child.status() == psutil.STATUS_ZOMBIE and child.name() in SANDBOX_COMMANDS:
                found.append(child)
        except psutil.NoSuchProcess:
            continue
    return found


def _step(language, source, stdin="", toolchain=""):
    with tempfile.TemporaryDirectory() as rundir:
        request = RunRequest(language=language, source=source, stdin=stdin, toolchain=toolchain)
        return languages.get(language).prepare(request, source.encode(), Path(rundir)).step


def _pooled_and_fresh_output(step) -> bytes:
    """What the program printed in a pooled sandbox, after checking a fresh one printed the same."""
    pooled_outcome = pool.execute(step)
    fresh_outcome = pool.execute(dataclasses.replace(step, poolable=False))
    assert pooled_outcome.pooled and not fresh_outcome.pooled
    assert pooled_outcome.exit_code == 0, pooled_outcome.stderr
    assert pooled_outcome.stdout == fresh_outcome.stdout
    return pooled_outcome.stdout


LEAVE_A_MARK = """
import os
print(os.path.exists('/tmp/mark'))
open('/tmp/mark', 'w').write('from the previous run')
"""


def test_two_consecutive_python_runs_never_share_a_sandbox():
    first = pool.execute(_step("python", LEAVE_A_MARK))
    second = pool.execute(_step("python", LEAVE_A_MARK))
    assert first.pooled and second.pooled
    assert first.stdout == second.stdout == b"False\n", (first.stderr, second.stderr)
    assert first.sandbox_pid and second.sandbox_pid and first.sandbox_pid != second.sandbox_pid
    assert first.cgroup and second.cgroup and first.cgroup != second.cgroup
    assert_host_untouched()


def test_two_consecutive_go_runs_never_share_a_sandbox(go_toolchain):
    import sandbox

    source = go_main(
        '\t_, err := os.Stat("/tmp/mark")\n\tfmt.Println(err == nil)\n\tos.WriteFile("/tmp/mark", []byte("x"), 0o644)',
        ["fmt", "os"],
    )
    results = [sandbox.run(RunRequest("go", source, toolchain=go_toolchain)) for _ in range(2)]
    assert [result.stdout for result in results] == ["false\n", "false\n"], results
    step = _step("go", source, toolchain=go_toolchain)
    first, second = pool.execute(step), pool.execute(step)
    assert first.pooled and second.pooled
    assert first.stdout == second.stdout == b"false\n"
    assert first.sandbox_pid != second.sandbox_pid and first.cgroup != second.cgroup


# Everything a program can learn about where it runs, short of timing and of its uid (each
# concurrent sandbox has one of its own: tests/sandbox/test_neighbours.py).
INTROSPECT = r"""
import os, sys, resource
print(os.getpid(), os.getppid(), os.getuid() == os.getgid(), os.getcwd())
print(sorted(os.listdir('/')), sorted(os.listdir('/box')), sorted(os.listdir('/tmp')))
print(sorted(os.listdir('/proc/self/fd')), sorted(p for p in os.listdir('/proc') if p.isdigit()))
print(sorted(sys.modules), sys.argv, __file__, sorted(os.environ.items()))
print([resource.getrlimit(r) for r in (resource.RLIMIT_CPU, resource.RLIMIT_NOFILE, resource.RLIMIT_NPROC,
                                      resource.RLIMIT_FSIZE, resource.RLIMIT_AS)])
status = dict(line.split(':', 1) for line in open('/proc/self/status'))
print([status[k].strip() for k in ('CapInh', 'CapPrm', 'CapEff', 'CapBnd', 'CapAmb', 'NoNewPrivs', 'Seccomp')])
print(os.readlink('/proc/self/fd/0'), os.fstat(0).st_mode, os.lseek(0, 0, os.SEEK_CUR), sys.stdin.read())
print(open('/proc/self/cgroup').read(), open('/proc/1/cmdline').read().split('\0')[:2])
print(os.stat('/box/main.py').st_mode, os.access('/box', os.W_OK), os.access('/box/main.py', os.W_OK))
"""


def test_a_pooled_python_sandbox_is_indistinguishable_from_one_started_for_the_run():
    assert b"the input" in _pooled_and_fresh_output(_step("python", INTROSPECT, stdin="the input\n"))


def test_a_pooled_go_sandbox_is_indistinguishable_from_one_started_for_the_run():
    import sandbox

    source = go_main(
        '\tnames, _ := os.ReadDir("/box")\n\tfds, _ := os.ReadDir("/proc/self/fd")\n\tprocs, _ := os.ReadDir("/proc")\n'
        '\tself, _ := os.Executable()\n\tin, _ := io.ReadAll(os.Stdin)\n\troot, _ := os.ReadDir("/")\n'
        '\tst, _ := os.Stat("/box/prog")\n'
        '\tfmt.Println(os.Getpid(), os.Getppid(), len(names), len(fds), len(procs), self, string(in), len(root), '
        'st.Mode(), os.Environ(), os.Args)',
        ["fmt", "io", "os"],
    )
    assert sandbox.run(RunRequest("go", source)).verdict == Verdict.OK  # builds and caches the binary
    assert b"/box/prog in " in _pooled_and_fresh_output(_step("go", source, stdin="in"))


def test_a_pooled_sandbox_that_died_while_waiting_is_not_used():
    run_py("print('fill the pool')")
    waiting = pooled()
    assert waiting, "the pool prepared no sandbox"
    for sandbox in waiting:
        os.kill(sandbox.proc.pid, signal.SIGKILL)
        select.select([sandbox.pidfd], [], [], 5)  # dead (not yet reaped) before the next run looks
    result = run_py("print('still fine')")
    assert result.verdict == Verdict.OK, result
    assert_host_untouched()


def test_a_program_that_never_gets_ready_is_internal_error_not_the_learners(monkeypatch):
    step = _step("python", "print(1)")
    broken = dataclasses.replace(step, argv=[step.argv[0], "-I", "-S", "-c", "import sys; sys.exit(3)"])
    become_subreaper()
    sandbox = PreparedSandbox(Launch.of(broken))
    try:
        outcome = sandbox.run(b"", broken.box_files)
    finally:
        sandbox.discard()
    assert outcome.setup_error and "ready" in outcome.setup_error, outcome


def test_a_forked_child_never_takes_its_parents_prepared_sandboxes():
    run_py("print('fill the pool')")
    parents = {sandbox.proc.pid for sandbox in pooled()}
    assert parents
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        try:
            result = run_py("print('child')")
            current = pool.current()
            mine = {sandbox.proc.pid for sandbox in current.idle_sandboxes()} if current else set()
            ours = current is not None and current.owner == os.getpid()
            ok = result.verdict == Verdict.OK and not (mine & parents) and ours
            os.write(write_end, b"ok" if ok else repr((result.verdict, mine, parents)).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    answer = os.read(read_end, 4096)
    os.waitpid(child, 0)
    os.close(read_end)
    assert answer == b"ok", answer
    assert run_py("print('parent')").verdict == Verdict.OK


@pytest.mark.parametrize("size", ["0"])
def test_without_a_pool_every_run_starts_its_own_sandbox(monkeypatch, size):
    monkeypatch.setenv("SANDBOX_POOL_SIZE", size)
    monkeypatch.setattr(pool, "_pool", None)
    outcome = pool.execute(_step("python", "print(1)"))
    assert outcome.stdout == b"1\n" and not outcome.pooled
    assert pool.current() is None


def test_a_killed_worker_process_leaves_no_sandbox_and_warm_removes_what_it_held():
    import subprocess
    import sys
    import time

    import sandbox
    from sandbox import cgroups, config

    script = ("import sandbox, time\nfrom sandbox import RunRequest, pool\n"
              "sandbox.run(RunRequest('python', 'print(1)'))\npool.current().quiesce()\n"
              "print(len(pool.current().idle_sandboxes()), flush=True)\ntime.sleep(60)\n")
    worker = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert int(worker.stdout.readline()) > 0  # it holds prepared sandboxes
    worker.kill()
    worker.wait()
    worker.stdout.close()
    held = [path for parent in cgroups.backend().parent_dirs() for path in parent.glob(f"sandbox-{worker.pid}-*")]
    assert held, "the worker's prepared sandboxes had cgroups"
    deadline = time.monotonic() + 10
    while any((path / "cgroup.procs").read_text().strip() for path in held if path.exists()):
        assert time.monotonic() < deadline, "the prepared sandboxes outlived their worker"
        time.sleep(0.05)
    sandbox.warm()
    assert not any(path.exists() for path in held)
    assert not list((config.state_dir() / "runs").glob(f"run-{worker.pid}-*"))
    # This process is a subreaper: the dead worker's sandboxes came here, and were reaped.
    assert dead_sandboxes_here() == []


def test_the_canary_proves_that_new_sandboxes_start():
    from sandbox.canary import run_canary

    current = pool.current()
    current.quiesce()
    waiting_before = {id(sandbox) for sandbox in current.idle_sandboxes()}
    kinds_before = list(current.wanted)
    assert run_canary(["python"]).ok
    assert list(current.wanted) == kinds_before  # the canary's kinds are not kept waiting
    assert {id(sandbox) for sandbox in pooled()} == waiting_before  # nor does it use a waiting one


def test_a_worker_that_dies_while_its_pool_starts_sandboxes_leaves_nothing_after_tidy():
    """bwrap's inner half waits forever when its outer half dies mid-start: tidy finds it by its cgroup."""
    import subprocess
    import sys
    import time

    import psutil

    import sandbox
    from sandbox import cgroups

    script = ("import os, sys, time, sandbox\nfrom sandbox import RunRequest\n"
              "sandbox.run(RunRequest('python', 'print(1)'))\ntime.sleep(float(sys.argv[1]))\nos._exit(0)\n")
    owners = []
    for delay in ("0", "0.001", "0.002", "0.004", "0.008"):
        worker = subprocess.run([sys.executable, "-c", script, delay], env={**os.environ, "SANDBOX_POOL_WAIT_S": "0"})
        assert worker.returncode == 0
        owners.append(worker.returncode)
    time.sleep(0.5)
    sandbox.tidy()
    mine = {sandbox.group.name for sandbox in pooled()}
    left = [path.name for parent in cgroups.backend().parent_dirs() for path in parent.glob("sandbox-*-*")
            if path.name not in mine and not psutil.pid_exists(int(path.name.split("-")[1]))]
    assert left == []
    assert dead_sandboxes_here() == []


def test_runs_back_to_back_meet_sandboxes_started_during_the_run_before(monkeypatch):
    """The service's case (no waiting for the pool): once the waiting sandboxes are used up, a run
    in progress does not hold back the next run's sandbox, and the next run waits for that one
    (already starting) rather than starting its own."""
    monkeypatch.setenv("SANDBOX_POOL_WAIT_S", "0")
    monkeypatch.setattr(pool, "WAIT_FOR_STARTING_S", 60.0)  # a loaded machine may take seconds to start one
    step = _step("python", "print(1)")
    pool.current().clear()
    outcomes = [pool.execute(step) for _ in range(8)]
    assert all(outcome.stdout == b"1\n" for outcome in outcomes)
    assert all(outcome.pooled for outcome in outcomes[1:]), [outcome.pooled for outcome in outcomes]


def test_a_lone_run_does_not_share_the_machine_with_a_refill_it_does_not_need():
    step = _step("python", "print(1)")
    current = pool.current()
    pool.execute(step)
    assert current.quiesce(timeout=60)
    launch = Launch.of(step)
    sandbox = current.take(launch)
    try:
        assert sandbox is not None and current.idle.get(launch.key())  # one more is still waiting
        assert not current.starting.get(launch.key()) and not current.spawning[launch.key()]
    finally:
        current.finished(sandbox)
    assert current.quiesce(timeout=60)
    assert len(current.idle[launch.key()]) == current.size  # refilled once no run was in progress


def test_a_kind_that_cannot_start_is_not_retried_by_the_pool_and_the_run_says_why(monkeypatch):
    monkeypatch.setenv("SANDBOX_INIT", "/nonexistent/init")
    monkeypatch.setenv("SANDBOX_POOL_WAIT_S", "0")
    result = run_py("print(1)")
    assert result.verdict == Verdict.INTERNAL_ERROR and "/nonexistent/init" in result.internal_cause + result.message
    current = pool.current()
    assert current.quiesce(timeout=60)
    assert not any("/nonexistent/init" in key for key in current.wanted)
