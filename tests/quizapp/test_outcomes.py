"""The one vocabulary: every verdict, limit, failure and language's crash has words, from one module."""

import dataclasses
from types import SimpleNamespace

import pytest

import sandbox
from quizapp import outcomes
from quizapp.runs.models import Submission
from sandbox import languages
from sandbox.models import Failure, Limits

pytestmark = pytest.mark.unit

RUN_LIMITS = ["cpu_time_s", "wall_time_s", "memory_bytes", "output_bytes", "file_size_bytes", "processes"]


def run(**facts):
    base = {"verdict": "OK", "failure": "", "limit": "", "limit_value": None, "message": "", "stdout": "",
            "stderr": "", "compile_output": "", "error_message": "", "exit_code": 0, "crash_word": ""}
    return SimpleNamespace(**{**base, **facts})


def test_the_verdict_choices_are_the_sandboxs_verdicts_each_with_words():
    assert set(outcomes.Verdict.values) == {verdict.value for verdict in sandbox.Verdict}
    assert all(label and label != value for value, label in outcomes.Verdict.choices)


def test_submission_verdict_takes_its_choices_from_the_vocabulary():
    assert Submission._meta.get_field("verdict").choices == outcomes.Verdict.choices


@pytest.mark.parametrize("verdict", list(sandbox.Verdict))
def test_only_results_a_fresh_run_could_change_are_never_cached(verdict):
    machine_dependent = {"TIME_LIMIT", "MEMORY_LIMIT", "INTERNAL_ERROR"}
    assert outcomes.cacheable(verdict.value) is (verdict.value not in machine_dependent)


def test_a_run_stopped_at_its_process_limit_is_never_cached():
    """A fork bomb fails at its process limit or runs out of time first, depending on the load."""
    assert not outcomes.cacheable("RUNTIME_ERROR", "processes")
    assert outcomes.cacheable("RUNTIME_ERROR", "file_size_bytes") and outcomes.cacheable("RUNTIME_ERROR")


def test_every_limit_the_sandbox_ends_a_run_by_has_words_with_its_amount():
    limits = Limits()
    for name in RUN_LIMITS:
        assert name in {field.name for field in dataclasses.fields(Limits)}
        words = outcomes.limit_words(verdict="TIME_LIMIT", limit=name, limit_value=getattr(limits, name))
        assert words.startswith("Stopped") and any(ch.isdigit() for ch in words), words


@pytest.mark.parametrize("limit, value, words", [
    ("cpu_time_s", 2.0, "Stopped after 2 s of CPU time"),
    ("wall_time_s", 5.0, "Stopped after 5 s: it was still running (waiting forever?)"),
    ("memory_bytes", 256 * 1024 * 1024, "Stopped: it used more than 256 MiB of memory"),
    ("output_bytes", 64 * 1024, "Stopped: it printed more than 64 KiB"),
    ("build_memory_bytes", 1024 * 1024 * 1024, "Building it was stopped: it used more than 1024 MiB of memory"),
])
def test_a_limit_is_told_from_the_sandboxs_facts_not_its_message(limit, value, words):
    summary = outcomes.describe_run(run(verdict="TIME_LIMIT", failure="limit", limit=limit, limit_value=value,
                                        message="this English sentence is never read"))
    assert (summary.headline, summary.tone) == (words, "stopped")


def test_a_stored_run_from_before_the_facts_still_reads_in_words():
    summary = outcomes.describe_run(run(verdict="TIME_LIMIT", message="CPU time limit exceeded (9 s)"))
    assert summary.headline == "Stopped: it ran too long"


@pytest.mark.parametrize("language", [found.name for found in languages.all_languages()])
def test_every_languages_crash_has_words(language):
    crash_word = languages.get(language).crash_word
    assert crash_word in outcomes.CRASH_WORDS
    summary = outcomes.describe_run(run(verdict="RUNTIME_ERROR", failure=Failure.CRASH, crash_word=crash_word,
                                        error_message=f"{crash_word}: boom"))
    assert summary.headline == outcomes.CRASH_WORDS[crash_word][1] and summary.detail == "boom"


@pytest.mark.parametrize(
    "facts, headline, tone",
    [
        (
            {"verdict": "INTERNAL_ERROR", "failure": "internal"},
            "The sandbox failed, not your program; run it again",
            "ours",
        ),
        (
            {
                "verdict": "COMPILE_ERROR",
                "failure": "compile",
                "compile_output": "\n./main.go:3: x declared and not used",
            },
            "It did not compile",
            "failed",
        ),
        ({"verdict": "RUNTIME_ERROR", "failure": "exit_status", "exit_code": 3}, "It exited with status 3", "failed"),
        ({"verdict": "RUNTIME_ERROR", "failure": "signal"}, "It was killed by a signal", "failed"),
        ({"verdict": "OK", "stdout": "hi\n"}, "It printed…", "ran"),
        ({"verdict": "ACCEPTED", "stdout": ""}, "It ran and printed nothing", "ran"),
        (
            {"verdict": "COMPILE_ERROR", "failure": "compile"},
            "It did not compile",
            "failed",
        ),  # a compile_error checker's pass
    ],
)
def test_every_kind_of_ending_is_described_in_words(facts, headline, tone):
    summary = outcomes.describe_run(run(**facts))
    assert (summary.headline, summary.tone) == (headline, tone)


@pytest.mark.parametrize(
    "checker, arg, words",
    [
        ("compile_error", "", "It does not compile"),
        ("compile_error", "declared and not used", "It does not compile: declared and not used"),
        ("panic", "", "It panics"),
        ("trailing_ws", "", "It prints:\n[1 2]\n"),
    ],
)
def test_a_snippets_expected_outcome_in_words(checker, arg, words):
    assert (
        outcomes.expected_outcome(checker=checker, checker_arg=arg, expected_output="[1 2]\n", crash_word="panic")
        == words
    )


def test_a_program_that_prints_nothing_is_said_so_in_words():
    assert outcomes.expected_outcome(checker="exact", checker_arg="", expected_output="") == "It prints nothing"
    assert outcomes.prints_words("\n") == "It prints:\n\n"  # a blank line is output: the box shows it


def test_every_outcome_a_learner_can_predict_is_a_checker_kind_or_output():
    outcome_checkers = {name for name, checker in sandbox.checkers.CHECKERS.items() if not checker.compares_output}
    assert set(outcomes.PREDICTIONS) == {outcomes.PRINTS} | outcome_checkers
