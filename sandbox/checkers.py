"""The checker kinds: how a run's outcome is judged. The only list of them; everything else derives from it.

An output checker compares stdout with the expected output and answers (matched, diff); an outcome
checker (compile_error, panic) is judged by how the program ended (sandbox.api).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
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


@dataclass(frozen=True)
class Checker:
    name: str
    title: str
    matches: Callable[[str, str, str | None], bool] | None  # None: an outcome checker
    needs_expected_output: bool  # the content must give '#### Expected output'
    fits_nondeterministic: bool  # insensitive to the order or detail a nondeterministic program varies

    @property
    def compares_output(self) -> bool:
        return self.matches is not None


CHECKERS: dict[str, Checker] = {checker.name: checker for checker in (
    Checker("exact", "Exact output", exact, needs_expected_output=True, fits_nondeterministic=False),
    Checker("trailing_ws", "Output, ignoring trailing whitespace", trailing_ws,
            needs_expected_output=True, fits_nondeterministic=False),
    Checker("whitespace", "Output, ignoring all whitespace", whitespace,
            needs_expected_output=True, fits_nondeterministic=False),
    Checker("unordered_lines", "Output lines in any order", unordered_lines,
            needs_expected_output=True, fits_nondeterministic=True),
    Checker("regex", "Output matching a regular expression", regex,
            needs_expected_output=False, fits_nondeterministic=True),
    Checker("compile_error", "Does not compile", None, needs_expected_output=False, fits_nondeterministic=True),
    Checker("panic", "Panics / raises", None, needs_expected_output=False, fits_nondeterministic=True),
)}
DEFAULT_CHECKER = "trailing_ws"


def names() -> list[str]:
    return list(CHECKERS)


def compare(spec: CheckerSpec, actual: str, expected: str) -> tuple[bool, str]:
    matched = CHECKERS[spec.kind].matches(actual, expected, spec.arg)
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
