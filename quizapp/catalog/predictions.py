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
    right_on: str = ""  # wrong for the default toolchain but right on this one (its title): "Go 1.21"
    answered_for: str = ""  # the toolchain the expected outcome is for, when the snippet names others: "Go 1.27"
    whitespace_only: bool = False  # said and expected differ only in spaces, tabs or line ends
    said_output: str = ""  # with whitespace_only: the two outputs themselves, whose whitespace is made visible
    expected_output: str = ""

    @property
    def words(self) -> outcomes.PredictionWords:
        return outcomes.prediction_words(correct=self.correct, expected=self.expected, right_on=self.right_on,
                                         answered_for=self.answered_for, whitespace_only=self.whitespace_only)


@dataclass(frozen=True)
class VersionNote:
    """A snippet whose outcome depends on the toolchain: the one its answer assumes and the others."""

    answered_for: str  # "Go 1.27"
    differs_on: list[str]  # ["Go 1.21"]


def version_note(snippet: Snippet) -> VersionNote | None:
    default = snippet.expected_on()
    others = [toolchain for toolchain in snippet.expectations if snippet.expected_on(toolchain) != default]
    if not others:
        return None
    found = languages.get(snippet.language)
    return VersionNote(found.toolchain_title(""), [found.toolchain_title(toolchain) for toolchain in sorted(others)])


def expected_outcome(snippet: Snippet, toolchain: str = "") -> str:
    output, checker, arg = snippet.expected_on(toolchain)
    return outcomes.expected_outcome(checker=checker, checker_arg=arg, expected_output=output,
                                     crash_word=_crash_word(snippet.language))


def _crash_word(language: str) -> str:
    try:
        return languages.get(language).crash_word
    except KeyError:
        return ""


def _matches(snippet: Snippet, toolchain: str, outcome: str, text: str) -> tuple[bool, str]:
    output, checker, arg = snippet.expected_on(toolchain)
    if checker in OUTCOME_CHECKERS or outcome != outcomes.PRINTS:
        return outcome == checker, ""
    return compare(CheckerSpec(kind=checker, arg=arg or None), text, output)


def _whitespace_only(said: str, expected: str) -> bool:
    return said != expected and said.split() == expected.split()


def prediction_grade(*, snippet: Snippet, outcome: str, text: str) -> PredictionGrade:
    """Right when the learner chose the snippet's outcome and, for output, the snippet's own checker accepts it.
    Wrong on the default toolchain but right on another the content names: said so (`right_on`)."""
    text = text.replace("\r\n", "\n")
    said = outcomes.prints_words(text) if outcome == outcomes.PRINTS else outcomes.PREDICTIONS.get(outcome, outcome)
    matched, diff = _matches(snippet, "", outcome, text)
    diff = diff.replace("--- expected", "--- real output", 1).replace("+++ actual", "+++ your prediction", 1)
    note = version_note(snippet)
    right_on = ""
    if not matched and note:
        found = languages.get(snippet.language)
        right_on = next((found.toolchain_title(toolchain) for toolchain in sorted(snippet.expectations)
                         if _matches(snippet, toolchain, outcome, text)[0]), "")
    whitespace_only = not matched and outcome == outcomes.PRINTS and _whitespace_only(text, snippet.expected_output)
    return PredictionGrade(matched, expected_outcome(snippet), said, diff, right_on,
                           note.answered_for if note else "", whitespace_only,
                           text if whitespace_only else "", snippet.expected_output if whitespace_only else "")
