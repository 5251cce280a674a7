"""The worker's tasks: run a submission, format a program, reap stranded runs. The only code that
calls the sandbox for a learner (through quizapp.worker.execution)."""

import logging
import time

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.db.models import F
from django.utils import timezone

import sandbox
from quizapp import task_names
from quizapp.catalog.run_requests import snippet_run_request
from quizapp.runs import cache
from quizapp.runs.models import Submission

from . import execution, formatting, heartbeat
from .reaper import submissions_reap
from .start import submission_start

log = logging.getLogger(__name__)

RESULT_FIELDS = (
    "verdict",
    "failure",
    "limit",
    "limit_value",
    "message",
    "stdout",
    "stderr",
    "compile_output",
    "error_message",
    "diff",
    "exit_code",
    "wall_time_s",
    "cpu_time_s",
    "compile_time_s",
    "peak_memory_bytes",
    "toolchain_version",
)


def run_request_for(submission: Submission) -> sandbox.RunRequest:
    if submission.checked and submission.snippet is not None:
        return snippet_run_request(snippet=submission.snippet, code=submission.code, toolchain=submission.toolchain)
    return sandbox.RunRequest(
        language=submission.language, source=submission.code, stdin=submission.stdin, toolchain=submission.toolchain
    )


class Laps:
    """Where a run's time went, logged in one line per run (bench/pipeline.py reads it)."""

    def __init__(self):
        self.started = time.time()
        self._last = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = self.laps.get(name, 0.0) + (now - self._last) * 1000
        self._last = now

    def __str__(self) -> str:
        return f"at={self.started:.6f} " + " ".join(f"{name}={ms:.2f}" for name, ms in self.laps.items())


def _execute(submission: Submission, request, laps: Laps) -> tuple[dict, bool, str | None]:
    """The result, whether it came from the cache, and the cache key a fresh result may be stored under.
    Touches no database: a database outage here would count a run that never started as an attempt."""
    try:
        key = sandbox.cache_key(request) if submission.shareable else None
        hit = cache.result_get(key=key) if key is not None and not submission.fresh else None
        laps.lap("cache_get")
        if hit is not None:
            return hit, True, None
        result = execution.execute(request)
        laps.lap("sandbox")
    except sandbox.SourceRejected as exc:
        return _internal_error(f"The sandbox refused the code: {exc}"), False, None
    except SoftTimeLimitExceeded:
        return (
            _internal_error(
                f"The run took longer than the worker allows ({settings.RUNS_SOFT_TIME_LIMIT_S} s); try again."
            ),
            False,
            None,
        )
    return result.to_dict(), False, key


def _internal_error(message: str) -> dict:
    return sandbox.RunResult(
        verdict=sandbox.Verdict.INTERNAL_ERROR, failure=sandbox.Failure.INTERNAL, message=message
    ).to_dict()


@shared_task(
    name=task_names.SUBMISSION_RUN,
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    soft_time_limit=settings.RUNS_SOFT_TIME_LIMIT_S,
    time_limit=settings.RUNS_HARD_TIME_LIMIT_S,
)
def submission_run(submission_id: int) -> None:
    """Run a submission; safe to receive twice: it starts only a queued row and records only the
    row it claimed. The database row is written first; the results cache is best-effort. A run
    this process claimed but could not finish (the database dropped out) goes back to the queue."""
    laps = Laps()
    claimer = heartbeat.process_identity()
    claimed = Submission.objects.filter(id=submission_id, status=Submission.Status.RUNNING, claimed_by=claimer)
    sandbox_started = False
    try:
        submission = submission_start(submission_id=submission_id, claimer=claimer)
        if submission is None:
            return
        request = run_request_for(submission)  # a checked run reads its snippet here
        laps.lap("start")
        sandbox_started = True
        result, cached, cache_key = _execute(submission, request, laps)
        fields = {name: result[name] for name in RESULT_FIELDS if name in result}
        recorded = _record(claimed, status=Submission.Status.DONE, finished_at=timezone.now(), cached=cached, **fields)
        laps.lap("record")
    except Exception:
        not_an_attempt = {} if sandbox_started else {"attempts": F("attempts") - 1}
        _record(claimed, status=Submission.Status.QUEUED, claimed_by="", **not_an_attempt)  # the reaper resends it
        raise
    if recorded and cache_key is not None:
        cache.result_put(key=cache_key, result=result)
    laps.lap("cache_put")
    log.info("submission %s timings %s ms", submission_id, laps)


def _record(row, **fields) -> int:
    """The verdict, written even if the database drops out for a while: the run is done and
    running it again would cost the learner time. Gives up after RUNS_RECORD_RETRY_S (the
    reaper then requeues the run)."""
    deadline = time.monotonic() + settings.RUNS_RECORD_RETRY_S
    while True:
        try:
            return row.update(**fields)
        except (OperationalError, InterfaceError) as error:
            if time.monotonic() > deadline:
                raise
            log.warning("could not record a verdict (%s); retrying", error)
            connection.close()
            time.sleep(1)


@shared_task(
    name=task_names.SOURCE_FORMAT,
    ignore_result=True,
    soft_time_limit=settings.RUNS_FORMAT_SOFT_TIME_LIMIT_S,
    time_limit=settings.RUNS_FORMAT_HARD_TIME_LIMIT_S,
)
def source_format(request_id: str, language: str, code: str) -> None:
    """Format code in the sandbox and put the answer where the page asks for it."""
    formatting.answer_put(request_id=request_id, answer=formatting.format_answer(language=language, code=code))


@shared_task(name=task_names.SUBMISSIONS_REAP, ignore_result=True)
def submissions_reap_task() -> None:
    report = submissions_reap()
    if report.requeued or report.failed or report.resent:
        log.warning(
            "reaper: requeued %d, failed %d stuck runs; resent %d lost messages",
            report.requeued,
            report.failed,
            report.resent,
        )
