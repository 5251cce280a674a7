"""Hostile programs. Each asserts the exact verdict and that the host is untouched
(no leftover cgroup or process, and the next normal run succeeds)."""

import os
import socket
import uuid
from pathlib import Path

import pytest

from sandbox import Limits, RunRequest, SourceRejected, Verdict, run

from .helpers import FORK_BOMB_ROOM, assert_host_untouched, go_main, run_go, run_py

REPO = Path(__file__).resolve().parents[2]
FAST = Limits(cpu_time_s=1, wall_time_s=20)  # generous wall: CPU must be what trips


# --- processes -------------------------------------------------------------------------


def test_python_fork_bomb():
    result = run_py("import os\nwhile True:\n    os.fork()\n", limits=FORK_BOMB_ROOM)
    assert result.verdict == Verdict.RUNTIME_ERROR, result
    assert "process/thread limit" in result.message
    assert_host_untouched()


def test_go_exec_fork_bomb(go_toolchain):
    source = go_main(
        """
	for {
		cmd := exec.Command("/proc/self/exe")
		if err := cmd.Start(); err != nil {
			panic(err)
		}
	}""",
        ["os/exec"],
    )
    result = run_go(source, toolchain=go_toolchain)
    assert result.verdict == Verdict.RUNTIME_ERROR, result
    assert "process/thread limit" in result.message
    assert_host_untouched()


def test_python_double_forked_daemon_does_not_survive():
    marker = f"sandbox-daemon-{uuid.uuid4().hex}"
    source = f"""
import os, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv('/usr/bin/python3', ['python3', '-c', 'import time; time.sleep(60)', {marker!r}])
    os._exit(0)
time.sleep(0.2)
print('parent done')
"""
    result = run_py(source)
    assert result.verdict == Verdict.OK, result
    assert_host_untouched(marker=marker)


def test_python_ten_thousand_threads():
    source = """
import threading, time
threads = [threading.Thread(target=time.sleep, args=(30,), daemon=True) for _ in range(10000)]
for t in threads:
    t.start()
print('all started')
"""
    result = run_py(source)
    assert result.verdict == Verdict.RUNTIME_ERROR, result
    assert "can't start new thread" in result.error_message
    assert "process/thread limit" in result.message
    assert_host_untouched()


def test_go_ten_thousand_threads():
    source = go_main(
        """
	for i := 0; i < 10000; i++ {
		go func() {
			runtime.LockOSThread()
			time.Sleep(time.Hour)
		}()
	}
	time.Sleep(2 * time.Second)
	fmt.Println("all started")""",
        ["fmt", "runtime", "time"],
    )
    result = run_go(source)
    assert result.verdict == Verdict.RUNTIME_ERROR, result
    assert "process/thread limit" in result.message
    assert_host_untouched()


# --- cpu, wall, memory, output, disk ---------------------------------------------------


def test_python_memory_bomb():
    result = run_py("blocks = []\nwhile True:\n    blocks.append(bytearray(16 << 20))\n")
    assert result.verdict == Verdict.MEMORY_LIMIT, result
    assert_host_untouched()


def test_go_memory_bomb(go_toolchain):
    source = go_main(
        """
	var blocks [][]byte
	for {
		b := make([]byte, 16<<20)
		for i := range b {
			b[i] = 1
		}
		blocks = append(blocks, b)
	}""",
    )
    result = run_go(source, toolchain=go_toolchain)
    assert result.verdict == Verdict.MEMORY_LIMIT, result
    assert_host_untouched()


def test_go_cpu_loop_in_many_goroutines():
    source = go_main(
        """
	for i := 0; i < 64; i++ {
		go func() {
			for {
			}
		}()
	}
	select {}""",
    )
    result = run_go(source, limits=FAST)
    assert result.verdict == Verdict.TIME_LIMIT, result
    assert "CPU" in result.message
    assert_host_untouched()


def test_python_sleep_forever():
    result = run_py("import time\ntime.sleep(10**6)\n", limits=Limits(wall_time_s=1))
    assert result.verdict == Verdict.TIME_LIMIT, result
    assert "wall" in result.message
    assert_host_untouched()


def test_go_sleep_forever():
    source = go_main("\ttime.Sleep(1000 * time.Hour)", ["time"])
    result = run_go(source, limits=Limits(wall_time_s=1))
    assert result.verdict == Verdict.TIME_LIMIT, result
    assert_host_untouched()


def test_python_gigabyte_to_stdout():
    source = "import sys\nchunk = 'x' * (1 << 20)\nfor _ in range(1024):\n    sys.stdout.write(chunk)\n"
    result = run_py(source)
    assert result.verdict == Verdict.OUTPUT_LIMIT, result
    assert result.stdout_truncated
    assert result.stdout.startswith("x" * 1000)
    assert "output truncated" in result.stdout
    assert len(result.stdout) < 70 * 1024
    assert_host_untouched()


def test_go_gigabyte_to_stdout(go_toolchain):
    source = go_main(
        """
	chunk := strings.Repeat("y", 1<<20)
	for i := 0; i < 1024; i++ {
		os.Stdout.WriteString(chunk)
	}""",
        ["os", "strings"],
    )
    result = run_go(source, toolchain=go_toolchain)
    assert result.verdict == Verdict.OUTPUT_LIMIT, result
    assert result.stdout_truncated
    assert_host_untouched()


def test_python_fill_tmp():
    source = """
import os
i = 0
while True:
    with open(f'/tmp/fill{i}', 'wb') as f:
        f.write(b'z' * (1 << 20))
    i += 1
"""
    result = run_py(source)
    assert result.verdict == Verdict.RUNTIME_ERROR, result
    assert "No space left on device" in result.error_message
    assert_host_untouched()


def test_python_file_size_limit():
    source = "with open('/tmp/big', 'wb') as f:\n    f.write(b'z' * (64 << 20))\n"
    result = run_py(source, limits=Limits(tmpfs_bytes=128 << 20, memory_bytes=512 << 20))
    assert result.verdict == Verdict.RUNTIME_ERROR, result
    assert "File too large" in result.error_message
    assert_host_untouched()


def test_python_too_many_open_files():
    result = run_py("files = [open('/tmp/f%d' % i, 'w') for i in range(1000)]\n")
    assert result.verdict == Verdict.RUNTIME_ERROR, result
    assert "Too many open files" in result.error_message
    assert_host_untouched()


# --- filesystem ------------------------------------------------------------------------


def test_python_write_outside_tmp():
    source = """
for path in ['/outside', '/usr/evil', '/box/evil', '/etc/evil', '/proc/evil', '/dev/evil']:
    try:
        open(path, 'w').write('x')
        print('WROTE', path)
    except OSError as exc:
        print('denied', path, type(exc).__name__)
"""
    result = run_py(source)
    assert result.verdict == Verdict.OK, result
    assert "WROTE" not in result.stdout
    assert result.stdout.count("denied") == 6
    assert not Path("/outside").exists() and not Path("/usr/evil").exists()
    assert_host_untouched()


def test_go_write_outside_tmp(go_toolchain):
    source = go_main(
        """
	for _, p := range []string{"/outside", "/box/evil", "/usr/evil"} {
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			fmt.Println("denied", p)
		} else {
			fmt.Println("WROTE", p)
		}
	}""",
        ["fmt", "os"],
    )
    result = run_go(source, toolchain=go_toolchain)
    assert result.verdict == Verdict.OK, result
    assert result.stdout.count("denied") == 3
    assert_host_untouched()


def test_python_read_etc_shadow():
    source = """
for path in ['/etc/shadow', '/etc/passwd', '/root/.bashrc']:
    try:
        print('READ', path, open(path).read()[:20])
    except OSError as exc:
        print('denied', path, type(exc).__name__)
"""
    result = run_py(source)
    assert result.verdict == Verdict.OK, result
    assert "READ" not in result.stdout
    assert_host_untouched()


def test_python_read_project_settings():
    settings = REPO / "quizapp" / "settings"
    source = f"""
import os
print(sorted(os.listdir('/')))
for path in [{str(REPO)!r}, {str(settings)!r}, {str(settings / '__init__.py')!r}, '/work']:
    print(path, os.path.exists(path))
"""
    result = run_py(source)
    assert result.verdict == Verdict.OK, result
    assert "True" not in result.stdout
    assert "work" not in result.stdout.splitlines()[0]
    assert_host_untouched()


def test_python_symlink_escape():
    source = f"""
import os
os.symlink('/proc/1/root/etc/shadow', '/tmp/a')
os.symlink({str(REPO / 'requirements.txt')!r}, '/tmp/b')
os.symlink('../../../../../../etc/shadow', '/tmp/c')
for name in 'abc':
    try:
        print('READ', open('/tmp/' + name).read()[:10])
    except OSError as exc:
        print('denied', name, type(exc).__name__)
"""
    result = run_py(source)
    assert result.verdict == Verdict.OK, result
    assert result.stdout.count("denied") == 3, result.stdout
    assert_host_untouched()


# --- secrets and host processes ----------------------------------------------------------


def test_python_cannot_see_worker_environment(monkeypatch):
    secret = f"planted-{uuid.uuid4().hex}"
    monkeypatch.setenv("SECRET_KEY", secret)
    source = """
import os, glob
print(dict(os.environ))
for path in glob.glob('/proc/*/environ'):
    try:
        print(open(path, 'rb').read())
    except OSError:
        pass
"""
    result = run_py(source)
    assert result.verdict == Verdict.OK, result
    assert secret not in result.stdout
    assert "SECRET_KEY" not in result.stdout
    assert_host_untouched()


def test_go_cannot_see_worker_environment(monkeypatch, go_toolchain):
    secret = f"planted-{uuid.uuid4().hex}"
    monkeypatch.setenv("SECRET_KEY", secret)
    result = run_go(go_main("\tfmt.Println(os.Environ())", ["fmt", "os"]), toolchain=go_toolchain)
    assert result.verdict == Verdict.OK, result
    assert secret not in result.stdout
    assert_host_untouched()


def test_python_proc_shows_no_host_process():
    source = f"""
import os, signal
pids = [int(p) for p in os.listdir('/proc') if p.isdigit()]
print(len(pids))
for pid in pids:
    print(open(f'/proc/{{pid}}/cmdline', 'rb').read())
try:
    os.kill({os.getpid()}, signal.SIGKILL)
    print('KILLED HOST')
except ProcessLookupError:
    print('no such process')
"""
    result = run_py(source)
    assert result.verdict == Verdict.OK, result
    assert int(result.stdout.splitlines()[0]) <= 3
    assert "pytest" not in result.stdout
    assert "no such process" in result.stdout
    assert_host_untouched()


def test_python_ptrace_is_blocked():
    source = """
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
rc = libc.ptrace(16, 1, 0, 0)  # PTRACE_ATTACH to pid 1
print(rc, os.strerror(ctypes.get_errno()))
rc = libc.ptrace(0, 0, 0, 0)  # PTRACE_TRACEME
print(rc, os.strerror(ctypes.get_errno()))
"""
    result = run_py(source)
    assert result.verdict == Verdict.OK, result
    assert result.stdout == "-1 Operation not permitted\n-1 Operation not permitted\n"
    assert_host_untouched()


def test_go_ptrace_is_blocked(go_toolchain):
    result = run_go(go_main("\tfmt.Println(syscall.PtraceAttach(1))", ["fmt", "syscall"]), toolchain=go_toolchain)
    assert result.verdict == Verdict.OK, result
    assert result.stdout == "operation not permitted\n"
    assert_host_untouched()


def test_python_namespace_and_mount_syscalls_are_blocked():
    source = """
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
print(libc.unshare(0x10000000), os.strerror(ctypes.get_errno()))  # CLONE_NEWUSER
print(libc.mount(b'none', b'/tmp', b'tmpfs', 0, None), os.strerror(ctypes.get_errno()))
"""
    result = run_py(source)
    assert result.verdict == Verdict.OK, result
    assert result.stdout == "-1 Operation not permitted\n-1 Operation not permitted\n"
    assert_host_untouched()


# --- network -----------------------------------------------------------------------------


@pytest.fixture
def host_listener():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    yield server
    server.close()


def _no_connection_arrived(server):
    try:
        server.accept()
    except BlockingIOError:
        return True
    return False


def test_python_cannot_reach_host_loopback_listener(host_listener):
    port = host_listener.getsockname()[1]
    source = f"""
import socket
try:
    socket.create_connection(('127.0.0.1', {port}), timeout=1)
    print('CONNECTED')
except OSError as exc:
    print('failed', type(exc).__name__)
"""
    result = run_py(source)
    assert result.verdict == Verdict.OK, result
    assert result.stdout.startswith("failed")
    assert _no_connection_arrived(host_listener)
    assert_host_untouched()


def test_go_cannot_reach_host_loopback_listener(host_listener, go_toolchain):
    port = host_listener.getsockname()[1]
    source = go_main(
        f"""
	_, err := net.DialTimeout("tcp", "127.0.0.1:{port}", time.Second)
	fmt.Println(err != nil)""",
        ["fmt", "net", "time"],
    )
    result = run_go(source, toolchain=go_toolchain)
    assert result.verdict == Verdict.OK, result
    assert result.stdout == "true\n"
    assert _no_connection_arrived(host_listener)
    assert_host_untouched()


def test_python_sees_only_loopback_and_no_route():
    source = """
import socket
devices = [line.split(':')[0].strip() for line in open('/proc/net/dev').read().splitlines()[2:]]
print(devices)
print(open('/proc/net/route').read().splitlines()[1:])
print(open('/proc/net/ipv6_route').read().splitlines() if __import__('os').path.exists('/proc/net/ipv6_route') else [])
try:
    print(socket.if_nameindex())
except OSError as exc:
    print('netlink refused', exc.errno)
"""
    result = run_py(source)
    assert result.verdict == Verdict.OK, result
    lines = result.stdout.splitlines()
    assert lines[0] == "['lo']"
    assert lines[1] == "[]"
    assert all(" lo" in route or "lo" in route.split()[-1:] for route in eval(lines[2]))  # noqa: S307
    assert lines[3] in ("[(1, 'lo')]",) or lines[3].startswith("netlink refused")
    assert_host_untouched()


def test_go_sees_only_loopback(go_toolchain):
    source = go_main(
        """
	ifaces, err := net.Interfaces()
	if err != nil {
		fmt.Println("refused")
		return
	}
	for _, i := range ifaces {
		fmt.Println(i.Name)
	}""",
        ["fmt", "net"],
    )
    result = run_go(source, toolchain=go_toolchain)
    assert result.verdict == Verdict.OK, result
    assert result.stdout in ("lo\n", "refused\n")
    assert_host_untouched()


# --- the build step and the request itself ------------------------------------------------


def test_go_compile_time_constant_bomb():
    lines = ['const s0 = "xxxxxxxxxxxxxxxx"'] + [f"const s{i} = s{i-1} + s{i-1}" for i in range(1, 40)]
    source = "package main\n" + "\n".join(lines) + "\nfunc main() { println(len(s39)) }\n"
    result = run_go(source, limits=Limits(build_cpu_time_s=5, build_wall_time_s=10, build_memory_bytes=512 << 20))
    assert result.verdict == Verdict.COMPILE_ERROR, result
    assert result.compile_output
    assert_host_untouched()


def test_go_generic_instantiation_blowup():
    source = """package main

type Box[T any] struct{ v T }

func grow[T any](n int, v T) int {
	if n == 0 {
		return 0
	}
	return grow[Box[T]](n-1, Box[T]{v})
}

func main() { println(grow(3, 1)) }
"""
    result = run_go(source, limits=Limits(build_cpu_time_s=5, build_wall_time_s=10, build_memory_bytes=512 << 20))
    assert result.verdict == Verdict.COMPILE_ERROR, result
    assert "instantiation cycle" in result.compile_output
    assert_host_untouched()


def test_source_larger_than_limit_is_rejected():
    with pytest.raises(SourceRejected, match="limit is 65536 bytes"):
        run(RunRequest(language="python", source="#" * (64 * 1024 + 1)))
    assert_host_untouched()


def test_invalid_utf8_source_is_rejected():
    with pytest.raises(SourceRejected, match="not valid UTF-8"):
        run(RunRequest(language="go", source=b"package main\nfunc main() { println(\"\xff\xfe\") }\n"))
    with pytest.raises(SourceRejected, match="not valid UTF-8"):
        run(RunRequest(language="python", source="print('\udcff')"))
    assert_host_untouched()
