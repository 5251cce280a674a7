"""The checker kinds: how a run's outcome is judged. The only list of them; everything else derives from it.

An output checker compares stdout with the expected output; an outcome checker (compile_error,
panic) judges how the program ended. Every checker answers with a Judgement over the run's Facts;
sandbox.api turns that into a verdict. This module knows nothing of requests or results.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Callable, Optional, Protocol


class Spec(Protocol):
    """A checker named in a request (models.CheckerSpec has this shape)."""

    kind: str
    arg: Optional[str]


@dataclass(frozen=True)
class Facts:
    """What a checker may look at: how the program ended, and what it printed."""

    compile_output: Optional[str] = None  # None: it compiled (or has no build); else why it did not
    failed: bool = False  # ran and did not exit 0
    error_message: str = ""  # the panic / uncaught exception, if any
    stderr: str = ""
    stdout: str = ""
    expected_output: Optional[str] = None


@dataclass(frozen=True)
class Judgement:
    accepted: bool
    message: str  # one sentence for people: why
    diff: str = ""


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


def compile_error(facts: Facts, fragment: str | None) -> Judgement:
    if facts.compile_output is None:
        return Judgement(False, "expected a compile error, but the program compiled")
    if message_contains(facts.compile_output, fragment):
        return Judgement(True, "compile error as expected")
    return Judgement(False, f"compile error does not mention {fragment!r}",
                     f"expected a compile error containing {fragment!r}, got:\n{facts.compile_output}")


def panic(facts: Facts, fragment: str | None) -> Judgement:
    if not facts.failed:
        return Judgement(False, "expected the program to panic / raise, but it exited normally")
    if facts.error_message and message_contains(facts.error_message, fragment):
        return Judgement(True, "failed with the expected panic / exception")
    return Judgement(False, f"the program failed, but not with a panic / exception containing {fragment!r}",
                     f"expected: {fragment!r}\nactual: {facts.error_message or facts.stderr[-500:]!r}")


@dataclass(frozen=True)
class Checker:
    name: str
    title: str
    matches: Callable[[str, str, str | None], bool] | None  # an output checker's comparison
    needs_expected_output: bool  # the content must give '#### Expected output'
    fits_nondeterministic: bool  # insensitive to the order or detail a nondeterministic program varies
    outcome: Callable[[Facts, str | None], Judgement] | None = None  # an outcome checker's judge
    judges_compile_errors: bool = False  # a compile error is its question (and a clean build its answer)

    @property
    def compares_output(self) -> bool:
        return self.matches is not None

    @property
    def judges_failures(self) -> bool:
        """A compile error or a failed run is this checker's question, not a verdict of its own."""
        return self.outcome is not None

    def judge(self, facts: Facts, arg: str | None) -> Judgement:
        """Judge a run that compiled and exited 0 (an output checker) or any run (an outcome checker)."""
        if self.outcome is not None:
            return self.outcome(facts, arg)
        actual, expected = facts.stdout, facts.expected_output or ""
        if self.matches(actual, expected, arg):
            return Judgement(True, "output matches")
        return Judgement(False, f"output differs from the expected output ({self.name})",
                         readable_diff(self.name, arg, actual, expected))


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
    Checker("compile_error", "Does not compile", None, needs_expected_output=False, fits_nondeterministic=True,
            outcome=compile_error, judges_compile_errors=True),
    Checker("panic", "Panics / raises", None, needs_expected_output=False, fits_nondeterministic=True,
            outcome=panic),
)}
DEFAULT_CHECKER = "trailing_ws"


def names() -> list[str]:
    return list(CHECKERS)


def compare(spec: Spec, actual: str, expected: str) -> tuple[bool, str]:
    """An output checker's answer for this output: (matched, diff)."""
    matched = CHECKERS[spec.kind].matches(actual, expected, spec.arg)
    return matched, "" if matched else readable_diff(spec.kind, spec.arg, actual, expected)


def readable_diff(kind: str, arg: str | None, actual: str, expected: str) -> str:
    if kind == "regex":
        pattern = arg if arg is not None else expected
        return f"output does not match /{pattern}/:\n{actual[:2000]}"
    want, got = expected.splitlines(), actual.splitlines()
    if kind == "unordered_lines":
        want, got = sorted(want), sorted(got)
    lines = list(difflib.unified_diff(want, got, "expected", "actual", lineterm=""))
    if not lines:  # differ only in whitespace/line endings the chosen checker cares about
        lines = ["--- expected", "+++ actual", f"-{expected!r}"[:500], f"+{actual!r}"[:500]]
    if len(lines) > MAX_DIFF_LINES:
        lines = lines[:MAX_DIFF_LINES] + [f"... ({len(lines) - MAX_DIFF_LINES} more diff lines)"]
    return "\n".join(lines)


def message_contains(message: str, fragment: str | None) -> bool:
    return fragment is None or fragment in message
