"""Output comparison. Each checker answers (matched, diff)."""

from __future__ import annotations

import difflib
import re
from typing import Callable

from .models import CheckerSpec

MAX_DIFF_LINES = 80


def _rstrip_lines(text: str) -> list[str]:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def exact(actual: str, expected: str, arg: str | None) -> bool:
    return actual == expected


def trailing_ws(actual: str, expected: str, arg: str | None) -> bool:
    return _rstrip_lines(actual) == _rstrip_lines(expected)


def whitespace(actual: str, expected: str, arg: str | None) -> bool:
    return actual.split() == expected.split()


def unordered_lines(actual: str, expected: str, arg: str | None) -> bool:
    return sorted(_rstrip_lines(actual)) == sorted(_rstrip_lines(expected))


def regex(actual: str, expected: str, arg: str | None) -> bool:
    pattern = arg if arg is not None else expected
    return re.fullmatch(pattern, actual.rstrip(), re.DOTALL) is not None


OUTPUT_CHECKERS: dict[str, Callable[[str, str, str | None], bool]] = {
    "exact": exact,
    "trailing_ws": trailing_ws,
    "whitespace": whitespace,
    "unordered_lines": unordered_lines,
    "regex": regex,
}


def compare(spec: CheckerSpec, actual: str, expected: str) -> tuple[bool, str]:
    matched = OUTPUT_CHECKERS[spec.kind](actual, expected, spec.arg)
    return matched, "" if matched else readable_diff(spec, actual, expected)


def readable_diff(spec: CheckerSpec, actual: str, expected: str) -> str:
    if spec.kind == "regex":
        pattern = spec.arg if spec.arg is not None else expected
        return f"output does not match /{pattern}/:\n{actual[:2000]}"
    want, got = expected.splitlines(), actual.splitlines()
    if spec.kind == "unordered_lines":
        want, got = sorted(want), sorted(got)
    lines = list(difflib.unified_diff(want, got, "expected", "actual", lineterm=""))
    if not lines:  # differ only in whitespace/line endings the chosen checker cares about
        lines = ["--- expected", "+++ actual", f"-{expected!r}"[:500], f"+{actual!r}"[:500]]
    if len(lines) > MAX_DIFF_LINES:
        lines = lines[:MAX_DIFF_LINES] + [f"... ({len(lines) - MAX_DIFF_LINES} more diff lines)"]
    return "\n".join(lines)


def message_contains(message: str, fragment: str | None) -> bool:
    return fragment is None or fragment in message
