from quizapp.runs import services

from tests.factories import SnippetFactory


def test_prediction_graded_with_the_snippets_checker():
    snippet = SnippetFactory.build(expected_output="[1 4 3]\n", checker="trailing_ws")
    assert services.prediction_grade(snippet=snippet, outcome="prints", text="[1 4 3]   \n\n").correct
    wrong = services.prediction_grade(snippet=snippet, outcome="prints", text="[1 2 3]")
    assert not wrong.correct
    assert "-[1 4 3]" in wrong.diff and "+[1 2 3]" in wrong.diff


def test_prediction_of_a_compile_error():
    snippet = SnippetFactory.build(checker="compile_error", checker_arg="declared and not used", expected_output="")
    assert services.prediction_grade(snippet=snippet, outcome="compile_error", text="").correct
    grade = services.prediction_grade(snippet=snippet, outcome="prints", text="0")
    assert not grade.correct and "does not compile" in grade.diff
