"""Every verdict kind, end to end through the real sandbox."""

import json
import threading
import uuid

import pytest

import sandbox
from sandbox import CheckerSpec, Limits, RunRequest, RunResult, Verdict

from .helpers import go_main, run_go, run_py

HELLO_GO = go_main('\tfmt.Println("hello")', ["fmt"])


def test_ok_without_expected_output():
    result = run_py("print('hi')")
    assert result.verdict == Verdict.OK
    assert result.exit_code == 0 and result.signal is None
    assert result.memory_enforcement in ("cgroup_v1", "cgroup_v2", "rlimit")


def test_accepted_python_reads_stdin():
    result = run_py("n = int(input())\nprint(n * 2)", stdin="21\n", expected_output="42\n")
    assert result.verdict == Verdict.ACCEPTED
    assert result.diff == ""


def test_accepted_go():
    result = run_go(HELLO_GO, expected_output="hello")
    assert result.verdict == Verdict.ACCEPTED, result
    assert result.toolchain_version.startswith("go1.")


def test_wrong_answer_has_a_diff():
    result = run_py("print('1\\n2\\n4')", expected_output="1\n2\n3\n")
    assert result.verdict == Verdict.WRONG_ANSWER
    assert "-3" in result.diff and "+4" in result.diff


def test_compile_error_go():
    result = run_go("package main\nfunc main() { x := 1 }\n")
    assert result.verdict == Verdict.COMPILE_ERROR
    assert "declared and not used: x" in result.compile_output
    assert result.stdout == ""


def test_compile_error_python_syntax():
    result = run_py("def f(:\n    pass\n")
    assert result.verdict == Verdict.COMPILE_ERROR
    assert "SyntaxError" in result.compile_output
    assert result.stderr == ""


def test_runtime_error_python_exception_message():
    result = run_py("raise ValueError('bad input')")
    assert result.verdict == Verdict.RUNTIME_ERROR
    assert result.error_message == "ValueError: bad input"
    assert "<string>" not in result.stderr  # the bootstrap frame is hidden
    assert 'File "/box/main.py", line 1' in result.stderr
    assert result.exit_code == 1


def test_runtime_error_go_panic_message():
    result = run_go(go_main('\tpanic("boom")'))
    assert result.verdict == Verdict.RUNTIME_ERROR
    assert result.error_message == "panic: boom"
    assert result.exit_code == 2


def test_runtime_error_go_deadlock():
    result = run_go(go_main("\tselect {}"))
    assert result.verdict == Verdict.RUNTIME_ERROR
    assert "all goroutines are asleep" in result.error_message


def test_runtime_error_nonzero_exit():
    result = run_py("import sys\nprint('partial')\nsys.exit(3)")
    assert result.verdict == Verdict.RUNTIME_ERROR
    assert result.exit_code == 3
    assert result.stdout == "partial\n"
    assert result.message == "exit code 3"


def test_runtime_error_signal():
    result = run_py("import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)")
    assert result.verdict == Verdict.RUNTIME_ERROR
    assert result.signal == 11
    assert result.exit_code is None


def test_time_limit_cpu():
    result = run_py("while True:\n    pass", limits=Limits(cpu_time_s=0.5))
    assert result.verdict == Verdict.TIME_LIMIT
    assert result.cpu_time_s >= 0.5


def test_time_limit_wall():
    result = run_py("import time\ntime.sleep(30)", limits=Limits(wall_time_s=0.5))
    assert result.verdict == Verdict.TIME_LIMIT
    assert "wall" in result.message


def test_memory_limit_smaller_budget():
    result = run_py("x = bytearray(100 << 20)\nprint(len(x))", limits=Limits(memory_bytes=64 << 20))
    assert result.verdict == Verdict.MEMORY_LIMIT
    assert result.peak_memory_bytes > 0


def test_memory_within_budget_is_fine():
    result = run_py("x = bytearray(100 << 20)\nprint(len(x))", limits=Limits(memory_bytes=200 << 20))
    assert result.verdict == Verdict.OK
    assert result.peak_memory_bytes >= 100 << 20


def test_output_limit_marker():
    result = run_py("print('a' * 5000)", limits=Limits(output_bytes=1000))
    assert result.verdict == Verdict.OUTPUT_LIMIT
    assert result.stdout.startswith("a" * 1000)
    assert "[... output truncated at 1000 bytes]" in result.stdout


def test_internal_error_is_never_the_learners_fault(monkeypatch):
    monkeypatch.setenv("SANDBOX_PYTHON", "/nonexistent/python3")
    result = run_py("print('hi')")
    assert result.verdict == Verdict.INTERNAL_ERROR
    assert result.message


def test_go_binary_cache_hit():
    source = go_main('\tfmt.Println("cached?")', ["fmt"])
    run_go(source)
    result = run_go(source)
    assert result.verdict == Verdict.OK
    assert result.binary_cached
    assert result.compile_time_s == 0


def test_go_reads_stdin():
    source = go_main("\tvar a, b int\n\tfmt.Scan(&a, &b)\n\tfmt.Println(a + b)", ["fmt"])
    result = run_go(source, stdin="2 40\n", expected_output="42\n")
    assert result.verdict == Verdict.ACCEPTED


def test_concurrent_runs_are_independent():
    results = {}

    def worker(i):
        results[i] = run_py(f"print({i} * 2)", expected_output=f"{i * 2}\n")

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r.verdict == Verdict.ACCEPTED for r in results.values()), results


def test_result_round_trips_through_json():
    result = run_py("print('x')")
    restored = RunResult.from_dict(json.loads(json.dumps(result.to_dict())))
    assert restored == result
    assert isinstance(restored.verdict, Verdict)


def test_request_round_trips_and_cache_key():
    request = RunRequest("go", HELLO_GO, "in", Limits(cpu_time_s=1), "hello\n", CheckerSpec("regex", "h.*"))
    assert RunRequest.from_dict(json.loads(json.dumps(request.to_dict()))) == request
    key = sandbox.cache_key(request)
    assert key == sandbox.cache_key(RunRequest.from_dict(request.to_dict()))
    assert key != sandbox.cache_key(RunRequest("go", HELLO_GO + "\n", "in", Limits(cpu_time_s=1), "hello\n",
                                               CheckerSpec("regex", "h.*")))
    assert key != sandbox.cache_key(RunRequest("go", HELLO_GO, "in", Limits(cpu_time_s=2), "hello\n",
                                               CheckerSpec("regex", "h.*")))


def test_toolchain_versions():
    versions = sandbox.toolchain_versions()
    assert versions["go"].startswith("go1.")
    assert versions["python"].startswith("Python 3.")


@pytest.mark.parametrize("language,source,mib", [
    ("python", "print(1)", 1), ("python", "print(1)", 3), ("go", go_main("\tprintln(1)"), 1)])
def test_a_memory_limit_too_small_for_the_runtime_to_start_is_memory_limit(language, source, mib):
    from .helpers import run

    result = run(language, source, limits=Limits(memory_bytes=mib << 20))
    assert result.verdict == Verdict.MEMORY_LIMIT, result
    assert (result.limit, result.limit_value) == ("memory_bytes", mib << 20)
    assert f"({mib} MiB)" in result.message


def test_a_build_memory_limit_too_small_for_the_compiler_is_the_builds_limit():
    source = go_main('\tprintln("tiny build")') + f"// {uuid.uuid4().hex}\n"
    result = run_go(source, limits=Limits(build_memory_bytes=1 << 20))
    assert result.verdict == Verdict.COMPILE_ERROR, result
    assert (result.limit, result.limit_value) == ("build_memory_bytes", 1 << 20)
