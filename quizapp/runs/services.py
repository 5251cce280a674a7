"""Grading a prediction ("what does this print?") against a snippet's expected outcome."""

import uuid
from dataclasses import dataclass

from quizapp.catalog.models import Snippet
from sandbox.checkers import compare
from sandbox.models import CheckerSpec


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
        from quizapp.review.services import progress_record_prediction

        progress_record_prediction(
            user=user, question=snippet.question, correct=grade.correct,
            idempotency_key=f"prediction:{token or uuid.uuid4()}",
        )
    return grade
