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
    result = run_py("try:\n    open('/box/main.py', 'w')\n    print('OVERWROTE')\nexcept OSError as exc:\n    print(exc.strerror)\n")
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
