"""Small builders for inline test documents."""

from __future__ import annotations

from quizapp.content import ParseResult, parse_document

import re

HEADING = "# \U0001f9f5 **Basics (Part 1)**"  # no range: fits any set of questions


def question(number: int, title: str = "What is a goroutine?", answer: str = '"A light thread."',
             indepth: str | None = "Scheduled by the runtime.", separator: bool = True) -> str:
    lines = [f"### {number}. {title}", answer]
    if indepth is not None:
        lines += ["", "#### Indepth", indepth]
    if separator:
        lines += ["", "---"]
    return "\n".join(lines) + "\n\n"


def document(*questions: str, heading: str | None = None, meta: str = "") -> str:
    """A part with ``questions`` (default: 1-3) under a heading whose range fits them."""
    if not questions:
        questions = (question(1), question(2), question(3))
    if heading is None:
        numbers = [int(n) for q in questions for n in re.findall(r"^### (\d+)\.", q, re.M)]
        heading = f"# \U0001f9f5 **{min(numbers)}\u2013{max(numbers)}: Basics (Part 1)**"
    return meta + heading + "\n\n" + "".join(questions)


def lines(*rows: str) -> str:
    """Join rows with newlines: row k of the argument list is line k of the text."""
    return "\n".join(rows) + "\n"


def parse(text: str | bytes, path: str = "doc.md") -> ParseResult:
    return parse_document(text, path)


def only(result: ParseResult, severity: str | None = None):
    """The single problem (of ``severity``) in ``result``."""
    problems = [p for p in result.problems if severity is None or p.severity == severity]
    assert len(problems) == 1, [str(p) for p in result.problems]
    return problems[0]
