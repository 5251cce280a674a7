import pytest

from quizapp.catalog.run_requests import snippet_program, snippet_run_request
from tests.factories import PythonExerciseFactory, SnippetFactory

pytestmark = pytest.mark.django_db


def test_the_canonical_program_is_the_solution_then_the_harness():
    exercise = PythonExerciseFactory.build(solution_code="def f():\n    return 1\n\n\n", harness="print(f())")
    assert snippet_program(exercise) == "def f():\n    return 1\n\nprint(f())"


def test_a_learners_attempt_is_joined_to_the_harness_the_same_way():
    exercise = PythonExerciseFactory.build(harness="print(f())")
    assert snippet_program(exercise, code="def f(): return 2\n") == "def f(): return 2\n\nprint(f())"


def test_the_request_carries_the_snippets_stdin_checker_and_expected_output():
    snippet = SnippetFactory.build(checker="whitespace", stdin="5\n")
    request = snippet_run_request(snippet=snippet, code="package main\n")
    assert (request.language, request.source, request.stdin) == ("go", "package main\n", "5\n")
    assert (request.checker.kind, request.expected_output) == ("whitespace", "[1 4 3]\n")


def test_a_failure_checker_has_no_expected_output():
    snippet = SnippetFactory.build(checker="panic", checker_arg="close of nil channel")
    request = snippet_run_request(snippet=snippet)
    assert request.expected_output is None and request.checker.arg == "close of nil channel"
