"""Immutable value objects produced by the content parser (no Django here)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """Something wrong (``error``) or suspicious (``warning``) in a document."""

    path: str
    line: int
    message: str
    severity: str  # "error" | "warning"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class ParsedQuestion:
    number: int
    title: str  # Markdown inline text, tricky marker removed, stripped
    answer: str  # Markdown, outer quotes removed
    indepth: str  # Markdown; "" when the section is missing
    is_tricky: bool
    line: int  # 1-based line of the ``### N.`` heading

    @property
    def has_indepth(self) -> bool:
        return bool(self.indepth)

    def content_hash(self) -> str:
        """sha256 hex digest of the question's content (not of its position)."""
        payload = json.dumps(
            [self.number, self.title, self.answer, self.indepth, self.is_tricky],
            ensure_ascii=False,
            separators=(",", ":"),
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ParsedPart:
    title: str
    emoji: str
    declared_start: int | None
    declared_end: int | None
    language: str
    series: str
    source: str
    line: int
    questions: tuple[ParsedQuestion, ...]


def _digest(values: list) -> str:
    payload = json.dumps(values, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class RunSpec:
    """How a program is run and judged (the sandbox's request, minus the source)."""

    language: str
    stdin: str = ""
    expected_output: str | None = None  # None: the document has no '#### Expected output'
    checker: str = "trailing_ws"
    checker_arg: str = ""

    def as_list(self) -> list:
        return [self.language, self.stdin, self.expected_output, self.checker, self.checker_arg]


@dataclass(frozen=True)
class Expectation:
    """The outcome a program must have on one other toolchain (``#### Expected output (go1.21)``)."""

    expected_output: str | None
    checker: str
    checker_arg: str = ""

    def as_dict(self) -> dict:
        return {"expected_output": self.expected_output or "", "checker_kind": self.checker,
                "checker_arg": self.checker_arg}


@dataclass(frozen=True)
class ParsedSnippet:
    """The runnable program of a tricky question (``#### Program`` and friends)."""

    series: str
    number: int
    program: str
    run: RunSpec
    explanation: str  # Markdown
    document_code: str  # '#### As written': the document's code as a program; "" if none
    source: str
    line: int  # the '#### Program' heading (or the question heading)
    topic: str = ""  # a slug of quizapp.content.topics.TOPICS[language]; "" if none
    difficulty: int | None = None  # 1..3
    nondeterministic: str = ""  # why the output varies between runs; "" when it does not
    expectations: tuple[tuple[str, Expectation], ...] = ()  # (toolchain id, outcome), sorted
    references: tuple[tuple[str, str], ...] = ()  # '#### Reference': (title, url) where the rule is written

    @property
    def slug(self) -> str:
        return f"{self.series}-{self.number}"

    def expectations_dict(self) -> dict[str, dict]:
        return {toolchain: expectation.as_dict() for toolchain, expectation in self.expectations}

    def content_hash(self) -> str:
        return _digest([self.slug, self.program, self.run.as_list(), self.explanation,
                        self.document_code, self.topic, self.difficulty, self.nondeterministic,
                        self.expectations_dict(), [list(pair) for pair in self.references]])


@dataclass(frozen=True)
class ParsedCorrection:
    """An overlay's ``#### Correction``: what a source document gets wrong, shown next to its text."""

    series: str
    number: int
    text: str  # Markdown
    source: str
    line: int


@dataclass(frozen=True)
class ParsedExercise:
    """An exercise: prompt, starter code, and a canonical solution (+ hidden harness)."""

    slug: str
    title: str
    series: str
    question_number: int | None  # '(from N)' in the heading
    prompt: str  # Markdown
    starter: str
    solution: str
    harness: str  # appended to the learner's (or the solution's) code
    run: RunSpec
    explanation: str
    source: str
    line: int
    difficulty: int | None = None
    hints: tuple[str, ...] = ()  # Markdown, shown one at a time

    def content_hash(self) -> str:
        return _digest([self.slug, self.title, self.series, self.question_number, self.prompt,
                        self.starter, self.solution, self.harness, self.run.as_list(),
                        self.explanation, self.difficulty, list(self.hints)])


@dataclass(frozen=True)
class ParseResult:
    parts: tuple[ParsedPart, ...]
    problems: tuple[Problem, ...]
    snippets: tuple[ParsedSnippet, ...] = ()
    exercises: tuple[ParsedExercise, ...] = ()
    corrections: tuple[ParsedCorrection, ...] = ()

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == WARNING)

    @property
    def ok(self) -> bool:
        return not any(p.severity == ERROR for p in self.problems)

    @property
    def questions(self) -> tuple[ParsedQuestion, ...]:
        """All questions of all parts, in document order (convenience)."""
        return tuple(q for part in self.parts for q in part.questions)
