"""The text of part and question headings: emoji, number ranges, bold and quotes."""

from __future__ import annotations

import re

EMOJI_RE = re.compile(r"([^\x00-\x7f\w\s]+)\s*")
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
RANGE_RE = re.compile(
    r"(?:\*\*)?\s*([0-9]{1,9})\s*[" + DASHES + r"]+\s*([0-9]{1,9})(?![0-9])\s*(?:\*\*)?"
    r"\s*(?:[:.]|[" + DASHES + r"](?=\s))?\s*(.*)",
    re.DOTALL,
)
QUESTION_NUMBER_RE = re.compile(
    r"(?:\*\*)?([0-9]{1,9})(?:\s*[.):]|(?=\s)|$)\s*(?:\*\*(?=\s|$))?\s*(.*)", re.DOTALL
)
TRICKY_RE = re.compile(
    r"(?:\*\*\s*tricky(?:\s+snippets?)?\s*:?\s*\*\*\s*:?|tricky(?:\s+snippets?)?\s*:)\s*",
    re.IGNORECASE,
)

_OPEN_QUOTES = ('"', "\u201c")
_CLOSE_QUOTES = ('"', "\u201d")


def trim_blank(lines: list[str]) -> list[str]:
    start, end = 0, len(lines)
    while start < end and not lines[start]:
        start += 1
    while end > start and not lines[end - 1]:
        end -= 1
    return lines[start:end]


def strip_outer_quotes(text: str) -> str:
    if len(text) >= 2 and text[0] in _OPEN_QUOTES and text[-1] in _CLOSE_QUOTES:
        return text[1:-1].strip()
    return text


def strip_bold(text: str) -> str:
    text = text.strip()
    if len(text) >= 4 and text.startswith("**") and text.endswith("**"):
        text = text[2:-2].strip()
    # An unbalanced ** left at either edge (e.g. "**961–980**: Title**").
    if text.count("**") % 2 == 1:
        if text.endswith("**"):
            text = text[:-2].rstrip()
        elif text.startswith("**"):
            text = text[2:].lstrip()
    return text


def shorten(text: str, limit: int = 40) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def parse_part_heading(text: str) -> tuple[str, int | None, int | None, str]:
    """Split a part heading's text into (emoji, start, end, title)."""
    text = text.strip()
    emoji = ""
    match = EMOJI_RE.match(text)
    if match:
        emoji = match.group(1)
        text = text[match.end():]
    text = strip_bold(text)
    match = RANGE_RE.fullmatch(text)
    if match:
        return emoji, int(match.group(1)), int(match.group(2)), strip_bold(match.group(3))
    return emoji, None, None, text
