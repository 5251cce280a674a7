"""Documents that only add runnable content (format: ``content/README.md``).

``<!-- snippets-for: go -->``: ``### 1028.`` sections give question 1028 of series
``go`` (defined in another document) its ``#### Program`` and friends.
``<!-- exercises: go -->``: ``### slug: Title (from 961)`` sections are exercises.
"""

from __future__ import annotations

import re

from sandbox import languages

from .exercises import EXERCISE_SECTIONS, build_exercise
from .models import ERROR, WARNING, ParsedCorrection, ParsedExercise, ParseResult, ParsedSnippet, Problem
from .snippets import SNIPPET_SECTIONS, Section, build_snippet, is_snippet_section, normalize_language, section_key
from .syntax import COMMENT_RE, FENCE_RE, METADATA_RE, SEPARATOR_RE

SNIPPETS_KEY = "snippets-for"
EXERCISES_KEY = "exercises"
CORRECTION = "correction"  # snippets-for overlays only: the seed's text stays as written, this note corrects it

_HEADING_RE = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*))?")
_NUMBER_RE = re.compile(r"(?:\*\*)?([0-9]{1,9})\s*[.):]?(?:\*\*)?(?:\s+(.*))?", re.DOTALL)
_EXERCISE_RE = re.compile(r"([a-z0-9][a-z0-9-]*)\s*:\s*(.+?)(?:\s*\(\s*from\s+([0-9]{1,9})\s*\))?")


def _metadata(lines: list[str]) -> dict[str, str]:
    """The ``<!-- key: value -->`` comments before the first other line."""
    found: dict[str, str] = {}
    for text in lines:
        if not text.strip():
            continue
        comment = COMMENT_RE.fullmatch(text)
        if not comment:
            break
        pair = METADATA_RE.fullmatch(comment.group(1))
        if pair:
            found[pair.group(1).lower()] = pair.group(2).strip().lower()
    return found


def overlay_kind(lines: list[str]) -> str | None:
    metadata = _metadata(lines)
    for key in (SNIPPETS_KEY, EXERCISES_KEY):
        if key in metadata:
            return key
    return None


class _OverlayParser:
    def __init__(self, path: str, kind: str, series: str, language: str, problems: list[Problem]):
        self.path, self.kind, self.series, self.language = path, kind, series, language
        self.problems = problems
        self.allowed = SNIPPET_SECTIONS | {CORRECTION} if kind == SNIPPETS_KEY else EXERCISE_SECTIONS
        self.block: tuple[int, str, list[Section]] | None = None  # (line, heading text, sections)
        self.stray_reported = False
        self.seen: dict[str, int] = {}
        self.sections = 0
        self.snippets: list[ParsedSnippet] = []
        self.exercises: list[ParsedExercise] = []
        self.corrections: list[ParsedCorrection] = []

    def problem(self, line: int, message: str, severity: str = ERROR) -> None:
        self.problems.append(Problem(self.path, line, message, severity))

    def run(self, lines: list[str]) -> None:
        fence: tuple[str, int] | None = None
        for number, text in enumerate(lines, start=1):
            if fence is not None:
                stripped = text.strip()
                if len(stripped) >= fence[1] and stripped == fence[0] * len(stripped):
                    fence = None
                self.content(number, text)
                continue
            fence_match = FENCE_RE.fullmatch(text)
            if fence_match and not (fence_match.group(1)[0] == "`" and "`" in fence_match.group(2)):
                fence = (fence_match.group(1)[0], len(fence_match.group(1)))
                self.content(number, text)
                continue
            heading = _HEADING_RE.fullmatch(text)
            if heading and len(heading.group(1)) == 3:
                self.finish()
                self.sections += 1
                self.block = (number, (heading.group(2) or "").strip(), [])
            elif heading and len(heading.group(1)) == 4 and self.block is not None:
                self.subsection(number, heading.group(2) or "")
            elif heading and len(heading.group(1)) <= 2:
                self.finish()
            elif SEPARATOR_RE.fullmatch(text):
                self.finish()
            else:
                self.content(number, text)
        if fence is not None:
            self.problem(len(lines), "a code fence is never closed; add the closing ``` line")
        self.finish()
        if not self.sections:
            self.problem(1, f"document declares '{self.kind}' but has no '### ' sections", WARNING)

    def subsection(self, line: int, heading: str) -> None:
        key = section_key(heading)
        allowed = key in self.allowed or self.kind == SNIPPETS_KEY and is_snippet_section(key)
        if not allowed:
            names = ", ".join(sorted(name.capitalize() for name in self.allowed))
            self.problem(line, f"unknown subsection '#### {heading.strip()}'; use one of: {names}")
            key = f"unknown:{key}"
        self.block[2].append(Section(line, key, []))

    def content(self, line: int, text: str) -> None:
        if self.block is not None and self.block[2]:
            self.block[2][-1].lines.append(text)
        elif text.strip() and self.block is not None and not self.stray_reported:
            self.stray_reported = True
            self.problem(line, "text before the first '####' subsection is ignored", WARNING)

    def finish(self) -> None:
        if self.block is None:
            return
        line, heading, sections = self.block
        self.block, self.stray_reported = None, False
        sections = [section for section in sections if not section.key.startswith("unknown:")]
        if self.kind == SNIPPETS_KEY:
            self.finish_snippet(line, heading, sections)
        else:
            self.finish_exercise(line, heading, sections)

    def first_time(self, key: str, line: int, what: str) -> bool:
        if key in self.seen:
            self.problem(line, f"duplicate {what} (first at line {self.seen[key]}); keep one")
            return False
        self.seen[key] = line
        return True

    def finish_snippet(self, line: int, heading: str, sections: list[Section]) -> None:
        match = _NUMBER_RE.fullmatch(heading)
        if not match:
            self.problem(line, f"heading '### {heading}' has no question number; write '### 1028.'")
            return
        number = int(match.group(1))
        if not self.first_time(str(number), line, f"snippet for question {number}"):
            return
        corrections = [section for section in sections if section.key == CORRECTION]
        sections = [section for section in sections if section.key != CORRECTION]
        for section in corrections[1:]:
            self.problem(section.line, f"second '#### Correction' for question {number}; keep one")
        if corrections:
            self.add_correction(number, corrections[0])
        if sections or not corrections:
            snippet = build_snippet(path=self.path, series=self.series, number=number,
                                    language=self.language, sections=sections, line=line,
                                    problems=self.problems)
            if snippet is not None:
                self.snippets.append(snippet)

    def add_correction(self, number: int, section: Section) -> None:
        text = "\n".join(section.lines).strip()
        if not text:
            self.problem(section.line, f"'#### Correction' for question {number} is empty; say what the "
                                       "source claims and what is true")
            return
        self.corrections.append(ParsedCorrection(self.series, number, text, self.path, section.line))

    def finish_exercise(self, line: int, heading: str, sections: list[Section]) -> None:
        match = _EXERCISE_RE.fullmatch(heading)
        if not match:
            self.problem(line, f"exercise heading '### {heading}' should look like "
                               "'### or-done: Or-done channel (from 1021)' (slug: a-z, 0-9, -)")
            return
        slug, title = match.group(1), match.group(2).strip()
        number = int(match.group(3)) if match.group(3) else None
        if self.first_time(slug, line, f"exercise '{slug}'"):
            exercise = build_exercise(path=self.path, slug=slug, title=title, series=self.series,
                                      question_number=number, language=self.language,
                                      sections=sections, line=line, problems=self.problems)
            if exercise is not None:
                self.exercises.append(exercise)


def parse_overlay(lines: list[str], path: str, problems: list[Problem]) -> ParseResult:
    metadata = _metadata(lines)
    kind = overlay_kind(lines)
    series = metadata[kind]
    problems = list(problems)
    raw_language = metadata.get("language", series)
    language = normalize_language(raw_language)
    if language is None:
        problems.append(Problem(path, 1, f"unknown language '{raw_language}'; add '<!-- language: "
                                         f"{languages.names()[0]} -->' (one of {', '.join(languages.names())})", ERROR))
        return ParseResult((), tuple(problems))
    parser = _OverlayParser(path, kind, series, language, problems)
    parser.run(lines)
    return ParseResult(
        parts=(), problems=tuple(sorted(parser.problems, key=lambda p: p.line)),
        snippets=tuple(parser.snippets), exercises=tuple(parser.exercises),
        corrections=tuple(parser.corrections),
    )
