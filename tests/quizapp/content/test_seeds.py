"""The two real seed documents in content/ (double-encoded UTF-8)."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.content import parse_document, parse_paths

ROOT = Path(__file__).resolve().parents[3]
SEEDS = sorted((ROOT / "content").glob("*.txt"))
MOJIBAKE = ("\u00e2\u20ac", "\u00f0\u0178", "\u00c3")  # "â€", "ðŸ", "Ã"


@pytest.fixture(scope="module")
def result():
    return parse_paths(SEEDS)


def test_seed_files_exist():
    assert [p.name for p in SEEDS] == ["000_120285b7381b333a.txt", "002_5887bb9e0e788412.txt"]


def test_seeds_parse_without_any_problem(result):
    assert result.ok
    assert [str(p) for p in result.problems] == []


def test_seeds_have_45_questions_961_to_980_and_1021_to_1045(result):
    numbers = [q.number for q in result.questions]
    assert numbers == list(range(961, 981)) + list(range(1021, 1046))


def test_every_seed_question_has_indepth(result):
    assert all(q.has_indepth for q in result.questions)


def test_seed_tricky_questions_are_1028_to_1032_without_marker(result):
    tricky = [q for q in result.questions if q.is_tricky]
    assert [q.number for q in tricky] == [1028, 1029, 1030, 1031, 1032]
    assert all("Tricky" not in q.title and not q.title.startswith("*") for q in tricky)
    assert tricky[3].title == "What happens when you close a nil channel?"


def test_seed_parts_have_expected_emoji_titles_and_ranges(result):
    summary = [(p.emoji, p.title, p.declared_start, p.declared_end, p.line, len(p.questions))
               for p in result.parts]
    assert summary == [
        ("\U0001f9f5", "Concurrency Architecture & Design Patterns (Part 2)", 961, 980, 1, 20),
        ("\U0001f9e9", "Niche Patterns, Frameworks & Tricky Snippets", 1021, 1045, 1, 25),
    ]
    assert all(p.language == "go" and p.series == "go" for p in result.parts)
    assert [p.source for p in result.parts] == [str(s) for s in SEEDS]


def test_seeds_contain_no_mojibake_after_repair(result):
    texts = [p.title for p in result.parts] + [p.emoji for p in result.parts]
    for q in result.questions:
        texts += [q.title, q.answer, q.indepth]
    for text in texts:
        for bad in MOJIBAKE:
            assert bad not in text, text
    assert any("\u2019" in t for t in texts)  # It’s: the curly apostrophe survives


def test_seed_answer_outer_quotes_removed_and_lines_kept(result):
    first = result.questions[0]
    assert first.line == 3
    assert first.title == "What is the circuit breaker pattern in Go?"
    assert first.answer.startswith("Protects my system from cascading failures.\nIf 'Service B'")
    assert first.answer.endswith("I use `gobreaker` or `hystrix-go`.")
    assert first.indepth.startswith("**Bulkhead Pattern**. Circuit Breakers stop")
    assert all(not q.answer.startswith('"') and not q.answer.endswith('"')
               for q in result.questions)


def test_seed_bytes_and_str_input_give_the_same_result():
    data = SEEDS[0].read_bytes()
    assert parse_document(data, "x") == parse_document(data.decode("utf-8"), "x")


def test_seed_content_hashes_are_stable_and_distinct(result):
    hashes = [q.content_hash() for q in result.questions]
    assert len(set(hashes)) == 45
    assert all(len(h) == 64 for h in hashes)
    again = parse_paths(SEEDS)
    assert [q.content_hash() for q in again.questions] == hashes
