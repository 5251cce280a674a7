"""Property-based robustness: mutated documents never crash the parser."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.content import parse_document

ROOT = Path(__file__).resolve().parents[3]
SEED = (ROOT / "content" / "000_120285b7381b333a.txt").read_bytes()
SEED_LINES = SEED.decode("utf-8").split("\n")[:80]  # a few questions keeps examples fast
INTERESTING = ["---", "```", "```go", "~~~", "#### Indepth", "#### Notes", "### 7.", "### x",
               "# \U0001f9f5 **5\u20131: T**", "# ", "<!-- language: go -->",
               "<!-- foo: bar -->", '"', '""', "\r", "\ufeff", ""]

line_text = st.one_of(st.sampled_from(INTERESTING), st.text(max_size=30))


@st.composite
def mutated(draw):
    lines = list(SEED_LINES)
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "unicode"]))
        i = draw(st.integers(0, len(lines) - 1)) if lines else 0
        if op == "delete" and lines:
            del lines[i]
        elif op == "duplicate" and lines:
            lines.insert(i, lines[i])
        elif op == "swap" and len(lines) > 1:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            lines.insert(i, draw(line_text))
        elif op == "unicode" and lines:
            pos = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:pos] + draw(st.text(min_size=1, max_size=5)) + lines[i][pos:]
    text = "\n".join(lines)
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]
    data = text.encode("utf-8", errors="surrogatepass")
    if draw(st.booleans()):  # random bytes somewhere (often invalid UTF-8)
        pos = draw(st.integers(0, len(data)))
        data = data[:pos] + draw(st.binary(min_size=1, max_size=8)) + data[pos:]
    return draw(st.sampled_from(["bytes", "str"])), data


def line_count(data: bytes) -> int:
    return data.count(b"\n") + 1


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_documents_never_crash_and_problems_point_at_real_lines(sample):
    kind, data = sample
    value = data if kind == "bytes" else data.decode("utf-8", errors="replace")
    result = parse_document(value, "mutant.md")
    limit = line_count(data) + 1
    for problem in result.problems:
        assert 1 <= problem.line <= limit, str(problem)
        assert problem.message.strip(), problem
        assert problem.severity in ("error", "warning")
        assert not problem.message.startswith("internal parser error"), str(problem)
    for question in result.questions:
        assert question.title and question.answer
        assert len(question.content_hash()) == 64
    assert result.ok == (not result.errors)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_crash(data):
    result = parse_document(data, "random.bin")
    for problem in result.problems:
        assert 1 <= problem.line <= line_count(data) + 1 and problem.message


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("#-`~\"\u201c\u201d *:.<>!12 \n\r\t\ufeffa")),
               max_size=200))
def test_structural_character_soup_never_crashes(text):
    result = parse_document(text, "soup.md")
    limit = text.count("\n") + 2
    assert all(1 <= p.line <= limit and p.message for p in result.problems)
