import pytest

from quizapp.catalog.models import Snippet
from quizapp.catalog.predictions import VersionNote, prediction_grade, version_note

OUTPUT_CASES = [
    # (checker, checker_arg, expected output, prediction, right?)
    ("exact", "", "[1 4 3]\n", "[1 4 3]\n", True),
    ("exact", "", "[1 4 3]\n", "[1 4 3]", False),
    ("trailing_ws", "", "[1 4 3]\n", "[1 4 3]   \n\n", True),
    ("trailing_ws", "", "[1 4 3]\n", "[1 2 3]", False),
    ("whitespace", "", "a b\nc\n", "a   b c", True),
    ("whitespace", "", "a b\nc\n", "a b d", False),
    ("unordered_lines", "", "a 1\nb 2\n", "b 2\na 1\n", True),
    ("unordered_lines", "", "a 1\nb 2\n", "a 1\n", False),
    ("regex", r"0x[0-9a-f]+", "", "0xc000012345", True),
    ("regex", r"0x[0-9a-f]+", "", "nil", False),
]


def snippet(checker, checker_arg="", expected_output=""):
    return Snippet(slug="s", title="s", checker=checker, checker_arg=checker_arg, expected_output=expected_output,
                   starter_code="", solution_code="")


@pytest.mark.parametrize(("checker", "arg", "expected", "prediction", "right"), OUTPUT_CASES)
def test_a_printed_prediction_is_judged_by_the_snippets_own_checker(checker, arg, expected, prediction, right):
    grade = prediction_grade(snippet=snippet(checker, arg, expected), outcome="prints", text=prediction)
    assert grade.correct is right
    assert bool(grade.diff) is (not right)


@pytest.mark.parametrize("checker", ["exact", "trailing_ws", "whitespace", "unordered_lines", "regex"])
@pytest.mark.parametrize("outcome", ["compile_error", "panic"])
def test_predicting_a_failure_of_a_program_that_prints_is_wrong(checker, outcome):
    grade = prediction_grade(snippet=snippet(checker, "", "1\n"), outcome=outcome, text="")
    assert not grade.correct
    assert grade.expected.startswith("It prints")


@pytest.mark.parametrize(("checker", "arg", "words"), [
    ("compile_error", "declared and not used", "It does not compile: declared and not used"),
    ("panic", "close of nil channel", "It panics: close of nil channel"),  # in the language's own word (Go)
])
def test_a_failure_is_right_only_when_the_learner_chose_that_failure(checker, arg, words):
    failing = snippet(checker, arg)
    assert prediction_grade(snippet=failing, outcome=checker, text="").correct
    for other in {"prints", "compile_error", "panic"} - {checker}:
        grade = prediction_grade(snippet=failing, outcome=other, text="0")
        assert not grade.correct
        assert grade.expected == words


def test_the_diff_names_the_real_output_and_the_prediction():
    grade = prediction_grade(snippet=snippet("trailing_ws", "", "[1 4 3]\n"), outcome="prints", text="[1 2 3]\r\n")
    assert "--- real output" in grade.diff and "+++ your prediction" in grade.diff
    assert "-[1 4 3]" in grade.diff and "+[1 2 3]" in grade.diff
    assert grade.said == "It prints:\n[1 2 3]\n"


def version_dependent():
    return Snippet(slug="v", title="v", language="go", checker="trailing_ws", expected_output="0 1 2\n",
                   expectations={"go1.21": {"expected_output": "3 3 3\n"}}, starter_code="", solution_code="")


def test_a_prediction_right_for_the_other_go_version_is_answered_as_such():
    grade = prediction_grade(snippet=version_dependent(), outcome="prints", text="3 3 3")
    assert not grade.correct
    assert grade.right_on == "Go 1.21" and grade.answered_for == "Go 1.27"
    assert grade.words.headline == "Right for Go 1.21: not quite for Go 1.27."
    assert "it prints 0 1 2" in grade.words.detail


def test_a_prediction_right_for_the_default_go_is_right_and_names_no_other_version():
    grade = prediction_grade(snippet=version_dependent(), outcome="prints", text="0 1 2\n")
    assert grade.correct and grade.right_on == ""
    assert grade.words.headline == "Right."


def test_a_prediction_wrong_on_every_go_version_says_what_it_prints():
    grade = prediction_grade(snippet=version_dependent(), outcome="prints", text="2 2 2")
    assert not grade.correct and grade.right_on == ""
    assert grade.words.headline == "Not quite: it prints 0 1 2."


def test_a_snippet_without_other_toolchains_has_no_version_note():
    assert version_note(snippet("exact", "", "1\n")) is None
    assert version_note(version_dependent()) == VersionNote("Go 1.27", ["Go 1.21"])


def test_a_difference_only_in_whitespace_is_named_as_such():
    grade = prediction_grade(snippet=snippet("exact", "", "a b\n"), outcome="prints", text="a  b\n")
    assert not grade.correct and grade.whitespace_only
    assert "spaces" in grade.words.headline
    assert (grade.said_output, grade.expected_output) == ("a  b\n", "a b\n")
    other = prediction_grade(snippet=snippet("exact", "", "a b\n"), outcome="prints", text="a c\n")
    assert not other.whitespace_only and (other.said_output, other.expected_output) == ("", "")


def test_an_empty_printed_prediction_and_a_program_that_prints_nothing_are_said_in_words():
    grade = prediction_grade(snippet=snippet("exact", "", ""), outcome="prints", text="")
    assert grade.correct and grade.said == grade.expected == "It prints nothing"
    wrong = prediction_grade(snippet=snippet("exact", "", "1\n"), outcome="prints", text="")
    assert not wrong.correct and wrong.said == "It prints nothing" and wrong.expected == "It prints:\n1\n"
