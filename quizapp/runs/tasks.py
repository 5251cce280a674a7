"""Worker side: the only code that calls the sandbox."""

import logging
import time

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_init, worker_process_init
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.db.models import F
from django.utils import timezone

import sandbox
from quizapp.catalog.run_requests import snippet_run_request

from . import cache, heartbeat
from .models import Submission
from .reaper import submissions_reap

log = logging.getLogger(__name__)

RESULT_FIELDS = (
    "verdict", "message", "stdout", "stderr", "compile_output", "error_message", "diff", "exit_code",
    "wall_time_s", "cpu_time_s", "compile_time_s", "peak_memory_bytes", "toolchain_version",
)


@worker_init.connect
def warm_toolchains(**_):
    try:
        sandbox.warm()
        log.info("sandbox toolchains warm: %s", sandbox.toolchain_versions())
    except Exception:  # noqa: BLE001 - a cold cache only makes the first Go run slow
        log.exception("could not warm the sandbox toolchains")


@worker_process_init.connect
def tidy_sandboxes(**_):
    """A pool process replacing one that died (a hard time limit) clears what that one's sandboxes left."""
    try:
        sandbox.tidy()
    except Exception:  # noqa: BLE001 - leftovers cost disk and kernel memory, not correctness
        log.exception("could not tidy the sandbox state")


def run_request_for(submission: Submission):
    from sandbox import RunRequest

    if submission.checked and submission.snippet is not None:
        return snippet_run_request(snippet=submission.snippet, code=submission.code, toolchain=submission.toolchain)
    return RunRequest(language=submission.language, source=submission.code, stdin=submission.stdin,
                      toolchain=submission.toolchain)


def _execute(submission: Submission, request, shareable: bool) -> tuple[dict, bool, str | None]:
    """The result, whether it came from the cache, and the cache key a fresh result may be stored under.
    Touches no database: a database outage here would count a run that never started as an attempt."""
    try:
        key = sandbox.cache_key(request) if shareable else None
        hit = cache.result_get(key=key) if key is not None and not submission.fresh else None
        if hit is not None:
            return hit, True, None
        result = sandbox.run(request)
        if result.verdict == sandbox.Verdict.INTERNAL_ERROR:  # ours, not the learner's: one more try
            log.warning("submission %s: %s; running it once more", submission.pk, result.message)
            result = sandbox.run(request)
    except sandbox.SourceRejected as exc:
        return {"verdict": "INTERNAL_ERROR", "message": f"The sandbox refused the code: {exc}"}, False, None
    except SoftTimeLimitExceeded:
        return {
            "verdict": "INTERNAL_ERROR",
            "message": f"The run took longer than the worker allows ({settings.RUNS_SOFT_TIME_LIMIT_S} s); try again.",
        }, False, None
    return result.to_dict(), False, key


@shared_task(
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
    claimer = heartbeat.process_identity()
    claimed = Submission.objects.filter(id=submission_id, status=Submission.Status.RUNNING, claimed_by=claimer)
    sandbox_started = False
    try:
        started = Submission.objects.filter(id=submission_id, status=Submission.Status.QUEUED).update(
            status=Submission.Status.RUNNING, started_at=timezone.now(), attempts=F("attempts") + 1, claimed_by=claimer
        )
        if not started:
            return
        submission = Submission.objects.select_related("snippet").get(id=submission_id)
        request = run_request_for(submission)
        shareable = cache.program_shareable(submission=submission)
        sandbox_started = True
        result, cached, cache_key = _execute(submission, request, shareable)
        fields = {name: result[name] for name in RESULT_FIELDS if name in result}
        recorded = _record(claimed, status=Submission.Status.DONE, finished_at=timezone.now(), cached=cached, **fields)
    except Exception:
        not_an_attempt = {} if sandbox_started else {"attempts": F("attempts") - 1}
        _record(claimed, status=Submission.Status.QUEUED, claimed_by="", **not_an_attempt)  # the reaper resends it
        raise
    if recorded and cache_key is not None:
        cache.result_put(key=cache_key, result=result)


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


@shared_task(ignore_result=True, soft_time_limit=30, time_limit=40)
def source_format_task(request_id: str, language: str, code: str) -> None:
    """Format code in the sandbox and hand the answer to the web request waiting for it."""
    from .formatting import answer_put

    try:
        formatted = sandbox.format_source(sandbox.RunRequest(language=language, source=code))
        answer = {"error": formatted.error} if formatted.error else {"code": formatted.source}
    except sandbox.SourceRejected as refused:
        answer = {"error": f"{refused}; your code is unchanged."}
    except Exception as exc:  # noqa: BLE001 - ours, not the learner's: say so, keep their code
        log.exception("formatting failed")
        answer = {"error": f"Formatting failed on our side ({type(exc).__name__}); your code is unchanged."}
    answer_put(request_id=request_id, answer=answer)


@shared_task(ignore_result=True)
def submissions_reap_task() -> None:
    report = submissions_reap()
    if report.requeued or report.failed or report.resent:
        log.warning(
            "reaper: requeued %d, failed %d stuck runs; resent %d lost messages",
            report.requeued, report.failed, report.resent,
        )
