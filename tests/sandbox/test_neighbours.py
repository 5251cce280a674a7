"""Many learners at once, one of them hostile: what one run does to the kernel's per-uid quotas
(pipe buffer pages, queued signals, processes) never reaches a run beside it, because each
concurrent sandbox runs as a uid of its own (sandbox.slots)."""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from sandbox import Limits, Verdict, config

from .helpers import assert_host_untouched, run_py

HOLD = Limits(wall_time_s=15, cpu_time_s=5, memory_bytes=1024 << 20)


@pytest.fixture(autouse=True)
def runs_start_at_once(monkeypatch):
    """Side by side means at once: a run does not wait for the pool (which refills between runs)."""
    monkeypatch.setenv("SANDBOX_POOL_WAIT_S", "0")


def side_by_side(hogs, neighbour, count=1):
    """Start `count` hog runs, then the neighbour once they are under way; both results."""
    with ThreadPoolExecutor(count + 1) as pool:
        started = [pool.submit(run_py, hogs, limits=HOLD) for _ in range(count)]
        time.sleep(1.0)
        beside = pool.submit(run_py, neighbour, limits=HOLD)
        return [future.result() for future in started], beside.result()


def test_concurrent_sandboxes_run_as_distinct_uids_of_the_reserved_range():
    source = "import os, time\ntime.sleep(1.5)\nprint(os.getuid(), os.getgid())\n"
    with ThreadPoolExecutor(3) as pool:
        results = list(pool.map(lambda _: run_py(source), range(3)))
    assert all(result.verdict == Verdict.OK for result in results), results
    uids = [int(result.stdout.split()[0]) for result in results]
    cfg = config.current()
    assert len(set(uids)) == 3
    assert all(cfg.uid_base <= uid < cfg.uid_base + cfg.uid_count for uid in uids), uids
    assert all(result.stdout.split()[0] == result.stdout.split()[1] for result in results)


PIPE_HOG = """
import fcntl, os, sys, time
children = []
for _ in range(50):
    pid = os.fork()
    if pid == 0:
        pipes = []
        try:
            while True:
                pipes.append(os.pipe())
        except OSError:
            pass
        small = fcntl.fcntl(pipes[-1][1], 1032) < 65536  # F_GETPIPE_SZ: over the uid's soft limit
        os.write(1, b'small\\n' if small else b'full\\n')
        time.sleep(5)
        os._exit(0)
    children.append(pid)
for pid in children:
    os.waitpid(pid, 0)
"""

PIPE_NEIGHBOUR = """
import fcntl, os, time
time.sleep(1.5)
read, write = os.pipe()
os.set_blocking(write, False)
print(fcntl.fcntl(write, 1032), os.write(write, b'x' * 49152))
"""


def test_a_pipe_page_hog_does_not_shrink_a_neighbours_pipes():
    (hog,), neighbour = side_by_side(PIPE_HOG, PIPE_NEIGHBOUR)
    assert hog.verdict == Verdict.OK, hog
    assert "small" in hog.stdout  # the hog did take its own uid past fs.pipe-user-pages-soft
    assert (neighbour.verdict, neighbour.stdout) == (Verdict.OK, "65536 49152\n"), neighbour
    assert_host_untouched()


SIGNAL_HOG = """
import os, signal, time
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGRTMIN])
for _ in range(120000):  # kill() queues real-time signals past RLIMIT_SIGPENDING, counted for the uid
    os.kill(os.getpid(), signal.SIGRTMIN)
print('queued')
time.sleep(4)
"""

SIGNAL_NEIGHBOUR = """
import signal, threading, time
time.sleep(1.5)
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGRTMIN])
signal.pthread_kill(threading.get_ident(), signal.SIGRTMIN)  # tgkill: refused with EAGAIN over the quota
print('queued mine')
"""


def test_a_queued_signal_hog_does_not_refuse_a_neighbours_signal():
    (hog,), neighbour = side_by_side(SIGNAL_HOG, SIGNAL_NEIGHBOUR)
    assert (hog.verdict, hog.stdout) == (Verdict.OK, "queued\n"), hog
    assert (neighbour.verdict, neighbour.stdout) == (Verdict.OK, "queued mine\n"), neighbour
    assert_host_untouched()


PROCESS_HOG = """
import os, time
for _ in range(58):
    try:
        if os.fork() == 0:
            time.sleep(4)
            os._exit(0)
    except OSError:
        break
time.sleep(4)
print('held')
"""

PROCESS_NEIGHBOUR = """
import os, time
time.sleep(2)
children = [pid for pid in (os.fork() for _ in range(20)) if pid or os._exit(0)]
for pid in children:
    os.waitpid(pid, 0)
print(len(children))
"""


def test_processes_held_by_other_runs_do_not_stop_a_neighbours_forks():
    hogs, neighbour = side_by_side(PROCESS_HOG, PROCESS_NEIGHBOUR, count=9)  # 9 x 59 processes
    assert [hog.verdict for hog in hogs] == [Verdict.OK] * 9, hogs
    assert (neighbour.verdict, neighbour.stdout) == (Verdict.OK, "20\n"), neighbour
    assert_host_untouched()


# --- what stays per user, bounded per run as well --------------------------------------------


def test_each_run_is_held_to_its_own_process_signal_and_message_queue_limits():
    source = ("import resource\nprint(*(resource.getrlimit(r)[0] for r in (resource.RLIMIT_NPROC, "
              "resource.RLIMIT_SIGPENDING, resource.RLIMIT_MSGQUEUE)))\n")
    result = run_py(source, limits=Limits(processes=20))
    assert (result.verdict, result.stdout) == (Verdict.OK, f"24 {config.QUEUED_SIGNALS} 0\n"), result


def test_a_run_cannot_queue_more_signals_than_its_own_limit():
    source = """
import signal, threading
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGRTMIN])
count = 0
try:
    while count < 100000:
        signal.pthread_kill(threading.get_ident(), signal.SIGRTMIN)
        count += 1
except OSError as error:
    print(count, error.errno)
"""
    result = run_py(source)
    assert result.verdict == Verdict.OK, result
    assert result.stdout == f"{config.QUEUED_SIGNALS} 11\n"  # EAGAIN


def test_tmp_holds_a_bounded_number_of_files_so_its_teardown_is_bounded_too():
    source = """
count = 0
try:
    while True:
        open(f'/tmp/{count}', 'w').close()
        count += 1
except OSError as exc:
    print(count, exc.strerror)
"""
    result = run_py(source, limits=Limits(wall_time_s=20, cpu_time_s=10))
    assert result.verdict == Verdict.OK, result
    inodes = config.tmpfs_inodes(Limits().tmpfs_bytes)
    count, reason = result.stdout.split(" ", 1)
    assert inodes - 8 <= int(count) < inodes and reason == "No space left on device\n", result.stdout
    assert_host_untouched()


def test_a_uid_is_handed_on_only_once_the_last_run_s_processes_are_reaped(monkeypatch):
    """A fork bomb's processes leave its cgroup before they are reaped, and until then still count
    against its uid's RLIMIT_NPROC: the next sandbox on that uid must not start before."""
    monkeypatch.setenv("SANDBOX_POOL_SIZE", "0")  # each run ends its sandbox itself: the next takes its uid at once
    bomb = "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        break\n"
    for _ in range(6):
        run_py(bomb, limits=Limits(memory_bytes=1024 << 20, wall_time_s=10))
        after = run_py("import os\nif os.fork() == 0:\n    os._exit(0)\nos.wait()\nprint('started')\n")
        assert (after.verdict, after.stdout) == (Verdict.OK, "started\n"), after
