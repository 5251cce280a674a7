"""Runnable content inside documents: ``#### Program``, ``#### Expected output``, ...

The subsections of a question arrive here as ``Section(line, key, lines)`` and leave
as a ``ParsedSnippet``, or as problems with file:line (exercises: ``exercises.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sandbox import checkers, languages

from .models import ERROR, WARNING, Expectation, ParsedSnippet, Problem, RunSpec
from .references import parse_references
from .topics import TOPICS

# Languages and checker kinds are the sandbox's: its registries are the only lists of them.
CHECKERS = tuple(checkers.names())
OUTPUT_CHECKERS = frozenset(name for name, checker in checkers.CHECKERS.items() if checker.needs_expected_output)
DEFAULT_CHECKER = checkers.DEFAULT_CHECKER
# A nondeterministic program's output can only be judged by a checker insensitive to order / detail.
NONDETERMINISTIC_CHECKERS = frozenset(
    name for name, checker in checkers.CHECKERS.items() if checker.fits_nondeterministic
)
DIFFICULTIES = ("1", "2", "3")

SNIPPET_SECTIONS = frozenset({
    "program", "as written", "expected output", "checker", "stdin", "explanation",
    "topic", "difficulty", "nondeterministic", "reference",
})

_FENCE_RE = re.compile(r"(\s*)(`{3,}|~{3,})(.*)")


@dataclass
class Section:
    line: int  # the '####' heading
    key: str  # normalised name: "program", "expected output", ...
    lines: list[str]


_TOOLCHAIN_SECTION_RE = re.compile(r"(expected output|checker) \(\s*([a-z0-9][a-z0-9._-]*)\s*\)")


def is_snippet_section(key: str) -> bool:
    """'program', 'topic', ... or a per-toolchain 'expected output (go1.21)' / 'checker (go1.21)'."""
    return key in SNIPPET_SECTIONS or _TOOLCHAIN_SECTION_RE.fullmatch(key) is not None


def toolchain_ids(language: str) -> list[str]:
    """The sandbox registry's toolchains for the language, the default first ([] if it has none here)."""
    try:
        return list(languages.get(language).toolchain_ids())
    except (KeyError, RuntimeError, OSError):  # unknown language, or no toolchain installed here
        return []


def section_key(heading: str) -> str:
    text = heading.strip()
    if text.startswith("**") and text.endswith("**") and len(text) >= 4:
        text = text[2:-2]
    return " ".join(text.rstrip(":").strip().lower().split())


def normalize_language(name: str) -> str | None:
    return languages.canonical_name(name.strip())


class Builder:
    def __init__(self, path: str, owner: str, problems: list[Problem]) -> None:
        self.path = path
        self.owner = owner  # "question 1028" / "exercise 'or-done'"
        self.problems = problems
        self.failed = False

    def error(self, line: int, message: str) -> None:
        self.failed = True
        self.problems.append(Problem(self.path, line, f"{self.owner}: {message}", ERROR))

    def warning(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, f"{self.owner}: {message}", WARNING))

    def index(self, sections: list[Section]) -> dict[str, Section]:
        found: dict[str, Section] = {}
        for section in sections:
            if section.key in found:
                self.error(section.line, f"second '#### {section.key.capitalize()}' (first at line "
                                         f"{found[section.key].line}); keep one")
                continue
            found[section.key] = section
        return found

    def fenced(self, section: Section) -> tuple[str, str] | None:
        """(info, code) of the section's one fenced block."""
        blocks: list[tuple[str, str, int]] = []
        outside = 0
        fence: tuple[str, int, str, int, int] | None = None  # (char, length, info, indent, line)
        body: list[str] = []
        for offset, text in enumerate(section.lines, start=1):
            if fence is None:
                match = _FENCE_RE.fullmatch(text)
                if match and not (match.group(2)[0] == "`" and "`" in match.group(3)):
                    fence = (match.group(2)[0], len(match.group(2)), match.group(3).strip(),
                             len(match.group(1)), section.line + offset)
                    body = []
                elif text.strip():
                    outside = outside or section.line + offset
                continue
            stripped = text.strip()
            if len(stripped) >= fence[1] and stripped == fence[0] * len(stripped):
                blocks.append((fence[2], "\n".join(body), fence[4]))
                fence = None
                continue
            indent = len(text) - len(text.lstrip(" "))
            body.append(text[min(indent, fence[3]):])
        name = f"'#### {section.key.capitalize()}'"
        if fence is not None:
            self.error(section.line, f"{name} has a code fence that is never closed")
            return None
        if not blocks:
            self.error(section.line, f"{name} has no fenced code block; put the text between ``` lines")
            return None
        if len(blocks) > 1:
            self.error(blocks[1][2], f"{name} has more than one fenced code block; keep one")
            return None
        if outside:
            self.warning(outside, f"text outside the code block of {name} is ignored")
        return blocks[0][0], blocks[0][1]

    def code(self, section: Section | None, language: str) -> tuple[str, str] | None:
        """(code, language); the fence's info string overrides the document's language."""
        if section is None:
            return None
        block = self.fenced(section)
        if block is None:
            return None
        info, code = block
        if info:
            language = normalize_language(info.split()[0]) or info.split()[0]
        if language not in languages.names():
            self.error(section.line, f"unknown language '{language}' for '#### "
                                     f"{section.key.capitalize()}'; use one of {', '.join(languages.names())}")
            return None
        if not code.strip():
            self.error(section.line, f"'#### {section.key.capitalize()}' is empty")
            return None
        return code.rstrip("\n") + "\n", language

    def data(self, section: Section | None) -> str | None:
        """Expected output / stdin: the fenced block's text plus a final newline ('' if empty)."""
        if section is None:
            return None
        block = self.fenced(section)
        if block is None:
            return None
        text = block[1]
        return text + "\n" if text else ""

    def markdown(self, section: Section | None) -> str:
        if section is None:
            return ""
        lines = list(section.lines)
        while lines and not lines[0]:
            lines.pop(0)
        while lines and not lines[-1]:
            lines.pop()
        return "\n".join(lines)

    def one_line(self, section: Section, example: str) -> str | None:
        """The section's single line (backticks removed), or None after an error."""
        name = f"'#### {section.key.capitalize()}'"
        rows = [row.strip() for row in section.lines if row.strip()]
        if not rows:
            self.error(section.line, f"{name} is empty; write e.g. '{example}'")
            return None
        if len(rows) > 1:
            self.warning(section.line, f"{name} has more than one line; only the first is used")
        row = rows[0]
        if len(row) >= 2 and row[0] == row[-1] == "`":
            row = row.strip("`").strip()
        return row

    def topic(self, section: Section | None, language: str) -> str:
        if section is None:
            return ""
        row = self.one_line(section, next(iter(TOPICS.get(language, {"slices": ""}))))
        if row is None:
            return ""
        topic = row.lower()
        if topic not in TOPICS.get(language, {}):
            self.error(section.line, f"unknown {language} topic '{row}'; use one of "
                                     f"{', '.join(TOPICS.get(language, {}))}")
            return ""
        return topic

    def difficulty(self, section: Section | None) -> int | None:
        if section is None:
            return None
        row = self.one_line(section, "2")
        if row is None:
            return None
        if row not in DIFFICULTIES:
            self.error(section.line, f"difficulty '{row}' should be 1, 2 or 3 (1: warm-up, 3: "
                                     "surprises experienced programmers)")
            return None
        return int(row)

    def nondeterministic(self, section: Section | None, checkers: list[str]) -> str:
        if section is None:
            return ""
        reason = self.one_line(section, "map iteration order")
        if reason is None:
            return ""
        for checker in checkers:
            if checker not in NONDETERMINISTIC_CHECKERS:
                self.error(section.line, f"a nondeterministic program needs an order- or "
                                         f"pattern-insensitive checker, not '{checker}'; use one of "
                                         f"{', '.join(sorted(NONDETERMINISTIC_CHECKERS))}")
        return reason

    def expectations(self, sections: list[Section], language: str,
                     default: RunSpec) -> tuple[tuple[str, Expectation], ...]:
        """'#### Expected output (go1.21)' / '#### Checker (go1.21)': outcomes on other toolchains."""
        by_toolchain: dict[str, dict[str, Section]] = {}
        for section in sections:
            match = _TOOLCHAIN_SECTION_RE.fullmatch(section.key)
            if not match:
                continue
            what, toolchain = match.groups()
            available = toolchain_ids(language)
            if available and toolchain == available[0]:
                self.error(section.line, f"{toolchain} is the default {language} toolchain; use the "
                                         f"plain '#### {what.capitalize()}' for it")
                continue
            if toolchain not in available[1:]:
                others = ", ".join(available[1:]) or "none"
                self.error(section.line, f"unknown {language} toolchain '{toolchain}' (the sandbox "
                                         f"offers besides the default: {others}; "
                                         "scripts/install_toolchains.sh installs them)")
                continue
            by_toolchain.setdefault(toolchain, {})[what] = section
        found = []
        for toolchain, parts in sorted(by_toolchain.items()):
            checker, arg = (self.checker(parts["checker"]) if "checker" in parts
                            else (default.checker, default.checker_arg))
            expected = self.data(parts.get("expected output"))
            if checker in OUTPUT_CHECKERS and "expected output" not in parts:
                self.error(parts["checker"].line, f"checker '{checker}' on {toolchain} compares the "
                                                  f"output, but there is no '#### Expected output "
                                                  f"({toolchain})'")
            found.append((toolchain, Expectation(expected, checker, arg)))
        return tuple(found)

    def checker(self, section: Section | None) -> tuple[str, str]:
        if section is None:
            return DEFAULT_CHECKER, ""
        row = self.one_line(section, "panic: close of nil channel")
        if row is None:
            return DEFAULT_CHECKER, ""
        kind, _, arg = row.partition(":")
        kind, arg = kind.strip().lower(), arg.strip()
        if kind not in CHECKERS:
            self.error(section.line, f"unknown checker '{kind}'; use one of {', '.join(CHECKERS)}")
            return DEFAULT_CHECKER, ""
        if kind == "regex":
            if not arg:
                self.error(section.line, "the regex checker needs a pattern: 'regex: ^\\d+$'")
            else:
                try:
                    re.compile(arg)
                except re.error as exc:
                    self.error(section.line, f"invalid regex '{arg}': {exc}")
        return kind, arg

    def run_spec(self, found: dict[str, Section], language: str, heading_line: int) -> RunSpec:
        checker, arg = self.checker(found.get("checker"))
        expected = self.data(found.get("expected output"))
        if checker in OUTPUT_CHECKERS and expected is None and "expected output" not in found:
            self.error(heading_line, f"checker '{checker}' compares the output, but there is no "
                                     "'#### Expected output'; add one (or use a panic / "
                                     "compile_error / regex checker)")
        return RunSpec(language=language, stdin=self.data(found.get("stdin")) or "",
                       expected_output=expected, checker=checker, checker_arg=arg)


def build_snippet(*, path: str, series: str, number: int, language: str, sections: list[Section],
                  line: int, problems: list[Problem]) -> ParsedSnippet | None:
    builder = Builder(path, f"question {number}", problems)
    found = builder.index(sections)
    if "program" not in found:
        builder.error(line, "has snippet sections but no '#### Program'; add the runnable program "
                            "in a fenced code block")
        return None
    program = builder.code(found["program"], language)
    if program is None:
        return None
    code, language = program
    written = builder.code(found.get("as written"), language)
    if written is not None and written[1] != language:
        builder.error(found["as written"].line, f"'#### As written' is {written[1]} but the "
                                                f"program is {language}")
    run = builder.run_spec(found, language, found["program"].line)
    expectations = builder.expectations(sections, language, run)
    checkers = [run.checker, *(expectation.checker for _, expectation in expectations)]
    topic = builder.topic(found.get("topic"), language)
    difficulty = builder.difficulty(found.get("difficulty"))
    nondeterministic = builder.nondeterministic(found.get("nondeterministic"), checkers)
    references = parse_references(builder, found.get("reference"), language)
    if builder.failed:
        return None
    return ParsedSnippet(
        series=series, number=number, program=code, run=run,
        explanation=builder.markdown(found.get("explanation")),
        document_code=written[0] if written else "", source=path, line=found["program"].line,
        topic=topic, difficulty=difficulty, nondeterministic=nondeterministic,
        expectations=expectations, references=references,
    )
