"""Writes for runnable content: importing snippets and exercises, staff edits."""

from dataclasses import dataclass, field

from django.db import transaction

from quizapp.content import ParsedExercise, ParsedSnippet, ParseResult, Problem

from .models import Question, Snippet
from .rendering import plain_text, render_markdown
from .worker_jobs import snippet_verify_queue


VERIFICATION_PENDING = "pending: a sandbox worker is checking it"


@dataclass
class SnippetImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_edited: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"snippets: created {len(self.created)}, updated {len(self.updated)}, "
                f"unchanged {len(self.unchanged)}, kept-edited {len(self.kept_edited)}")


def snippets_import(*, result: ParseResult, skipped: set[str], force: bool, problems: list[Problem],
                    display=str) -> SnippetImportReport:
    """Upsert the snippets and exercises of documents without errors (after their questions)."""
    report = SnippetImportReport()
    items = [item for item in (*result.snippets, *result.exercises) if item.source not in skipped]
    if not items:
        return report
    questions = _questions_for(items)
    existing = {s.slug: s for s in Snippet.objects.filter(slug__in=[item.slug for item in items])}
    for item in items:
        key = _question_key(item)
        question = questions.get(key) if key else None
        if key and question is None:
            problems.append(Problem(item.source, item.line, f"'{item.slug}' is for question {key[1]} "
                                    f"of series '{key[0]}', which is not in the database (its "
                                    "document was not imported); fix that document first", "error"))
            continue
        _snippet_upsert(item, question=question, snippet=existing.get(item.slug), force=force,
                        report=report, source=display(item.source))
    return report


def _question_key(item: ParsedSnippet | ParsedExercise) -> tuple[str, int] | None:
    if isinstance(item, ParsedSnippet):
        return item.series, item.number
    return (item.series, item.question_number) if item.question_number else None


def _questions_for(items) -> dict[tuple[str, int], Question]:
    keys = {key for key in map(_question_key, items) if key}
    series = {s for s, _ in keys}
    numbers = {n for _, n in keys}
    rows = Question.objects.filter(series__in=series, number__in=numbers).only(
        "id", "series", "number", "title_html")
    return {(q.series, q.number): q for q in rows if (q.series, q.number) in keys}


def _snippet_upsert(item, *, question: Question | None, snippet: Snippet | None, force: bool,
                    report: SnippetImportReport, source: str) -> None:
    content_hash = item.content_hash()
    question_id = question.pk if question else None
    if snippet is None:
        snippet, bucket = Snippet(slug=item.slug), report.created
    elif snippet.edited_in_admin and not force:
        report.kept_edited.append(item.slug)
        return
    elif (snippet.imported_hash == content_hash and snippet.question_id == question_id
          and not snippet.edited_in_admin):
        if snippet.source_line != item.line or snippet.source_file != source:
            Snippet.objects.filter(pk=snippet.pk).update(source_line=item.line, source_file=source)
        report.unchanged.append(item.slug)
        return
    else:
        bucket = report.updated
    if snippet.document_code != getattr(item, "document_code", ""):
        snippet.document_compile_output = ""  # stale; verify_snippets fills it again
    _fill(snippet, item, question)
    snippet.source_file, snippet.source_line = source, item.line
    snippet.imported_hash, snippet.edited_in_admin = content_hash, False
    snippet.is_draft, snippet.verification = False, ""  # the documents are verified by verify_snippets in CI
    snippet_render(snippet=snippet)
    snippet.full_clean()
    snippet.save()
    bucket.append(item.slug)


def _fill(snippet: Snippet, item, question: Question | None) -> None:
    run = item.run
    snippet.question = question
    snippet.language = run.language
    snippet.stdin = run.stdin
    snippet.expected_output = run.expected_output or ""
    snippet.checker, snippet.checker_arg = run.checker, run.checker_arg
    snippet.explanation = item.explanation
    if isinstance(item, ParsedSnippet):
        snippet.kind = Snippet.Kind.TRICKY
        snippet.title = f"{item.number}. {plain_text(question.title_html)}"[:200]
        snippet.prompt, snippet.harness = "", ""
        snippet.starter_code = snippet.solution_code = item.program
        snippet.document_code = item.document_code
        snippet.topic, snippet.difficulty = item.topic, item.difficulty
        snippet.nondeterministic = bool(item.nondeterministic)
        snippet.nondeterministic_reason = item.nondeterministic
        snippet.expectations = item.expectations_dict()
        snippet.references = [list(pair) for pair in item.references]
    else:
        snippet.kind = Snippet.Kind.EXERCISE
        snippet.title = item.title[:200]
        snippet.prompt = item.prompt
        snippet.starter_code, snippet.solution_code = item.starter, item.solution
        snippet.harness, snippet.document_code = item.harness, ""
        snippet.difficulty, snippet.hints = item.difficulty, list(item.hints)


def corrections_import(*, result: ParseResult, skipped: set[str], display=str) -> int:
    """Put each overlay's ``#### Correction`` on its question; clear those a re-imported document dropped."""
    imported = {item.source for item in (*result.parts, *result.snippets, *result.exercises, *result.corrections)}
    imported -= skipped
    wanted = {(c.series, c.number): c for c in result.corrections if c.source not in skipped}
    changed = 0
    stale = Question.objects.exclude(correction="").filter(
        correction_source__in=[display(source) for source in imported])
    for question in stale:
        if (question.series, question.number) not in wanted:
            changed += Question.objects.filter(pk=question.pk).update(
                correction="", correction_html="", correction_source="")
    for (series, number), correction in wanted.items():
        changed += Question.objects.filter(series=series, number=number).exclude(
            correction=correction.text, correction_source=display(correction.source)).update(
            correction=correction.text, correction_source=display(correction.source),
            correction_html=render_markdown(correction.text, _series_language(series)))
    return changed


def _series_language(series: str) -> str:
    part = Question.objects.filter(series=series).values_list("part__language", flat=True).first()
    return part or series


def snippet_render(*, snippet: Snippet) -> None:
    snippet.prompt_html = render_markdown(snippet.prompt, snippet.language) if snippet.prompt else ""
    snippet.explanation_html = (
        render_markdown(snippet.explanation, snippet.language) if snippet.explanation else "")
    snippet.hints_html = [render_markdown(hint, snippet.language) for hint in snippet.hints or []]


def snippet_save_by_staff(*, snippet: Snippet) -> Snippet:
    """An admin edit: re-render, keep it through the next import (unless --force), and hide it from learners
    as a draft until a sandbox worker has verified it against its expected outcome."""
    snippet.edited_in_admin = True
    snippet.is_draft = True
    snippet.verification = VERIFICATION_PENDING
    snippet_render(snippet=snippet)
    snippet.full_clean()
    with transaction.atomic():
        snippet.save()
        transaction.on_commit(lambda: snippet_verify_queue(snippet.pk))
    return snippet
