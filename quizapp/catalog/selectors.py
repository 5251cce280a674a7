"""Reads from the catalog."""

import html
import re
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.safestring import SafeString, mark_safe

from .models import Part, Question, Snippet
from .rendering import highlight_block, plain_text

SEARCH_RESULT_LIMIT = 50
EXCERPT_RADIUS = 90


def part_list() -> QuerySet[Part]:
    return Part.objects.annotate(
        question_count=Count("questions"),
        tricky_count=Count("questions", filter=Q(questions__is_tricky=True)),
    ).order_by("series", "position")


def part_get(*, part_id: int) -> Part:
    return get_object_or_404(part_list(), pk=part_id)


def part_questions(*, part: Part) -> QuerySet[Question]:
    return part.questions.only("id", "part", "series", "number", "title_html", "is_tricky").order_by("number")


@dataclass(frozen=True)
class QuestionNeighbours:
    previous: Question | None
    next: Question | None


def question_get(*, series: str, number: int) -> Question:
    return get_object_or_404(Question.objects.select_related("part"), series=series, number=number)


def question_neighbours(*, question: Question) -> QuestionNeighbours:
    same_series = Question.objects.filter(series=question.series).only("series", "number", "title_html")
    return QuestionNeighbours(
        previous=same_series.filter(number__lt=question.number).order_by("-number").first(),
        next=same_series.filter(number__gt=question.number).order_by("number").first(),
    )


@dataclass(frozen=True)
class SnippetSource:
    """A question's runnable snippet; ``compile_output`` is set when the document's code does not compile."""

    snippet: Snippet
    compile_output: str
    program_html: SafeString


def snippet_for_question(*, question: Question) -> SnippetSource | None:
    snippet = Snippet.objects.filter(question=question, kind=Snippet.Kind.TRICKY).order_by("id").first()
    if snippet is None:
        return None
    compile_output = snippet.document_compile_output if snippet.document_code else ""
    program_html = mark_safe(highlight_block(snippet.solution_code, snippet.language)) if compile_output else ""
    return SnippetSource(snippet=snippet, compile_output=compile_output, program_html=program_html)


@dataclass(frozen=True)
class SearchHit:
    question: Question
    title: SafeString
    excerpt: SafeString
    note: SafeString | None = None


def search_terms(query: str) -> list[str]:
    return [term for term in re.split(r"\s+", query.strip()) if term][:8]


def question_search(*, query: str, limit: int = SEARCH_RESULT_LIMIT, user=None, bookmarked: bool = False) -> list[SearchHit]:
    """Words must all match the question text or, for a signed-in `user`, their own note on it."""
    from quizapp.learning.selectors import note_filters, note_text_for

    terms = search_terms(query)
    if not terms and not bookmarked:
        return []
    matches = Question.objects.select_related("part").only(
        "series", "number", "title_html", "is_tricky", "search_text", "part__title"
    )
    if user is not None:
        matches = matches.filter(*note_filters(user=user, terms=terms, bookmarked=bookmarked)).annotate(
            note_text=note_text_for(user=user)
        )
    else:
        for term in terms:
            matches = matches.filter(search_text__icontains=term)
    pattern = re.compile("|".join(re.escape(term) for term in terms) or "(?!)", re.IGNORECASE)
    return [
        SearchHit(
            question=question,
            title=_highlight(plain_text(question.title_html), pattern),
            excerpt=_highlight(_excerpt(question.search_text, pattern), pattern),
            note=_highlight(_excerpt(question.note_text, pattern), pattern) if getattr(question, "note_text", "") else None,
        )
        for question in matches.order_by("series", "number")[:limit]
    ]


def _excerpt(text: str, pattern: re.Pattern) -> str:
    body = " ".join(text.split())
    match = pattern.search(body)
    if match is None:
        return body[: EXCERPT_RADIUS * 2]
    start = max(0, match.start() - EXCERPT_RADIUS)
    end = min(len(body), match.end() + EXCERPT_RADIUS)
    return ("…" if start else "") + body[start:end] + ("…" if end < len(body) else "")


def _highlight(text: str, pattern: re.Pattern) -> SafeString:
    pieces, cursor = [], 0
    for match in pattern.finditer(text):
        pieces.append(html.escape(text[cursor : match.start()]))
        pieces.append(f"<mark>{html.escape(match.group())}</mark>")
        cursor = match.end()
    pieces.append(html.escape(text[cursor:]))
    return mark_safe("".join(pieces))
