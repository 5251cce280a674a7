"""What the shipped Go deck must cover (issue 24): size, topic minimums, version-dependent outcomes."""

from __future__ import annotations

from pathlib import Path

from quizapp.content import parse_paths
from quizapp.content.summary import deck_summary

CONTENT_DIR = Path(__file__).resolve().parents[3] / "content"
GO_TOPIC_MINIMUMS = {
    "context": 6, "goroutine-leaks": 4, "races": 5, "iterators": 6, "generics": 10, "sync": 8,
    "time": 4, "json": 8, "logging": 2, "memory": 3, "spec-corners": 10,
}


def shipped_go_deck() -> dict:
    result = parse_paths([CONTENT_DIR])
    assert result.ok, [str(p) for p in result.errors]
    return deck_summary(result)["go"]


def test_shipped_go_deck_has_190_snippets_and_20_version_dependent_ones():
    go = shipped_go_deck()
    assert go["tricky_snippets"] >= 190
    assert go["version_dependent"] >= 20


def test_shipped_go_deck_meets_every_topic_minimum():
    covered = shipped_go_deck()["topics_covered"]
    short = {topic: (covered.get(topic, 0), wanted) for topic, wanted in GO_TOPIC_MINIMUMS.items()
             if covered.get(topic, 0) < wanted}
    assert short == {}, f"topic: (has, needs) {short}"


def test_shipped_parts_have_titles_of_their_own():
    """A learner picks parts by title (the home page, practice's part list): two alike are one too many."""
    result = parse_paths([CONTENT_DIR])
    titles = [part.title for part in result.parts]
    assert sorted({title for title in titles if titles.count(title) > 1}) == []


def test_every_shipped_exercise_says_how_hard_it_is():
    """The exercise list promises "easiest first": an exercise without a difficulty has no place in that order."""
    result = parse_paths([CONTENT_DIR])
    assert [exercise.slug for exercise in result.exercises if not exercise.difficulty] == []
