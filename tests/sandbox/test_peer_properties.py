"""Properties a peer's suite (Open edX codejail's test_jail_code.py, run against our CLI) showed we
hold without a test of our own: one test each."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from sandbox import Limits, RunRequest, SourceRejected, Verdict, run

from .helpers import assert_host_untouched, go_main, run_go, run_py


def test_reading_an_endless_device_is_stopped():
    result = run_py("data = open('/dev/zero', 'rb').read()\nprint(len(data))\n")
    assert result.verdict == Verdict.MEMORY_LIMIT, result
    assert_host_untouched()


def test_a_real_interpreter_crash_is_contained():
    source = """
import types
def f():
    return 1
f.__code__ = f.__code__.replace(co_code=bytes([90, 200, 100, 255] * 8), co_consts=())
f()
"""
    result = run_py(source)
    assert result.verdict == Verdict.RUNTIME_ERROR, result
    assert result.signal == 11  # SIGSEGV, in the sandbox only
    assert_host_untouched()


def test_network_is_refused_by_host_name_outside_address_and_https():
    source = """
import socket, urllib.request
for label, attempt in (
    ('name', lambda: socket.getaddrinfo('example.com', 80)),
    ('address', lambda: socket.create_connection(('1.1.1.1', 80), timeout=2)),
    ('https', lambda: urllib.request.urlopen('https://example.com', timeout=2)),
):
    try:
        attempt()
        print(label, 'REACHED')
    except Exception as exc:
        print(label, 'refused')
"""
    result = run_py(source)
    assert result.verdict == Verdict.OK, result
    assert result.stdout == "name refused\naddress refused\nhttps refused\n"


def test_a_neighbour_runs_tmp_is_invisible_while_both_run():
    writer = "import time\nopen('/tmp/neighbour-secret', 'w').write('s')\ntime.sleep(1.5)\nprint('wrote')\n"
    reader = "import os, time\ntime.sleep(0.5)\nprint(os.listdir('/tmp'))\n"
    with ThreadPoolExecutor(2) as pool:
        wrote, read = pool.submit(run_py, writer), pool.submit(run_py, reader)
        wrote, read = wrote.result(), read.result()
    assert wrote.verdict == Verdict.OK and read.verdict == Verdict.OK, (wrote, read)
    assert read.stdout == "[]\n"
    assert_host_untouched()


def test_nothing_persists_between_runs():
    first = run_py("open('/tmp/left-behind', 'w').write('x')\nprint('written')\n")
    second = run_py("import os\nprint(os.path.exists('/tmp/left-behind'), os.listdir('/tmp'))\n")
    assert first.stdout == "written\n"
    assert second.stdout == "False []\n"


def test_the_program_cannot_overwrite_its_own_source_or_binary():
    result = run_py("try:\n    open('/box/main.py', 'w')\n    print('OVERWROTE')\n"
                    "except OSError as exc:\n    print(exc.strerror)\n")
    assert result.verdict == Verdict.OK and "OVERWROTE" not in result.stdout, result
    go = run_go(go_main('\tfmt.Println(os.WriteFile("/box/prog", []byte("x"), 0o755) != nil)', ["fmt", "os"]))
    assert go.verdict == Verdict.OK and go.stdout == "true\n", go


def test_tmp_is_bounded_against_many_small_files():
    source = """
import os
count = 0
try:
    while True:
        open(f'/tmp/{count}', 'w').close()
        count += 1
except OSError as exc:
    print('stopped', exc.strerror)
"""
    result = run_py(source, limits=Limits(memory_bytes=64 << 20, wall_time_s=20, cpu_time_s=5))
    assert result.verdict in (Verdict.OK, Verdict.MEMORY_LIMIT, Verdict.TIME_LIMIT), result
    assert_host_untouched()


def test_large_stderr_does_not_fail_the_run():
    result = run_py("import sys\nsys.stderr.write('e' * (1 << 20))\nprint('done')\n")
    assert result.verdict == Verdict.OK, result
    assert result.stdout == "done\n" and result.stderr_truncated


def test_stdin_is_capped_and_passed_byte_for_byte():
    data = "a\r\nb\rc\x00\u00e9\n"
    echoed = run_py("import sys\nsys.stdout.buffer.write(sys.stdin.buffer.read())\n", stdin=data)
    assert echoed.verdict == Verdict.OK and echoed.stdout == data, echoed
    with pytest.raises(SourceRejected, match="stdin is larger"):
        run(RunRequest(language="python", source="pass", stdin="x" * (1024 * 1024 + 1)))


def test_a_fork_bomb_that_swallows_its_errors_ends_time_limit():
    source = "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n"
    result = run_py(source, limits=Limits(memory_bytes=1024 << 20, wall_time_s=3, cpu_time_s=1))
    assert result.verdict == Verdict.TIME_LIMIT, result
    assert_host_untouched()


# --- one behaviour class each of the peers' suites (codejail, the Go Playground, Piston, DMOJ),
# --- with our own programs, where the tests above and test_attacks.py had none -------------------


def test_the_clock_is_the_hosts_and_advances_in_both_languages():
    import time

    python = run_py("import time\nstart = time.monotonic()\ntime.sleep(0.2)\n"
                    "print(int(time.time()), time.monotonic() - start >= 0.2)\n")
    assert python.verdict == Verdict.OK, python
    now, advanced = python.stdout.split()
    assert abs(int(now) - time.time()) < 60 and advanced == "True"
    go = run_go(go_main("\tstart := time.Now()\n\ttime.Sleep(200 * time.Millisecond)\n"
                        "\tfmt.Println(start.Unix(), time.Since(start) >= 200*time.Millisecond)", ["fmt", "time"]))
    assert go.verdict == Verdict.OK, go
    now, advanced = go.stdout.split()
    assert abs(int(now) - time.time()) < 60 and advanced == "true"


def test_a_sleep_within_the_limits_completes_and_is_not_cpu_time():
    result = run_py("import time\ntime.sleep(1)\nprint('rested')\n", limits=Limits(cpu_time_s=0.5, wall_time_s=5))
    assert (result.verdict, result.stdout) == (Verdict.OK, "rested\n"), result
    assert result.wall_time_s >= 1 and result.cpu_time_s < 0.5
    go = run_go(go_main("\ttime.Sleep(time.Second)\n\tfmt.Println(\"rested\")", ["fmt", "time"]),
                limits=Limits(cpu_time_s=0.5, wall_time_s=5))
    assert (go.verdict, go.stdout) == (Verdict.OK, "rested\n"), go


def test_a_python_deadlock_ends_at_the_wall_time_limit():
    source = "import threading\nlock = threading.Lock()\nlock.acquire()\nprint('locked', flush=True)\nlock.acquire()\n"
    result = run_py(source, limits=Limits(wall_time_s=1))
    assert (result.verdict, result.limit, result.stdout) == (Verdict.TIME_LIMIT, "wall_time_s", "locked\n"), result
    assert_host_untouched()


def test_a_go_mutex_deadlock_is_a_runtime_error_saying_so():
    source = go_main("\tvar mu sync.Mutex\n\tmu.Lock()\n\tmu.Lock()", ["sync"])
    result = run_go(source)
    assert result.verdict == Verdict.RUNTIME_ERROR, result
    assert "all goroutines are asleep - deadlock!" in result.error_message


def test_output_just_under_the_limit_arrives_whole():
    size = Limits().output_bytes - 1
    python = run_py(f"import sys\nsys.stdout.write('p' * {size})\n")
    assert (python.verdict, len(python.stdout), python.stdout_truncated) == (Verdict.OK, size, False), python
    go = run_go(go_main(f'\tos.Stdout.WriteString(strings.Repeat("g", {size}))', ["os", "strings"]))
    assert (go.verdict, len(go.stdout), go.stdout_truncated) == (Verdict.OK, size, False), go


def test_exit_codes_are_passed_on_in_both_languages():
    go = run_go(go_main('\tfmt.Println("leaving")\n\tos.Exit(3)', ["fmt", "os"]))
    assert (go.verdict, go.exit_code, go.stdout, go.signal) == (Verdict.RUNTIME_ERROR, 3, "leaving\n", None), go
    message = run_py("import sys\nsys.exit('bad input')\n")
    assert (message.verdict, message.exit_code, message.stderr) == (Verdict.RUNTIME_ERROR, 1, "bad input\n")
    zero = run_py("import sys\nprint('fine')\nsys.exit(0)\n")
    assert (zero.verdict, zero.exit_code) == (Verdict.OK, 0)


def test_go_writing_past_the_file_size_limit_fails_the_write():
    source = go_main('\terr := os.WriteFile("/tmp/big", make([]byte, 2<<20), 0o644)\n\tif err != nil {\n'
                     '\t\tpanic(err)\n\t}', ["os"])
    result = run_go(source, limits=Limits(file_size_bytes=1 << 20))
    assert result.verdict == Verdict.RUNTIME_ERROR, result
    assert "file too large" in result.error_message
    assert (result.limit, result.limit_value) == ("file_size_bytes", 1 << 20)


def test_go_network_is_refused_by_name_and_by_address():
    source = go_main("""
	if _, err := net.LookupHost("example.com"); err != nil {
		fmt.Println("name refused")
	}
	if _, err := net.DialTimeout("tcp", "1.1.1.1:80", 2*time.Second); err != nil {
		fmt.Println("address refused")
	}""", ["fmt", "net", "time"])
    result = run_go(source)
    assert (result.verdict, result.stdout) == (Verdict.OK, "name refused\naddress refused\n"), result


UNICODE_TEXT = "héllo wörld — 你好 — 🙂"


def test_unicode_source_identifiers_and_output_pass_through():
    python = run_py(f"größe = 3\nprint({UNICODE_TEXT!r}, größe)\n")
    assert (python.verdict, python.stdout) == (Verdict.OK, f"{UNICODE_TEXT} 3\n"), python
    go = run_go(go_main(f'\tgröße := 3\n\tfmt.Println("{UNICODE_TEXT}", größe)', ["fmt"]))
    assert (go.verdict, go.stdout) == (Verdict.OK, f"{UNICODE_TEXT} 3\n"), go
    stdin = run_py("print(input()[::-1])\n", stdin="αβγ\n")
    assert stdin.stdout == "γβα\n"


def test_output_that_is_not_utf8_is_shown_with_replacement_characters():
    result = run_py("import sys\nsys.stdout.buffer.write(b'ok \\xff\\xfe end\\n')\n")
    assert (result.verdict, result.stdout) == (Verdict.OK, "ok \ufffd\ufffd end\n"), result


def test_go_cannot_read_host_files():
    source = go_main("""
	for _, path := range []string{"/etc/passwd", "/etc/shadow", "/root", "/home", "/proc/1/environ"} {
		_, err := os.ReadFile(path)
		fmt.Println(path, err != nil)
	}""", ["fmt", "os"])
    result = run_go(source)
    assert result.verdict == Verdict.OK, result
    assert result.stdout.split() == ["/etc/passwd", "true", "/etc/shadow", "true", "/root", "true", "/home", "true",
                                     "/proc/1/environ", "true"]


def test_python_is_killed_at_the_wall_time_limit_in_a_busy_thread_too():
    source = "import threading\ndef spin():\n    while True:\n        pass\nthreading.Thread(target=spin).start()\n"
    result = run_py(source, limits=Limits(cpu_time_s=60, wall_time_s=1))
    assert (result.verdict, result.limit) == (Verdict.TIME_LIMIT, "wall_time_s"), result
    assert result.wall_time_s < 3
    assert_host_untouched()
