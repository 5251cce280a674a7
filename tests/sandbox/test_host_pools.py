"""Host-wide kernel pools (shared by every tenant of the machine) are out of a run's reach or
bounded per run; one test per pool (finding 3), and inotify is no side channel (finding 4)."""

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sandbox import Limits, Verdict

from .helpers import assert_host_untouched, go_main, run_go, run_py

SYSCALL = "import ctypes, os\nlibc = ctypes.CDLL(None, use_errno=True)\n"


def errno_lines(calls):
    """Python that prints, per (label, expression), the call's result and errno text."""
    body = "".join(
        f"rc = {expr}\nprint({label!r}, rc if rc >= 0 else os.strerror(ctypes.get_errno()))\n" for label, expr in calls
    )
    return SYSCALL + body


def test_aio_contexts_are_refused_and_the_host_pool_is_untouched():
    before = int(Path("/proc/sys/fs/aio-nr").read_text())
    result = run_py(errno_lines([("io_setup", "libc.syscall(206, 65536, ctypes.byref(ctypes.c_ulong(0)))")]))
    assert result.verdict == Verdict.OK, result
    assert result.stdout == "io_setup Operation not permitted\n"
    assert int(Path("/proc/sys/fs/aio-nr").read_text()) == before
    assert_host_untouched()


def test_no_pseudo_terminals():
    source = """
import os
print(os.path.exists('/dev/ptmx'), os.path.exists('/dev/pts'))
try:
    os.openpty()
    print('GOT A PTY')
except OSError as exc:
    print('refused', exc.strerror)
"""
    result = run_py(source)
    assert result.verdict == Verdict.OK, result
    assert result.stdout.startswith("False False\nrefused")
    assert_host_untouched()


def test_keyrings_are_refused():
    result = run_py(errno_lines([
        ("add_key", "libc.syscall(248, b'user', b'k', b'v', 1, -2)"),  # KEY_SPEC_PROCESS_KEYRING
        ("keyctl", "libc.syscall(250, 0, -1, 0)"),  # KEYCTL_GET_KEYRING_ID
    ]))
    assert result.verdict == Verdict.OK, result
    assert result.stdout == "add_key Operation not permitted\nkeyctl Operation not permitted\n"


def test_sysv_ipc_is_refused():
    result = run_py(errno_lines([
        ("shmget", "libc.shmget(0, 1 << 20, 0o1600)"),
        ("semget", "libc.semget(0, 8, 0o1600)"),
        ("msgget", "libc.msgget(0, 0o1600)"),
    ]))
    assert result.verdict == Verdict.OK, result
    assert result.stdout.count("Operation not permitted") == 3, result.stdout
    assert_host_untouched()


def test_posix_message_queues_are_refused():
    result = run_py(errno_lines([("mq_open", "libc.syscall(240, b'q', 0o100 | 2, 0o600, None)")]))
    assert result.verdict == Verdict.OK, result
    assert result.stdout == "mq_open Operation not permitted\n"


def test_memfd_is_bounded_by_the_file_size_limit():
    source = """
import os
fd = os.memfd_create('big')
try:
    os.ftruncate(fd, 1 << 30)
    print('GREW')
except OSError as exc:
    print('refused', exc.strerror)
written = 0
while written < (64 << 20):
    written += os.write(fd, b'x' * (1 << 20))
"""
    result = run_py(source, limits=Limits(file_size_bytes=16 << 20))
    assert result.verdict == Verdict.RUNTIME_ERROR, result
    assert result.stdout == "refused File too large\n"
    assert "File too large" in result.error_message
    assert_host_untouched()


def test_posix_shm_lives_in_the_capped_tmp():
    source = """
import os
print(os.path.realpath('/dev/shm'))
with open('/dev/shm/fill', 'wb') as handle:
    for _ in range(64):
        handle.write(b'x' * (1 << 20))
"""
    result = run_py(source, limits=Limits(tmpfs_bytes=8 << 20))
    assert result.verdict == Verdict.RUNTIME_ERROR, result
    assert result.stdout == "/tmp\n"
    assert "No space left on device" in result.error_message
    assert_host_untouched()


def test_pipes_cannot_grow_and_are_bounded_by_open_files():
    source = """
import fcntl, os
r, w = os.pipe()
try:
    fcntl.fcntl(w, 1031, 1 << 20)  # F_SETPIPE_SZ
    print('GREW')
except OSError as exc:
    print('refused', exc.strerror)
pipes = 1
try:
    while True:
        os.pipe()
        pipes += 1
except OSError as exc:
    print(pipes <= 32, exc.strerror)
"""
    result = run_py(source, limits=Limits(open_files=64))
    assert result.verdict == Verdict.OK, result
    assert result.stdout == "refused Operation not permitted\nTrue Too many open files\n"
    assert_host_untouched()


INOTIFY_WATCHER = errno_lines([
    ("inotify_init1", "libc.inotify_init1(0)"),
    ("inotify_init", "libc.inotify_init()"),
    ("fanotify_init", "libc.syscall(300, 0, 0)"),
])


def test_inotify_cannot_watch_a_neighbour_run():
    neighbour = "import json, decimal, fractions, statistics\nprint('neighbour done')\n"
    with ThreadPoolExecutor(2) as pool:
        watcher = pool.submit(run_py, INOTIFY_WATCHER)
        other = pool.submit(run_py, neighbour)
        watched, ran = watcher.result(), other.result()
    assert ran.verdict == Verdict.OK and ran.stdout == "neighbour done\n"
    assert watched.verdict == Verdict.OK, watched
    assert watched.stdout.count("Operation not permitted") == 3, watched.stdout
    assert_host_untouched()


def test_go_inotify_is_refused():
    source = go_main(
        """
	_, err := syscall.InotifyInit1(0)
	fmt.Println(err)""",
        ["fmt", "syscall"],
    )
    result = run_go(source)
    assert result.verdict == Verdict.OK, result
    assert result.stdout == "operation not permitted\n"
