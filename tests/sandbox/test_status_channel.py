"""A run's status comes from the sandbox's init over a pipe only the worker reads: nothing the
program prints, writes or reaches inside decides its verdict (findings 5, 6 and 8 of issue 15)."""

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from sandbox import Limits, Verdict

from .helpers import assert_host_untouched, go_main, is_child_subreaper, new_children, run_go, run_py

PIDFD_OPEN, PIDFD_GETFD = 434, 438

FORGE_THROUGH_PID_1 = f"""
import ctypes, os, struct
libc = ctypes.CDLL(None, use_errno=True)
for path, flags in (('/proc/1/mem', os.O_RDWR), ('/proc/1/fd', os.O_RDONLY), ('/proc/1/environ', os.O_RDONLY)):
    try:
        os.close(os.open(path, flags))
        print('OPENED', path)
    except OSError as exc:
        print('denied', path, exc.strerror)
pidfd = libc.syscall({PIDFD_OPEN}, 1, 0)
print('pidfd', pidfd >= 0)
stolen = 0
for target in range(64):
    fd = libc.syscall({PIDFD_GETFD}, pidfd, target, 0)
    if fd >= 0:
        stolen += 1
        try:
            os.write(fd, struct.pack('=Q', 1))  # bwrap's eventfd: 'exit status 0'
        except OSError:
            pass
print('stolen', stolen, os.strerror(ctypes.get_errno()))
raise SystemExit('crashing after the forgery')
"""


def test_pid_1_is_out_of_reach_and_a_crash_stays_a_crash():
    result = run_py(FORGE_THROUGH_PID_1)
    assert result.verdict == Verdict.RUNTIME_ERROR, result
    assert "OPENED" not in result.stdout
    assert result.stdout.count("denied /proc/1/") == 3
    assert "stolen 0 Operation not permitted" in result.stdout
    assert_host_untouched()


def test_go_program_cannot_take_pid_1_descriptors():
    source = go_main(
        """
	pidfd, _, errno := syscall.Syscall(434, 1, 0, 0)
	if errno != 0 {
		fmt.Println("pidfd_open", errno)
	}
	_, _, errno = syscall.Syscall(438, pidfd, 3, 0)
	fmt.Println("pidfd_getfd", errno)
	_, err := os.OpenFile("/proc/1/mem", os.O_RDWR, 0)
	fmt.Println(err != nil)
	panic("crash")""",
        ["fmt", "os", "syscall"],
    )
    result = run_go(source)
    assert result.verdict == Verdict.RUNTIME_ERROR, result
    assert "pidfd_getfd operation not permitted\ntrue\n" in result.stdout
    assert_host_untouched()


def test_printed_compile_error_marker_is_a_runtime_error():
    source = (
        "import os, sys\n"
        "sys.stderr.write('\\x00sandbox:compile-error\\nSyntaxError: forged\\n')\n"
        "sys.stderr.flush()\n"
        "os._exit(97)\n"
    )
    result = run_py(source)
    assert result.verdict == Verdict.RUNTIME_ERROR, result
    assert result.compile_output == ""
    assert_host_untouched()


def test_report_channel_is_closed_before_the_program_runs():
    source = "import os\nprint(sorted(int(fd) for fd in os.listdir('/proc/self/fd')))\n"
    result = run_py(source)
    assert result.verdict == Verdict.OK, result
    assert result.stdout == "[0, 1, 2, 3]\n"  # 3 is listdir's own descriptor


def test_real_syntax_error_is_still_a_compile_error():
    result = run_py("print(1\n")
    assert result.verdict == Verdict.COMPILE_ERROR, result
    assert "was never closed" in result.compile_output
    assert result.stderr == ""


def test_program_exiting_with_shell_signal_code_is_not_a_signal():
    result = run_py("raise SystemExit(137)")
    assert result.verdict == Verdict.RUNTIME_ERROR, result
    assert (result.exit_code, result.signal) == (137, None)


def test_no_zombie_is_left_after_normal_and_killed_runs():
    assert run_py("print('x')").verdict == Verdict.OK
    assert run_py("import time\ntime.sleep(60)", limits=Limits(wall_time_s=0.5)).verdict == Verdict.TIME_LIMIT
    assert run_go(go_main('\tfmt.Println("x")', ["fmt"])).verdict == Verdict.OK
    assert is_child_subreaper()  # so what bwrap leaves comes here, not to the host's PID 1
    assert new_children() == []


def test_a_fresh_worker_process_reaps_what_its_runs_leave():
    """As the compose worker does (it is PID 1 there): a process that runs sandboxes ends with no zombie."""
    script = (
        "import psutil, sandbox\n"
        "from sandbox import Limits, RunRequest\n"
        "for limits in (Limits(), Limits(wall_time_s=0.3)):\n"
        "    sandbox.run(RunRequest(language='python', source='import time; time.sleep(5)', limits=limits))\n"
        "    sandbox.run(RunRequest(language='python', source='print(1)', limits=limits))\n"
        "sandbox.pool.current().clear()\n"  # the prepared sandboxes waiting for runs go too
        "print(len(psutil.Process().children(recursive=True)))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert out.stdout == "0\n", out.stderr
    assert new_children() == []


def test_program_killed_from_outside_is_internal_error_not_runtime_error():
    import psutil

    marker = f"# victim {os.getpid()}-{threading.get_ident()}"
    result_box = {}
    victim_source = f"import time\ntime.sleep(30)\n{marker}\n"
    thread = threading.Thread(target=lambda: result_box.setdefault("result", run_py(victim_source)))
    thread.start()
    victim = None
    while victim is None and thread.is_alive():
        for proc in psutil.Process().children(recursive=True):
            try:
                # The learner's program (pid 2 of its sandbox): the one whose /box holds this source,
                # not a prepared sandbox's interpreter waiting for a run.
                if (proc.name().startswith("python") and proc.parent().name() == ".init"
                        and marker in Path(f"/proc/{proc.pid}/root/box/main.py").read_text()):
                    victim = proc
            except (psutil.Error, OSError):
                continue
    victim.send_signal(signal.SIGKILL)
    thread.join()
    result = result_box["result"]
    assert result.verdict == Verdict.INTERNAL_ERROR, result
    assert result.internal_cause == "killed_externally"
    assert "killed" in result.message and "service" in result.message
    assert_host_untouched()


def test_a_forked_worker_process_is_a_subreaper_too():
    """Celery's pool processes are forked after the main process ran the canary; the flag is not inherited."""
    import multiprocessing

    assert run_py("print(1)").verdict == Verdict.OK  # this process has run a sandbox
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=lambda: queue.put((run_py("print(2)").stdout, is_child_subreaper())))
    child.start()
    outcome = queue.get(timeout=60)
    child.join()
    assert outcome == ("2\n", True)
