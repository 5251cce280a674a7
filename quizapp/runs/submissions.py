"""Creating a run: validate, apply the limits, record the row, send its message after commit."""

import re
import uuid
from contextlib import nullcontext

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

import sandbox
import sandbox.languages
from quizapp.catalog.models import Snippet, language_choices

from . import ratelimit
from .broker import submission_enqueue
from .models import Submission

MAX_SOURCE_BYTES = sandbox.Limits().source_bytes  # the sandbox refuses more; say so before a run is queued


def validate_code(code: str) -> None:
    try:
        size = len(code.encode("utf-8"))
    except UnicodeEncodeError as exc:
        raise ValidationError(
            {"code": f"The code is not valid UTF-8 (character {exc.start}); remove that character and run again."}
        ) from None
    if size > MAX_SOURCE_BYTES:
        raise ValidationError(
            {
                "code": f"The code is {size:,} bytes; the limit is {MAX_SOURCE_BYTES // 1024} KiB. "
                "Shorten it and run again."
            }
        )
    if "\x00" in code:
        raise ValidationError({"code": "The code contains a NUL character (\\0); remove it and run again."})
    if not code.strip():
        raise ValidationError({"code": "There is no code to run; type a program first."})


def _validate_toolchain(language: str, toolchain: str) -> None:
    offered = sandbox.languages.get(language).toolchain_ids()
    if toolchain and toolchain not in offered:
        raise ValidationError({"toolchain": f"Unknown toolchain {toolchain!r}; choose one of {', '.join(offered)}."})


def toolchains_for(language: str) -> list[tuple[str, str]]:
    """(id, title) of each toolchain the sandbox offers for a language, oldest first."""
    found = sandbox.languages.get(language)
    ids = found.toolchain_ids()
    if len(ids) > 1:
        ids = sorted(ids, key=lambda tid: [int(n) for n in re.findall(r"\d+", found.toolchain_version(tid))])
    return [(tid, found.toolchain_title(tid)) for tid in ids]


def submissions_compare_create(*, token: uuid.UUID | None, language: str, **run) -> list[Submission]:
    """Run one program on every toolchain of its language, oldest first; the runs share a batch
    (the form's token) and are plain runs: each shows what that toolchain does, with no verdict."""
    batch = token or uuid.uuid4()
    return [
        submission_create(
            language=language, toolchain=toolchain, batch=batch, token=uuid.uuid5(batch, toolchain), **run
        )
        for toolchain, _ in toolchains_for(language)
    ]


def submission_create(
    *,
    user,
    session_key: str,
    snippet: Snippet | None,
    code: str,
    language: str,
    token: uuid.UUID | None = None,
    client_ip: str = "",
    toolchain: str = "",
    batch: uuid.UUID | None = None,
    check: bool = False,
    fresh: bool = False,
) -> Submission:
    """Queue a run: `check` judges it against the snippet's expected outcome (else it just runs), `fresh`
    skips the results cache. A repeated token returns the first submission (double-clicks run once).
    Raises ValidationError for bad input, ratelimit.Busy when the owner or the queue is full and
    ratelimit.Paused when Redis does not answer."""
    owner_user = user if user is not None and user.is_authenticated else None
    if token is not None:
        existing = Submission.objects.filter(token=token).first()
        if existing is not None:
            return _same_owner(existing, owner_user, session_key)
    if language not in dict(language_choices()):
        titles = " or ".join(title for _, title in language_choices())
        raise ValidationError({"language": f"Unknown language {language!r}; choose {titles}."})
    validate_code(code)
    _validate_toolchain(language, toolchain)
    ratelimit.queue_check()  # first: a run refused because the service is full uses none of the learner's runs
    ratelimit.owners_check(
        limits=ratelimit.learner_limits(
            user_id=owner_user.pk if owner_user else None, session_key=session_key, address=client_ip
        )
    )
    submission = Submission(
        token=token or uuid.uuid4(),
        user=owner_user,
        session_key=session_key or "",
        snippet=snippet,
        language=language,
        toolchain=toolchain,
        batch=batch,
        code=code,
        checked=check and batch is None and snippet is not None and snippet.language == language,
        fresh=fresh,
    )
    submission.full_clean(validate_unique=False, validate_constraints=False)  # the database enforces both
    # Alone, the INSERT commits by itself (a transaction would add two round trips); inside a caller's
    # transaction a savepoint keeps that transaction usable when the token is taken.
    try:
        with transaction.atomic() if connection.in_atomic_block else nullcontext():
            submission.save()
    except IntegrityError:
        existing = Submission.objects.filter(token=submission.token).first()
        if existing is None:
            raise
        return _same_owner(existing, owner_user, session_key)
    transaction.on_commit(lambda: submission_enqueue(submission.pk))
    return submission


def _same_owner(submission: Submission, user, session_key: str) -> Submission:
    mine = (
        submission.user_id == user.pk
        if user is not None
        else (submission.user_id is None and submission.session_key == session_key)
    )
    if not mine:
        raise ValidationError({"token": "This run form was already used elsewhere; reload the page and run again."})
    return submission
