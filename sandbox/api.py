"""Public entry points: run(), warm(), toolchain_versions(), cache_key(), validate()."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import signal
from pathlib import Path
from typing import Union

from . import cgroups, checkers, languages, launcher, pool
from .isolation import Outcome
from .prepared import new_run_dir, reap_adopted, runs_dir
from .languages import CompileFailed, Language, Prepared
from .languages.base import Formatted
from .models import Failure, MiB, RunRequest, RunResult, SourceRejected, Verdict

log = logging.getLogger(__name__)

TRUNCATION_MARKER = "\n[... output truncated at {limit} bytes]\n"


def validate(request: RunRequest) -> bytes:
    """Return the source as UTF-8 bytes, or raise SourceRejected before anything runs."""
    source: Union[str, bytes] = request.source
    if isinstance(source, bytes):
        if len(source) > request.limits.source_bytes:
            raise SourceRejected(_too_large(len(source), request.limits.source_bytes))
        try:
            source.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise SourceRejected(f"source is not valid UTF-8 (bad byte at offset {exc.start})") from None
        encoded = source
    else:
        try:
            encoded = source.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise SourceRejected(f"source is not valid UTF-8 (unpaired surrogate at character {exc.start})") from None
        if len(encoded) > request.limits.source_bytes:
            raise SourceRejected(_too_large(len(encoded), request.limits.source_bytes))
    if len(request.stdin_bytes()) > request.limits.stdin_bytes:
        raise SourceRejected(f"stdin is larger than the {request.limits.stdin_bytes}-byte limit")
    try:
        language = languages.get(request.language)
    except KeyError as exc:
        raise SourceRejected(str(exc.args[0])) from None
    if request.toolchain and request.toolchain not in language.toolchain_ids():
        raise SourceRejected(f"unknown {language.name} toolchain {request.toolchain!r}; "
                             f"available: {', '.join(language.toolchain_ids())}")
    return encoded


def _too_large(size: int, limit: int) -> str:
    return f"source is {size} bytes; the limit is {limit} bytes ({limit // 1024} KiB)"


def toolchain_versions() -> dict[str, str]:
    return {name: languages.get(name).toolchain_version() for name in languages.names()}


def warm(language: str | None = None) -> None:
    """Prebuild toolchain caches (the Go standard library) and the C helpers, and remove what dead
    workers left behind. Idempotent; call at worker start."""
    launcher.build()
    tidy()
    targets = [language] if language else languages.names()
    for name in targets:
        languages.get(name).warm()


def format_source(request: RunRequest) -> Formatted:
    """Format request.source with the language's standard formatter, in the sandbox.
    Raises SourceRejected up front (no formatter, too large); a syntax error is Formatted.error."""
    source = validate(request)
    language = languages.get(request.language)
    if not language.formats:
        raise SourceRejected(f"{language.title} has no standard formatter")
    return language.format(source, request.limits)


def cache_key(request: RunRequest) -> str:
    """Same key => same result, for the web side's results cache."""
    language = languages.get(request.language)
    source = request.source if isinstance(request.source, str) else request.source.decode("utf-8", "replace")
    payload = {
        "language": language.name,
        "toolchain": language.toolchain_version(request.toolchain),
        "source": source,
        "stdin": request.stdin,
        "limits": request.to_dict()["limits"],
        "checker": request.to_dict()["checker"],
        "expected_output": request.expected_output,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def tidy() -> None:
    """Remove what dead worker processes left: their sandboxes' cgroups (and any process still in
    one), run directories (a process killed mid-run), and the sandboxes this process adopted as a
    subreaper. Cheap; a worker calls it whenever a process starts, the canary at each check."""
    cgroups.backend().remove_stale(_process_alive)
    remove_stale_run_dirs()
    reap_adopted()


def remove_stale_run_dirs() -> list[str]:
    """Run directories of a worker process that died mid-run (killed, OOM) are never cleaned by it."""
    removed = []
    for path in runs_dir().glob("run-*-*"):
        owner = path.name.split("-")[1]
        if owner.isdigit() and not _process_alive(int(owner)):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name)
    return removed


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def run_retrying(request: RunRequest) -> RunResult:
    """run(), with one more try when the verdict is INTERNAL_ERROR: that is the sandbox's failure (a
    sandbox that could not start, a host briefly out of uids), never the program's, so neither a
    learner nor a content check is told of it before a second sandbox has failed too."""
    result = run(request)
    if result.verdict == Verdict.INTERNAL_ERROR:
        log.warning("the sandbox failed (%s); running once more", result.internal_cause or result.message)
        result = run(request)
    return result


def run(request: RunRequest) -> RunResult:
    """Run one snippet. Raises SourceRejected for requests refused up front;
    every other failure comes back as a verdict (INTERNAL_ERROR when it is ours)."""
    source = validate(request)
    language = languages.get(request.language)
    result = RunResult(verdict=Verdict.INTERNAL_ERROR, language=language.name)
    rundir = _Scratch()
    try:
        result.toolchain_version = language.toolchain_version(request.toolchain)
        try:
            prepared = language.prepare(request, source, rundir)
        except CompileFailed as failure:
            return _compile_failed(request, result, failure)
        result.compile_output = prepared.compile_output
        result.compile_time_s = prepared.compile_time_s
        result.binary_cached = prepared.binary_cached
        if checkers.CHECKERS[request.checker.kind].judges_compile_errors and language.separate_build:
            return _checked(request, result, checkers.Facts())  # it compiled: no need to run it
        outcome = _execute(prepared)
        return _judge(request, language, outcome, result)
    except Exception as exc:  # noqa: BLE001 - never blame the learner for our failure
        log.exception("sandbox internal error")
        return _internal(result, "sandbox_error", f"internal sandbox error: {type(exc).__name__}: {exc}")
    finally:
        rundir.remove()


class _Scratch(os.PathLike):
    """A run's scratch directory, made only when a language asks for it (a Go build does; a
    Python run or a cached Go binary does not, and is a directory's creation and removal faster)."""

    def __init__(self):
        self.path: Path | None = None

    def __fspath__(self) -> str:
        if self.path is None:
            self.path = new_run_dir()  # a build's binary is moved here from its sandbox's /box
        return str(self.path)

    def remove(self) -> None:
        if self.path is not None:
            shutil.rmtree(self.path, ignore_errors=True)


def _execute(prepared: Prepared) -> Outcome:
    return pool.execute(prepared.step)


def _compile_failed(request: RunRequest, result: RunResult, failure: CompileFailed) -> RunResult:
    result.compile_output = failure.output
    result.compile_time_s = failure.time_s
    if failure.internal:
        return _internal(result, "sandbox_start", failure.message or "the build failed for reasons outside the program")
    if failure.limit:
        result.ended_by(failure.limit, failure.limit_value)
    else:
        result.failure = Failure.COMPILE
    return _compile_verdict(request, result, failure.output, failure.message or "the program does not compile")


def _compile_verdict(request: RunRequest, result: RunResult, output: str, message: str) -> RunResult:
    result.compile_output = output
    return _checked(request, result, checkers.Facts(compile_output=output), message)


def _checked(request: RunRequest, result: RunResult, facts: checkers.Facts, failure_message: str = "") -> RunResult:
    """The verdict for a program that did not compile, or ran and ended by itself: the checker's,
    unless the run failed in a way that is not the checker's question (then that failure's)."""
    checker = checkers.CHECKERS[request.checker.kind]
    if facts.compile_output is not None and not checker.judges_compile_errors:
        return _verdict(result, Verdict.COMPILE_ERROR, failure_message)
    if facts.failed and not checker.judges_failures:
        return _verdict(result, Verdict.RUNTIME_ERROR, failure_message)
    if checker.compares_output and facts.expected_output is None:
        return _verdict(result, Verdict.OK, "the program ran successfully")
    judgement = checker.judge(facts, request.checker.arg)
    result.diff = judgement.diff
    return _verdict(result, Verdict.ACCEPTED if judgement.accepted else Verdict.WRONG_ANSWER, judgement.message)


def _verdict(result: RunResult, verdict: Verdict, message: str) -> RunResult:
    result.verdict = verdict
    result.message = message
    return result


def _decode_stream(data: bytes, truncated: bool, limit: int) -> str:
    text = data.decode("utf-8", errors="replace")
    if truncated:
        text += TRUNCATION_MARKER.format(limit=limit)
    return text


def _judge(request: RunRequest, language: Language, outcome: Outcome, result: RunResult) -> RunResult:
    limits = request.limits
    result.stdout = _decode_stream(outcome.stdout, outcome.stdout_truncated, limits.output_bytes)
    result.stderr = _decode_stream(outcome.stderr, outcome.stderr_truncated, limits.output_bytes)
    result.stdout_truncated = outcome.stdout_truncated
    result.stderr_truncated = outcome.stderr_truncated
    result.exit_code = outcome.exit_code
    result.signal = outcome.signal
    result.wall_time_s = round(outcome.wall_time_s, 6)
    result.cpu_time_s = round(outcome.cpu_time_s, 6)
    result.peak_memory_bytes = outcome.peak_memory_bytes
    result.memory_enforcement = outcome.enforcement
    result.error_message = language.error_message(result.stderr)

    if outcome.oom_killed and (outcome.setup_error or outcome.killed_externally):
        # The run's own cgroup killed it before the program was under way: its memory limit is too
        # small for the runtime to start, however small that is; the learner's limit, not our fault.
        return _limit(result, Verdict.MEMORY_LIMIT, "memory_bytes", limits.memory_bytes,
                      f"memory limit exceeded ({limits.memory_bytes / MiB:g} MiB): too small for "
                      f"{language.title} to start")
    if outcome.setup_error:
        return _internal(result, "sandbox_start", f"the sandbox failed to start: {outcome.setup_error[:1500]}")
    if outcome.killed_externally:
        return _internal(result, "killed_externally", "the sandbox was killed from outside (not by a limit of the "
                         "run); the service is at fault, not the program")
    if outcome.output_exceeded:
        return _limit(result, Verdict.OUTPUT_LIMIT, "output_bytes", limits.output_bytes,
                      f"output exceeded {limits.output_bytes} bytes")
    if outcome.oom_killed or (outcome.exit_code != 0 and language.out_of_memory(result.stderr)):
        return _limit(result, Verdict.MEMORY_LIMIT, "memory_bytes", limits.memory_bytes,
                      f"memory limit exceeded ({limits.memory_bytes / MiB:g} MiB)")
    if outcome.cpu_exceeded and not _failed_at_process_limit(outcome):
        return _limit(result, Verdict.TIME_LIMIT, "cpu_time_s", limits.cpu_time_s,
                      f"CPU time limit exceeded ({limits.cpu_time_s:g} s)")
    if outcome.wall_exceeded:
        return _limit(result, Verdict.TIME_LIMIT, "wall_time_s", limits.wall_time_s,
                      f"wall time limit exceeded ({limits.wall_time_s:g} s)")
    compile_error = language.compile_error_from_run(outcome)
    if compile_error is not None:
        result.stderr = ""
        result.exit_code = None
        result.error_message = ""
        result.failure = Failure.COMPILE
        return _compile_verdict(request, result, compile_error.strip(), "the program does not compile")

    if outcome.signal == signal.SIGKILL:
        # Every SIGKILL of ours (memory, CPU, wall, output) is accounted for above: this one came
        # from outside (an operator, the host's OOM killer) or from the program killing itself.
        return _internal(result, "killed_externally", "the program was killed by SIGKILL, and not by any limit of "
                         "the sandbox (an operator or the host's memory pressure); the service is at fault")

    _record_failure(result, outcome, language, limits)
    failed = outcome.exit_code != 0
    facts = checkers.Facts(failed=failed, error_message=result.error_message, stderr=result.stderr,
                           stdout=result.stdout, expected_output=request.expected_output)
    return _checked(request, result, facts, _failure_message(outcome, result, limits) if failed else "")


def _failed_at_process_limit(outcome: Outcome) -> bool:
    """The program exited by itself, failing, once its process limit was reached. A fork bomb's other
    processes go on forking until the sandbox is torn down, and may take the group's CPU past its limit
    after the program has ended, sooner or later depending on the machine's load: its failure came first."""
    return outcome.pids_limit_hit and outcome.exit_code not in (None, 0)


def _limit(result: RunResult, verdict: Verdict, limit: str, value: float, message: str) -> RunResult:
    result.ended_by(limit, value)
    return _verdict(result, verdict, message)


def _record_failure(result: RunResult, outcome: Outcome, language: Language, limits) -> None:
    """How a run that ended by itself ended (the limits that stop a run are recorded before)."""
    if outcome.exit_code == 0:
        return
    if outcome.pids_limit_hit:
        result.ended_by("processes", limits.processes)
    elif outcome.signal == signal.SIGXFSZ or language.file_too_large(result.stderr):
        result.ended_by("file_size_bytes", limits.file_size_bytes)
    elif result.error_message:
        result.failure = Failure.CRASH
        result.crash_word = language.crash_word
    elif outcome.signal:
        result.failure = Failure.SIGNAL
    else:
        result.failure = Failure.EXIT_STATUS


def _internal(result: RunResult, cause: str, message: str) -> RunResult:
    result.verdict = Verdict.INTERNAL_ERROR
    result.failure = Failure.INTERNAL
    result.internal_cause = cause
    result.message = message
    return result


def _failure_message(outcome: Outcome, result: RunResult, limits) -> str:
    parts = []
    if result.error_message:
        parts.append(result.error_message.splitlines()[0])
    elif outcome.signal:
        parts.append(f"killed by signal {outcome.signal}")
    else:
        parts.append(f"exit code {outcome.exit_code}")
    if outcome.pids_limit_hit:
        parts.append(f"process/thread limit ({limits.processes}) reached")
    elif result.limit == "file_size_bytes":
        parts.append(f"file size limit ({limits.file_size_bytes} bytes) reached")
    return "; ".join(parts)
