"""Reads for the run pipeline. A viewer is a signed-in user, or an anonymous session."""

import re
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from quizapp.catalog.models import Snippet

from .models import Submission


def owned_by(*, user, session_key: str, via: str = "") -> Q:
    if user is not None and user.is_authenticated:
        return Q(**{f"{via}user": user})
    return Q(**{f"{via}user__isnull": True, f"{via}session_key": session_key or "-"})


def submission_get_for_viewer(*, submission_id: int, user, session_key: str) -> Submission:
    owned = Submission.objects.filter(owned_by(user=user, session_key=session_key))
    return get_object_or_404(owned.select_related("snippet"), pk=submission_id)


def submission_batch_for_viewer(*, batch, user, session_key: str) -> list[Submission]:
    """One program's runs on each toolchain, oldest toolchain first (the order they were created)."""
    runs = list(Submission.objects.filter(owned_by(user=user, session_key=session_key), batch=batch)
                .select_related("snippet").order_by("id"))
    if not runs:
        raise Http404("No such comparison.")
    return runs


def submission_get_shared(*, share_id: str) -> Submission:
    return get_object_or_404(Submission.objects.select_related("snippet__question"), share_id=share_id)


def submission_attempts(*, snippet: Snippet, user, session_key: str, limit: int = 20) -> QuerySet[Submission]:
    owned = Submission.objects.filter(owned_by(user=user, session_key=session_key), snippet=snippet, checked=True)
    return owned.defer("code", "stdout", "stderr", "compile_output", "diff")[:limit]


def snippet_get(*, slug: str, user) -> Snippet:
    """The snippet a run is checked against. A draft (a staff save the sandbox has not yet agreed
    with) only for staff, who preview it: a learner checking against it would read its expected
    output in the diff before anyone verified it."""
    snippets = Snippet.objects.all()
    if user is None or not user.is_staff:
        snippets = snippets.filter(is_draft=False)
    return get_object_or_404(snippets, slug=slug)


def submissions_recent_for_user(*, user, limit: int) -> QuerySet[Submission]:
    return Submission.objects.filter(user=user).select_related("snippet").order_by("-created_at", "-id")[:limit]


@dataclass(frozen=True)
class RunSummary:
    """A finished run in plain words: what the program did, and for a checked run, the judgement."""

    headline: str
    detail: str
    tone: str  # "ran" | "failed" | "stopped" | "ours": what happened, never a verdict on the learner
    judgement: str = ""
    judgement_tone: str = ""  # "right" | "wrong" | "note"


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def _seconds(message: str, default: str) -> str:
    found = re.search(r"\(([\d.]+) s\)", message)
    return found.group(1) if found else default


def run_summary(*, submission: Submission) -> RunSummary:
    verdict, message = submission.verdict, submission.message
    did_not_compile = verdict == "COMPILE_ERROR" or message.startswith("compile error")
    failed = verdict == "RUNTIME_ERROR" or (submission.exit_code not in (None, 0) and not did_not_compile)
    if verdict == "INTERNAL_ERROR":
        summary = RunSummary("The sandbox failed, not your program; run it again", message, "ours")
    elif verdict == "TIME_LIMIT":
        if "CPU" in message:
            summary = RunSummary(f"Stopped after {_seconds(message, '2')} s of CPU", "", "stopped")
        else:
            summary = RunSummary(f"Stopped after {_seconds(message, '5')} s: it was still running (waiting forever?)", "", "stopped")
    elif verdict == "MEMORY_LIMIT":
        summary = RunSummary("Stopped: it used too much memory", message, "stopped")
    elif verdict == "OUTPUT_LIMIT":
        summary = RunSummary("Stopped: it printed too much", message, "stopped")
    elif did_not_compile:
        summary = RunSummary("It did not compile", _first_line(submission.compile_output), "failed")
    elif failed:
        words = "It panicked" if submission.language == "go" else "It raised an exception"
        reason = _first_line(submission.error_message) or _first_line(submission.stderr[-2000:])
        summary = RunSummary(words, reason.removeprefix("panic: "), "failed")  # the full trace is in stderr, once
    elif submission.stdout.strip():
        summary = RunSummary("It printed…", "", "ran")
    else:
        summary = RunSummary("It ran and printed nothing", "", "ran")
    if not submission.checked or submission.snippet is None or verdict in ("INTERNAL_ERROR", ""):
        return summary
    passed = verdict == "ACCEPTED"
    if submission.snippet.kind == Snippet.Kind.EXERCISE:
        judgement = ("Your program passes: it does what the exercise expects", "right") if passed else (
            "Not yet: it does not do what the exercise expects", "wrong")
    else:
        judgement = ("This is what the snippet is expected to do", "note") if passed else (
            "This is not what the snippet's answer says it does (did you change the program?)", "note")
    return RunSummary(summary.headline, summary.detail, summary.tone, *judgement)
