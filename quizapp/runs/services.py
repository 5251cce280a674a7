"""Writes for the run pipeline: create a run, grade a prediction, reap stuck runs, claim runs."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from quizapp.catalog.models import Snippet
from sandbox.checkers import compare
from sandbox.models import CheckerSpec

from . import ratelimit
from .models import LANGUAGES, Submission
from .tasks import submission_run

MAX_SOURCE_BYTES = 64 * 1024


def _validate_code(code: str) -> None:
    try:
        size = len(code.encode("utf-8"))
    except UnicodeEncodeError as exc:
        raise ValidationError(
            {"code": f"The code is not valid UTF-8 (character {exc.start}); remove that character and run again."}
        ) from None
    if size > MAX_SOURCE_BYTES:
        raise ValidationError(
            {"code": f"The code is {size:,} bytes; the limit is {MAX_SOURCE_BYTES // 1024} KiB. Shorten it and run again."}
        )
    if not code.strip():
        raise ValidationError({"code": "There is no code to run; type a program first."})


def submission_create(
    *,
    user,
    session_key: str,
    snippet: Snippet | None,
    code: str,
    language: str,
    token: uuid.UUID | None = None,
    client_ip: str = "",
) -> Submission:
    """Queue a run. A repeated token returns the first submission (double-clicks run once).
    Raises ValidationError for bad input and ratelimit.Busy when the owner or the queue is full."""
    owner_user = user if user is not None and user.is_authenticated else None
    if token is not None:
        existing = Submission.objects.filter(token=token).first()
        if existing is not None:
            return _same_owner(existing, owner_user, session_key)
    if language not in dict(LANGUAGES):
        raise ValidationError({"language": f"Unknown language {language!r}; choose Go or Python."})
    _validate_code(code)
    ratelimit.owner_check(owner=f"user:{owner_user.pk}" if owner_user else f"session:{session_key}")
    if owner_user is None and client_ip:
        # A new session per request must not escape the limit: anonymous runs also count per address.
        ratelimit.owner_check(owner=f"ip:{client_ip}", rate=settings.RUNS_ANONYMOUS_IP_RATE_LIMIT)
    ratelimit.queue_check()
    submission = Submission(
        token=token or uuid.uuid4(),
        user=owner_user,
        session_key=session_key or "",
        snippet=snippet,
        language=language,
        code=code,
        checked=snippet is not None and snippet.language == language,
    )
    submission.full_clean(validate_unique=False, validate_constraints=False)  # the database enforces both
    try:
        with transaction.atomic():
            submission.save()
            transaction.on_commit(lambda: submission_run.delay(submission.pk))
    except IntegrityError:
        existing = Submission.objects.filter(token=submission.token).first()
        if existing is None:
            raise
        return _same_owner(existing, owner_user, session_key)
    return submission


def _same_owner(submission: Submission, user, session_key: str) -> Submission:
    mine = submission.user_id == user.pk if user is not None else (
        submission.user_id is None and submission.session_key == session_key
    )
    if not mine:
        raise ValidationError({"token": "This run form was already used elsewhere; reload the page and run again."})
    return submission


def submissions_claim_for_user(*, session_key: str, user) -> int:
    """Attach a visitor's anonymous runs to the account they just created or signed in to."""
    if not session_key:
        return 0
    return Submission.objects.filter(session_key=session_key, user__isnull=True).update(user=user)


@dataclass(frozen=True)
class PredictionGrade:
    correct: bool
    expected: str
    diff: str


OUTCOMES = {"prints": "It prints…", "compile_error": "It does not compile", "panic": "It panics / raises"}


def prediction_grade(*, snippet: Snippet, outcome: str, text: str) -> PredictionGrade:
    """Grade "what does this print?" with the snippet's own checker against its expected outcome."""
    if snippet.checker in ("compile_error", "panic"):
        expected = OUTCOMES[snippet.checker] + (f" ({snippet.checker_arg})" if snippet.checker_arg else "")
        correct = outcome == snippet.checker
        return PredictionGrade(correct, expected, "" if correct else f"expected: {expected}\nyou said: {OUTCOMES.get(outcome, outcome)}")
    if outcome != "prints":
        return PredictionGrade(False, snippet.expected_output, f"expected it to print:\n{snippet.expected_output}")
    spec = CheckerSpec(kind=snippet.checker, arg=snippet.checker_arg or None)
    matched, diff = compare(spec, text.replace("\r\n", "\n"), snippet.expected_output)
    diff = diff.replace("--- expected", "--- real output", 1).replace("+++ actual", "+++ your prediction", 1)
    return PredictionGrade(matched, snippet.expected_output, diff)


def prediction_submit(*, user, snippet: Snippet, outcome: str, text: str, token: uuid.UUID | None) -> PredictionGrade:
    """Grade a prediction; for a member it also rates the question (right: Good, wrong: Again), once per token."""
    grade = prediction_grade(snippet=snippet, outcome=outcome, text=text)
    if user is not None and user.is_authenticated and snippet.question_id is not None:
        from quizapp.learning.services import progress_record_prediction

        progress_record_prediction(
            user=user, question=snippet.question, correct=grade.correct,
            idempotency_key=f"prediction:{token or uuid.uuid4()}",
        )
    return grade


@dataclass(frozen=True)
class ReapReport:
    requeued: int
    failed: int


def running_deadline_s() -> int:
    return settings.RUNS_HARD_TIME_LIMIT_S + 15


def submissions_reap(*, now: datetime | None = None) -> ReapReport:
    """Requeue, or fail with INTERNAL_ERROR, runs that outlived every limit (a worker died, a message was lost)."""
    now = now or timezone.now()
    stuck_running = Submission.objects.filter(
        status=Submission.Status.RUNNING, started_at__lt=now - timedelta(seconds=running_deadline_s())
    )
    stuck_queued = Submission.objects.filter(
        status=Submission.Status.QUEUED, queued_at__lt=now - timedelta(seconds=settings.RUNS_QUEUED_DEADLINE_S)
    )
    requeued = failed = 0
    for submission in list(stuck_running) + list(stuck_queued):
        guard = Submission.objects.filter(
            id=submission.pk, status=submission.status, started_at=submission.started_at, queued_at=submission.queued_at
        )
        if submission.requeues < settings.RUNS_MAX_ATTEMPTS - 1:
            with transaction.atomic():
                if guard.update(status=Submission.Status.QUEUED, queued_at=now, requeues=submission.requeues + 1):
                    requeued += 1
                    transaction.on_commit(lambda pk=submission.pk: submission_run.delay(pk))
            continue
        failed += guard.update(
            status=Submission.Status.DONE,
            verdict="INTERNAL_ERROR",
            message=(
                f"The run was interrupted {submission.requeues + 1} times before it finished "
                "(a worker stopped or the queue lost it). Nothing is wrong with your code as far as we know; run it again."
            ),
            finished_at=now,
        )
    return ReapReport(requeued=requeued, failed=failed)
