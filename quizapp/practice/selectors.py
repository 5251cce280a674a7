"""Reads for timed practice sessions."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.shortcuts import get_object_or_404

from quizapp.catalog.models import Part, Snippet
from quizapp.catalog.predictions import PredictionGrade, expected_outcome, prediction_grade
from quizapp.outcomes import PREDICTIONS, PRINTS, prints_words
from quizapp.catalog.selectors import snippet_for_question

from .models import PracticeItem, PracticeSession


def practice_get(*, user, session_id: int) -> PracticeSession:
    """Another user's session is a 404, not a 403: its existence is not revealed."""
    return get_object_or_404(PracticeSession, pk=session_id, user=user)


def practice_history(*, user, limit: int = 50) -> list[PracticeSession]:
    return list(PracticeSession.objects.filter(user=user).prefetch_related("parts")[:limit])


def practice_item_deadline(*, session: PracticeSession, item: PracticeItem) -> datetime:
    started = item.started_at or session.started_at
    return min(started + timedelta(seconds=session.seconds_per_question), session.deadline)


@dataclass(frozen=True)
class PracticeProgram:
    """A tricky question's program, and once the learner predicted, the grade the question page would give."""

    snippet: Snippet
    grade: PredictionGrade | None

    @property
    def expected(self) -> str:
        return expected_outcome(self.snippet)


def practice_item_program(*, item: PracticeItem) -> PracticeProgram | None:
    snippet = snippet_for_question(question=item.question) if item.question.is_tricky else None
    if snippet is None:
        return None
    grade = None
    if item.prediction_outcome:
        grade = prediction_grade(snippet=snippet, outcome=item.prediction_outcome, text=item.answer)
    return PracticeProgram(snippet=snippet, grade=grade)


def practice_current_item(*, session: PracticeSession) -> PracticeItem | None:
    if not session.is_active:
        return None
    return (
        session.items.select_related("question__part", "submission__snippet")
        .prefetch_related("question__snippets")
        .filter(position=session.position)
        .first()
    )


@dataclass(frozen=True)
class SummaryRow:
    """One question of a finished session: what the learner answered next to the right answer."""

    item: PracticeItem
    said: str  # the learner's answer in words; "" when they gave none
    right: str  # a program's real outcome in words; "" for a question answered in prose (see answer_html)


@dataclass(frozen=True)
class PracticeSummary:
    session: PracticeSession
    items: list[PracticeItem]
    rows: list[SummaryRow]
    recalled: int
    weak_parts: list[tuple[Part, int, int]]  # part, recalled, asked

    @property
    def percent(self) -> int:
        return round(100 * (self.session.score or 0))

    @property
    def missed(self) -> int:
        return sum(item.missed for item in self.items)

    @property
    def out_of_time(self) -> bool:
        finished = self.session.finished_at
        return finished is not None and finished >= self.session.deadline


def _summary_row(item: PracticeItem) -> SummaryRow:
    snippets = [s for s in item.question.snippets.all() if s.kind == Snippet.Kind.TRICKY and not s.is_draft]
    snippet = min(snippets, key=lambda s: s.pk) if item.question.is_tricky and snippets else None
    if snippet is None:
        return SummaryRow(item=item, said=item.answer.strip(), right="")
    said = ""
    if item.prediction_outcome == PRINTS:
        said = prints_words(item.answer)
    elif item.prediction_outcome:
        said = PREDICTIONS.get(item.prediction_outcome, item.prediction_outcome)
    return SummaryRow(item=item, said=said, right=expected_outcome(snippet))


def practice_summary(*, session: PracticeSession) -> PracticeSummary:
    items = list(session.items.select_related("question__part").prefetch_related("question__snippets"))
    asked: dict[int, list[PracticeItem]] = defaultdict(list)
    for item in items:
        asked[item.question.part_id].append(item)
    weak = [
        (group[0].question.part, sum(item.recalled for item in group), len(group))
        for group in asked.values()
        if sum(item.recalled for item in group) < len(group)
    ]
    weak.sort(key=lambda row: (row[1] / row[2], -row[2]))
    return PracticeSummary(
        session=session,
        items=items,
        rows=[_summary_row(item) for item in items],
        recalled=sum(item.recalled for item in items),
        weak_parts=weak[:5],
    )
