"""The one grader for "what does this program do?": the question page, practice and review all use it."""

from dataclasses import dataclass

from quizapp import outcomes
from sandbox import checkers, languages
from sandbox.checkers import compare
from sandbox.models import CheckerSpec

from .models import Snippet

OUTCOME_CHECKERS = frozenset(name for name, checker in checkers.CHECKERS.items() if not checker.compares_output)


@dataclass(frozen=True)
class PredictionGrade:
    correct: bool
    expected: str  # what the program really does, in words
    said: str  # what the learner predicted, in words
    diff: str  # "-" lines are the real output, "+" lines the prediction


def expected_outcome(snippet: Snippet) -> str:
    return outcomes.expected_outcome(checker=snippet.checker, checker_arg=snippet.checker_arg,
                                     expected_output=snippet.expected_output, crash_word=_crash_word(snippet.language))


def _crash_word(language: str) -> str:
    try:
        return languages.get(language).crash_word
    except KeyError:
        return ""


def prediction_grade(*, snippet: Snippet, outcome: str, text: str) -> PredictionGrade:
    """Right when the learner chose the snippet's outcome and, for output, the snippet's own checker accepts it."""
    text = text.replace("\r\n", "\n")
    said = f"It prints:\n{text}" if outcome == outcomes.PRINTS else outcomes.PREDICTIONS.get(outcome, outcome)
    expected = expected_outcome(snippet)
    if snippet.checker in OUTCOME_CHECKERS or outcome != outcomes.PRINTS:
        return PredictionGrade(outcome == snippet.checker, expected, said, "")
    matched, diff = compare(CheckerSpec(kind=snippet.checker, arg=snippet.checker_arg or None), text, snippet.expected_output)
    diff = diff.replace("--- expected", "--- real output", 1).replace("+++ actual", "+++ your prediction", 1)
    return PredictionGrade(matched, expected, said, diff)
