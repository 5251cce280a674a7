"""Each verdict carries its facts (how the run ended, the limit that ended it and its value, the
language's word for a crash), so that no caller reads the English message to learn why."""

import signal
import uuid

from sandbox import Failure, Limits, RunResult, Verdict, pool
from sandbox.isolation import Outcome

from .helpers import go_main, run_go, run_py


def facts(result):
    return result.failure, result.limit, result.limit_value, result.crash_word


def test_a_clean_run_has_no_failure_and_no_limit():
    result = run_py("print('hi')", expected_output="hi\n")
    assert result.verdict == Verdict.ACCEPTED
    assert facts(result) == ("", "", 0, "")
    assert result.failure is Failure.NONE


def test_ok_without_expected_output_has_no_failure():
    result = run_py("print('hi')")
    assert result.verdict == Verdict.OK
    assert facts(result) == (Failure.NONE, "", 0, "")


def test_a_wrong_answer_that_exited_cleanly_has_no_failure():
    result = run_py("print(1)", expected_output="2\n")
    assert result.verdict == Verdict.WRONG_ANSWER
    assert facts(result) == (Failure.NONE, "", 0, "")


def test_an_uncaught_python_exception_is_a_crash_called_exception():
    result = run_py("raise ValueError('x')")
    assert result.verdict == Verdict.RUNTIME_ERROR
    assert facts(result) == (Failure.CRASH, "", 0, "exception")


def test_a_go_panic_is_a_crash_called_panic():
    result = run_go(go_main('\tpanic("boom")'))
    assert result.verdict == Verdict.RUNTIME_ERROR
    assert facts(result) == (Failure.CRASH, "", 0, "panic")


def test_an_expected_panic_is_accepted_and_still_a_crash():
    from sandbox import CheckerSpec

    result = run_go(go_main('\tpanic("boom")'), checker=CheckerSpec("panic", "boom"))
    assert result.verdict == Verdict.ACCEPTED
    assert facts(result) == (Failure.CRASH, "", 0, "panic")


def test_a_non_zero_exit_is_an_exit_status_failure():
    result = run_py("import sys\nsys.exit(3)")
    assert result.verdict == Verdict.RUNTIME_ERROR
    assert facts(result) == (Failure.EXIT_STATUS, "", 0, "")


def test_a_signal_is_a_signal_failure():
    result = run_py("import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)")
    assert result.verdict == Verdict.RUNTIME_ERROR
    assert facts(result) == (Failure.SIGNAL, "", 0, "")


def test_compile_errors_in_both_languages_are_compile_failures():
    for result in (run_py("def f(:\n"), run_go("package main\nfunc main() { x := 1 }\n")):
        assert result.verdict == Verdict.COMPILE_ERROR
        assert facts(result) == (Failure.COMPILE, "", 0, "")


def test_cpu_time_names_its_limit_and_value():
    result = run_py("while True:\n    pass", limits=Limits(cpu_time_s=0.5))
    assert result.verdict == Verdict.TIME_LIMIT
    assert facts(result) == (Failure.LIMIT, "cpu_time_s", 0.5, "")


def test_wall_time_names_its_limit_and_value():
    result = run_py("import time\ntime.sleep(30)", limits=Limits(wall_time_s=0.5))
    assert result.verdict == Verdict.TIME_LIMIT
    assert facts(result) == (Failure.LIMIT, "wall_time_s", 0.5, "")


def test_memory_names_its_limit_and_value_in_bytes():
    result = run_py("x = bytearray(100 << 20)", limits=Limits(memory_bytes=64 << 20))
    assert result.verdict == Verdict.MEMORY_LIMIT
    assert facts(result) == (Failure.LIMIT, "memory_bytes", 64 << 20, "")


def test_output_names_its_limit_and_value_in_bytes():
    result = run_py("print('a' * 5000)", limits=Limits(output_bytes=1000))
    assert result.verdict == Verdict.OUTPUT_LIMIT
    assert facts(result) == (Failure.LIMIT, "output_bytes", 1000, "")


def test_the_file_size_limit_is_named_when_a_write_passes_it():
    source = "with open('/tmp/big', 'wb') as f:\n    f.write(b'z' * (2 << 20))\n"
    result = run_py(source, limits=Limits(file_size_bytes=1 << 20))
    assert result.verdict == Verdict.RUNTIME_ERROR, result
    assert facts(result) == (Failure.LIMIT, "file_size_bytes", 1 << 20, "")


def test_the_process_limit_is_named_when_a_fork_bomb_reaches_it():
    result = run_py("import os\nwhile True:\n    os.fork()\n", limits=Limits(memory_bytes=1024 << 20, processes=16))
    assert result.verdict == Verdict.RUNTIME_ERROR, result
    assert facts(result) == (Failure.LIMIT, "processes", 16, "")


def test_a_fork_bomb_that_failed_is_named_by_the_process_limit_though_its_children_ran_out_of_time(monkeypatch):
    # The program failed a fork and exited; the processes it left went on forking until the teardown
    # and took the group's CPU past the limit. How far past depends on the machine's load.
    bomb = Outcome(exit_code=1, pids_limit_hit=True, cpu_exceeded=True, cpu_time_s=2.1,
                   stderr=b"BlockingIOError: [Errno 11] Resource temporarily unavailable\n")
    monkeypatch.setattr(pool, "execute", lambda step: bomb)
    result = run_py("import os\nwhile True:\n    os.fork()\n", limits=Limits(processes=16))
    assert result.verdict == Verdict.RUNTIME_ERROR, result
    assert facts(result) == (Failure.LIMIT, "processes", 16, "")
    assert "process/thread limit (16) reached" in result.message


def test_a_fork_bomb_still_running_when_its_time_ran_out_is_named_by_the_time_limit(monkeypatch):
    bomb = Outcome(signal=signal.SIGKILL, pids_limit_hit=True, cpu_exceeded=True, cpu_time_s=2.1)
    monkeypatch.setattr(pool, "execute", lambda step: bomb)
    result = run_py("import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n",
                    limits=Limits(processes=16, cpu_time_s=2))
    assert result.verdict == Verdict.TIME_LIMIT, result
    assert facts(result) == (Failure.LIMIT, "cpu_time_s", 2, "")


def test_a_build_limit_names_the_build_field():
    source = go_main(f'\tprintln("{uuid.uuid4()}")')  # never built before: no cached binary
    result = run_go(source, limits=Limits(build_wall_time_s=0.001))
    assert result.verdict == Verdict.COMPILE_ERROR, result
    assert facts(result) == (Failure.LIMIT, "build_wall_time_s", 0.001, "")


def test_a_sandbox_started_for_its_run_spends_none_of_the_runs_time_getting_ready(monkeypatch):
    """Pool off: each run starts its own sandbox. The run's clock starts once it is set up, so a tiny
    budget is the program's limit (as with a pooled sandbox), never 'the sandbox did not start'."""
    monkeypatch.setenv("SANDBOX_POOL_SIZE", "0")
    for _ in range(3):
        result = run_go(go_main(f'\tprintln("{uuid.uuid4()}")'), limits=Limits(build_wall_time_s=0.001))
        assert facts(result) == (Failure.LIMIT, "build_wall_time_s", 0.001, ""), result
    result = run_py("print('hi')", limits=Limits(wall_time_s=0.001))
    assert (result.failure, result.limit) == (Failure.LIMIT, "wall_time_s"), result


def test_an_internal_error_is_an_internal_failure(monkeypatch):
    monkeypatch.setenv("SANDBOX_PYTHON", "/nonexistent/python3")
    result = run_py("print('hi')")
    assert result.verdict == Verdict.INTERNAL_ERROR
    assert result.failure == Failure.INTERNAL and result.limit == ""


def test_the_facts_survive_json_and_old_results_still_load():
    result = run_py("while True:\n    pass", limits=Limits(cpu_time_s=0.5))
    data = result.to_dict()
    assert data["failure"] == "limit" and type(data["failure"]) is str
    assert RunResult.from_dict(data) == result
    old = {"verdict": "RUNTIME_ERROR", "message": "exit code 3", "exit_code": 3}
    restored = RunResult.from_dict(old)
    assert facts(restored) == ("", "", 0, "")
    assert restored.failure is Failure.NONE
