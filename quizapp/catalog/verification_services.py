"""Writes that check the content: every canonical program runs in the sandbox.

Used by ``manage.py verify_snippets`` (CI) and an admin action.
"""

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.db import transaction

from sandbox import CheckerSpec, RunRequest, SourceRejected, Verdict, run_retrying

from .models import Snippet
from .run_requests import snippet_run_request
from .snippet_copy import snippet_fields_copy


@dataclass
class SnippetCheck:
    slug: str
    failures: list[str] = field(default_factory=list)  # one sentence per disagreement
    diff: str = ""
    document_compile_output: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failures


def _check_program(snippet: Snippet, toolchain: str, check: SnippetCheck) -> None:
    """The canonical program on one toolchain ("" is the default) against that toolchain's outcome."""
    label = f"program on {toolchain}" if toolchain else "program"
    checker = snippet.expected_on(toolchain)[1]
    try:
        result = run_retrying(snippet_run_request(snippet=snippet, toolchain=toolchain))
    except SourceRejected as refused:
        check.failures.append(f"{label}: the sandbox refused it: {refused} (is the toolchain installed? "
                              "scripts/install_toolchains.sh)")
        return
    if result.verdict != Verdict.ACCEPTED:
        check.failures.append(f"{label}: expected it to pass the '{checker}' checker, got "
                              f"{result.verdict}: {result.message}")
        check.diff = check.diff or result.diff or result.compile_output or result.error_message or result.stderr[-2000:]


def _check_as_written(snippet: Snippet, check: SnippetCheck) -> None:
    """The document's own code must not compile; its real compiler message is what the question page shows."""
    as_written = run_retrying(RunRequest(language=snippet.language, source=snippet.document_code,
                                 checker=CheckerSpec(kind="compile_error")))
    if as_written.verdict == Verdict.ACCEPTED:
        check.document_compile_output = as_written.compile_output.strip()
    else:
        check.failures.append(f"'As written' code was expected not to compile, got "
                              f"{as_written.verdict}: {as_written.message}; remove the section "
                              "if the document's code is fine")


def _check(snippet: Snippet) -> SnippetCheck:
    """Runs the programs; touches no database (it runs in worker threads)."""
    started = time.monotonic()
    check = SnippetCheck(slug=snippet.slug)
    for toolchain in ["", *sorted(snippet.expectations)]:
        _check_program(snippet, toolchain, check)
    if snippet.document_code:
        _check_as_written(snippet, check)
    check.seconds = time.monotonic() - started
    return check


def snippets_verify(*, snippets: list[Snippet], jobs: int = 2) -> list[SnippetCheck]:
    """Run every snippet's programs; store the real compiler message of 'As written' code."""
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        checks = list(pool.map(_check, snippets))
    for snippet, check in zip(snippets, checks):
        if snippet.document_compile_output != check.document_compile_output:
            snippet.document_compile_output = check.document_compile_output
            Snippet.objects.filter(pk=snippet.pk).update(
                document_compile_output=check.document_compile_output)
    return checks


def snippets_missing_compile_note() -> list[Snippet]:
    return list(Snippet.objects.exclude(document_code="").filter(document_compile_output=""))


def compile_notes_record() -> int:
    """Compile the 'as written' code of every snippet whose note is missing and store the compiler's message,
    so that every install shows it (import and worker start queue this), not only after verify_snippets."""
    recorded = 0
    for snippet in snippets_missing_compile_note():
        check = SnippetCheck(slug=snippet.slug)
        _check_as_written(snippet, check)
        if check.document_compile_output:
            recorded += Snippet.objects.filter(pk=snippet.pk, document_code=snippet.document_code).update(
                document_compile_output=check.document_compile_output)
    return recorded


def snippet_verify_record(*, snippet_id: int, saved_at) -> SnippetCheck | None:
    """Verify a staff save; publish it when it agrees with its expected outcome, keep it a draft when not.
    A later save (another `updated_at`) is left to its own task."""
    snippet = Snippet.objects.filter(pk=snippet_id).first()
    if snippet is None:
        return None
    check = _check(snippet)
    verdict = (
        "passed" if check.ok else "failed: " + "; ".join(check.failures) + (f"\n{check.diff}" if check.diff else "")
    )
    recorded = Snippet.objects.filter(pk=snippet_id, updated_at=saved_at or snippet.updated_at).update(
        is_draft=not check.ok, verification=verdict, document_compile_output=check.document_compile_output
    )
    if recorded and check.ok and snippet.draft_of_id is not None:
        _draft_promote(Snippet.objects.get(pk=snippet_id))
    return check


@transaction.atomic
def _draft_promote(draft: Snippet) -> None:
    """A verified staff edit of a live snippet replaces it; until now learners saw the live one."""
    live = Snippet.objects.select_for_update().get(pk=draft.draft_of_id)
    snippet_fields_copy(draft, live)
    live.is_draft, live.verification, live.edited_in_admin = False, "passed", True
    live.save()
    draft.delete()
