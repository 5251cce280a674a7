"""The synthetic series generator used by the import benchmark."""

from __future__ import annotations

import time

from bench.series import generate_series, write_series
from quizapp.content import parse_document, parse_paths


def test_generated_series_has_52_parts_and_1045_questions_without_errors():
    documents = generate_series()
    assert len(documents) == 52
    began = time.perf_counter()
    results = [parse_document(text, name) for name, text in documents.items()]
    elapsed = time.perf_counter() - began
    assert [str(p) for r in results for p in r.problems] == []
    questions = [q for r in results for q in r.questions]
    assert [q.number for q in questions] == list(range(1, 1046))
    assert results[-1].parts[0].declared_start == 1021
    assert any(q.is_tricky for q in questions) and not all(q.is_tricky for q in questions)
    assert any("```" in q.answer for q in questions)
    assert elapsed < 2.0  # typically ~25 ms; generous for slow CI machines


def test_generated_series_is_deterministic():
    assert generate_series(parts=3, questions=30, seed=5) == generate_series(
        parts=3, questions=30, seed=5)
    assert generate_series(parts=3, questions=30, seed=5) != generate_series(
        parts=3, questions=30, seed=6)


def test_mojibake_series_is_repaired(tmp_path):
    written = write_series(tmp_path, parts=4, questions=40, mojibake=True)
    assert len(written) == 4
    result = parse_paths([tmp_path])
    assert result.problems == () and len(result.questions) == 40
    assert all("\u00e2\u20ac" not in p.title and "\u00f0\u0178" not in p.emoji
               for p in result.parts)
