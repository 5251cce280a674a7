"""Writes to the catalog: importing documents and staff edits."""

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from quizapp.content import ParsedPart, ParsedQuestion, Problem, parse_paths

from .models import Part, Question, SearchWord
from .rendering import plain_text, render_inline, render_markdown
from .search.words import text_word_counts
from .snippet_services import SnippetImportReport, corrections_import, snippets_import
from .worker_jobs import compile_notes_queue


@dataclass
class ImportReport:
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    kept_edited: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped_documents: list[str] = field(default_factory=list)
    snippets: SnippetImportReport = field(default_factory=SnippetImportReport)
    corrections: int = 0  # questions whose correction note was set or cleared

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == "error"]

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated or self.snippets.created or self.snippets.updated
                    or self.corrections)

    def summary(self) -> str:
        line = (
            f"created {len(self.created)}, updated {len(self.updated)}, "
            f"unchanged {len(self.unchanged)}, kept-edited {len(self.kept_edited)}, "
            f"errors {len(self.errors)}; {self.snippets.summary()}"
        )
        if not self.changed_anything and not self.errors:
            line += " (nothing changed)"
        return line


SEED_SUFFIX = ".txt"  # the public series' own documents, one line per line; ours are Markdown (.md)


def question_render(*, question: Question, language: str, source_file: str) -> None:
    hard_breaks = source_file.endswith(SEED_SUFFIX)
    question.title_html = render_inline(question.title, language)
    question.answer_html = render_markdown(question.answer, language, hard_breaks=hard_breaks)
    question.indepth_html = (
        render_markdown(question.indepth, language, hard_breaks=hard_breaks) if question.indepth else ""
    )
    question.search_text = " \n".join(
        plain_text(fragment) for fragment in (question.title_html, question.answer_html, question.indepth_html)
    )


def _content_paths(paths: list[str | Path] | None) -> list[Path]:
    if paths:
        return [Path(path) for path in paths]
    return [settings.CONTENT_DIR]


def _display_path(path: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(settings.BASE_DIR))
    except ValueError:
        return str(path)


def content_import(*, paths: list[str | Path] | None = None, force: bool = False) -> ImportReport:
    """Import documents; a document with errors imports nothing. Safe to run repeatedly."""
    known = Question.objects.values_list("series", "number")  # lets a snippet document be imported alone
    result = parse_paths(_content_paths(paths), known_questions=list(known))
    report = ImportReport(problems=list(result.problems))
    documents_with_errors = {problem.path for problem in result.errors}
    report.skipped_documents = sorted(documents_with_errors)

    parts_by_document: dict[str, list[ParsedPart]] = defaultdict(list)
    for parsed_part in result.parts:
        if parsed_part.source not in documents_with_errors:
            parts_by_document[parsed_part.source].append(parsed_part)

    for source, parsed_parts in parts_by_document.items():
        with transaction.atomic():
            for index, parsed_part in enumerate(parsed_parts):
                part = _part_upsert(parsed_part, source=_display_path(source), index=index)
                _questions_upsert(parsed_part.questions, part=part, force=force, report=report)
    with transaction.atomic():
        report.snippets = snippets_import(
            result=result, skipped=documents_with_errors, force=force, problems=report.problems, display=_display_path
        )
        report.corrections = corrections_import(result=result, skipped=documents_with_errors, display=_display_path)
    if report.changed_anything or not SearchWord.objects.exists():
        search_words_rebuild()
    transaction.on_commit(compile_notes_queue)
    return report


def _part_upsert(parsed: ParsedPart, *, source: str, index: int) -> Part:
    first_number = parsed.questions[0].number if parsed.questions else (parsed.declared_start or 0)
    part, _ = Part.objects.update_or_create(
        source_file=source,
        source_index=index,
        defaults={
            "series": parsed.series,
            "language": parsed.language,
            "title": parsed.title,
            "emoji": parsed.emoji,
            "declared_start": parsed.declared_start,
            "declared_end": parsed.declared_end,
            "source_line": parsed.line,
            "position": first_number,
        },
    )
    return part


IMPORTED_FIELDS = [
    "part",
    "title",
    "answer",
    "indepth",
    "is_tricky",
    "source_line",
    "imported_hash",
    "edited_in_admin",
    "title_html",
    "answer_html",
    "indepth_html",
    "search_text",
]


def _questions_upsert(
    parsed_questions: tuple[ParsedQuestion, ...], *, part: Part, force: bool, report: ImportReport
) -> None:
    # The parser has validated the document, so rows are written in bulk without full_clean().
    numbers = [parsed.number for parsed in parsed_questions]
    existing = {q.number: q for q in Question.objects.filter(series=part.series, number__in=numbers)}
    to_create, to_update, moved_lines = [], [], []
    for parsed in parsed_questions:
        content_hash = parsed.content_hash()
        question = existing.get(parsed.number)
        if question is None:
            question = Question(series=part.series, number=parsed.number)
            to_create.append(question)
            report.created.append(parsed.number)
        elif question.edited_in_admin and not force:
            report.kept_edited.append(parsed.number)
            continue
        elif question.imported_hash == content_hash and question.part_id == part.pk and not question.edited_in_admin:
            if question.source_line != parsed.line:
                question.source_line = parsed.line
                moved_lines.append(question)
            report.unchanged.append(parsed.number)
            continue
        else:
            to_update.append(question)
            report.updated.append(parsed.number)
        question.part = part
        question.title = parsed.title
        question.answer = parsed.answer
        question.indepth = parsed.indepth
        question.is_tricky = parsed.is_tricky
        question.source_line = parsed.line
        question.imported_hash = content_hash
        question.edited_in_admin = False
        question_render(question=question, language=part.language, source_file=part.source_file)
    Question.objects.bulk_create(to_create, batch_size=200)
    Question.objects.bulk_update(to_update, IMPORTED_FIELDS, batch_size=200)
    Question.objects.bulk_update(moved_lines, ["source_line"], batch_size=200)


def question_save_by_staff(*, question: Question) -> Question:
    """An admin edit: re-render and protect it from being overwritten by the next import."""
    question.edited_in_admin = True
    question_render(question=question, language=question.part.language, source_file=question.part.source_file)
    question.full_clean()
    question.save()
    search_words_rebuild()
    return question


def search_words_rebuild() -> int:
    """The words of every question with their frequency, which "did you mean" chooses from."""
    counts = text_word_counts(Question.objects.values_list("search_text", flat=True).iterator())
    with transaction.atomic():
        SearchWord.objects.all().delete()
        SearchWord.objects.bulk_create(
            [SearchWord(word=word, frequency=count) for word, count in counts.items()], batch_size=500
        )
    return len(counts)
