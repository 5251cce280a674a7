"""Parser for one interview-question document (format: ``quizapp/content/README.md``).

The parser is a single pass over the lines of a document.  It never raises on
any input: everything wrong with a document is reported as a ``Problem``.
"""

from __future__ import annotations

import re

from .drafts import PartDraft, QuestionDraft
from .headings import QUESTION_NUMBER_RE, TRICKY_RE, parse_part_heading, shorten, strip_bold
from .models import ERROR, WARNING, ParsedPart, ParsedQuestion, ParseResult, ParsedSnippet, Problem
from .overlays import overlay_kind, parse_overlay
from .snippets import Section, build_snippet, is_snippet_section, normalize_language, section_key
from .syntax import COMMENT_RE, FENCE_RE, METADATA_RE, SEPARATOR_RE, closes_fence
from .text import to_lines

DEFAULT_LANGUAGE = "go"
KNOWN_METADATA = ("language", "series")

# Headings may be indented by up to three spaces (as in CommonMark).
_PART_RE = re.compile(r" {0,3}#(?:[ \t]+(.*))?")
_QUESTION_RE = re.compile(r" {0,3}###(?:[ \t]+(.*))?")
_SUBSECTION_RE = re.compile(r" {0,3}####(?:[ \t]+(.*))?")
_INDEPTH_NAMES = frozenset({"indepth", "in depth", "in-depth"})


class _DocumentParser:
    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.metadata: dict[str, str] = {}
        self.parts: list[PartDraft] = []
        self.part: PartDraft | None = None
        self.question: QuestionDraft | None = None
        self.stray_reported = False  # one warning per block of stray text
        self.orphans: list[int] = []  # lines of questions before any part heading
        self.seen: dict[int, int] = {}  # question number -> line
        self.previous_number: int | None = None
        self.has_content = False
        self.snippets: list[ParsedSnippet] = []

    # -- problems --------------------------------------------------------
    def error(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message, ERROR))

    def warning(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message, WARNING))

    # -- main loop -------------------------------------------------------
    def run(self, lines: list[str]) -> None:
        fence: tuple[str, int, int] | None = None  # (char, length, line)
        in_comment = 0  # line where an open multi-line HTML comment started
        for number, line in enumerate(lines, start=1):
            if fence is not None:
                self.content(number, line)
                if closes_fence(line, fence):
                    fence = None
                continue
            if in_comment:
                if "-->" in line:
                    in_comment = 0
                continue
            if not line:
                self.content(number, line)
                continue
            first = line.lstrip()[:1]
            if first in "`~":
                match = FENCE_RE.fullmatch(line)
                if match and not (match.group(1)[0] == "`" and "`" in match.group(2)):
                    fence = (match.group(1)[0], len(match.group(1)), number)
                    self.content(number, line)
                    continue
            elif first == "#":
                if self.heading(number, line):
                    continue
            elif first == "-":
                if SEPARATOR_RE.fullmatch(line):
                    self.separator()
                    continue
            elif first == "<" and not self.parts and self.question is None:
                match = COMMENT_RE.fullmatch(line)
                if match:
                    self.comment(number, match.group(1))
                    continue
                if line.lstrip().startswith("<!--"):
                    in_comment = number
                    continue
            self.content(number, line)
        self.finish_document(fence, in_comment)

    def finish_document(self, fence: tuple[str, int, int] | None, in_comment: int) -> None:
        self.finish_question()
        self.finish_part()
        if fence is not None:
            self.error(
                fence[2],
                f"code fence {fence[0] * fence[1]} opened here is never closed; "
                f"add a closing {fence[0] * fence[1]} line",
            )
        if in_comment:
            self.error(in_comment, "HTML comment opened here is never closed; add '-->'")
        elif not self.parts:
            if not self.has_content:
                self.error(1, "document is empty; add a part heading such as "
                              "'# \U0001f9f5 **1\u201320: Title**' followed by questions")
            else:
                self.error(1, "document has no part heading; start it with a line such as "
                              "'# \U0001f9f5 **1\u201320: Title**'")
        else:
            for line in self.orphans:
                self.error(line, "question appears before any part heading; move it below "
                                 "a '# N\u2013M: Title' heading")

    def heading(self, number: int, line: int) -> bool:
        text = line.lstrip()
        hashes = len(text) - len(text.lstrip("#"))
        if hashes == 1:
            match = _PART_RE.fullmatch(line)
            if match:
                self.start_part(number, match.group(1) or "")
                return True
        elif hashes == 3:
            match = _QUESTION_RE.fullmatch(line)
            if match:
                self.start_question(number, match.group(1) or "")
                return True
        elif hashes == 4:
            match = _SUBSECTION_RE.fullmatch(line)
            if match:
                self.subsection(number, match.group(1) or "")
                return True
        return False

    # -- metadata --------------------------------------------------------
    def comment(self, line: int, body: str) -> None:
        match = METADATA_RE.fullmatch(body)
        if not match:
            return  # an ordinary comment
        key, value = match.group(1).lower(), match.group(2).strip().lower()
        if key not in KNOWN_METADATA:
            self.warning(line, f"unknown metadata key '{match.group(1)}' is ignored; "
                               f"known keys are {', '.join(KNOWN_METADATA)}")
            return
        if not value:
            self.warning(line, f"metadata '{key}' has no value and is ignored; "
                               f"write '<!-- {key}: VALUE -->'")
            return
        if key in self.metadata and self.metadata[key] != value:
            self.warning(line, f"metadata '{key}' is set again; '{value}' replaces "
                               f"'{self.metadata[key]}'")
        self.metadata[key] = value

    # -- structure -------------------------------------------------------
    def content(self, line: int, text: str) -> None:
        if self.question is not None:
            self.question.add(text)
            return
        if not text:
            return
        self.has_content = True
        if not self.stray_reported:
            self.stray_reported = True
            where = "before the part heading" if self.part is None else "outside any question"
            self.warning(line, f"text {where} is ignored: '{shorten(text)}'; move it into "
                               "a question (or its '#### Indepth') or delete it")

    def separator(self) -> None:
        self.finish_question()
        self.stray_reported = False

    def start_part(self, line: int, text: str) -> None:
        self.finish_question()
        self.finish_part()
        self.has_content = True
        self.stray_reported = False
        emoji, start, end, title = parse_part_heading(text)
        if not title:
            self.warning(line, "part heading has no title; write it as "
                               "'# \U0001f9f5 **N\u2013M: Title**'")
        if start is not None and end is not None and start > end:
            self.error(line, f"part heading range {start}\u2013{end} starts after it ends; "
                             f"write it as {end}\u2013{start}")
        self.part = PartDraft(title, emoji, start, end, line)
        self.parts.append(self.part)

    def finish_part(self) -> None:
        part = self.part
        if part is None:
            return
        self.part = None
        if not part.numbers:
            self.warning(part.line, f"part '{shorten(part.title)}' has no questions")
            return
        start, end = part.declared_start, part.declared_end
        if start is None or end is None or start > end:
            return
        low, high = min(part.numbers), max(part.numbers)
        if (start, end) != (low, high):
            self.warning(
                part.line,
                f"part heading declares questions {start}\u2013{end} but its questions are "
                f"numbered {low}\u2013{high}; correct the heading range",
            )

    def start_question(self, line: int, text: str) -> None:
        self.finish_question()
        self.has_content = True
        self.stray_reported = False
        match = QUESTION_NUMBER_RE.fullmatch(text.strip())
        if not match:
            self.error(line, f"question heading '### {shorten(text)}' has no number; "
                             "write it as '### N. Question text'")
            self.question = QuestionDraft(None, "", False, line)
            return
        number = int(match.group(1))
        title = match.group(2).strip()
        tricky = TRICKY_RE.match(title)
        if tricky:
            title = title[tricky.end():].strip()
        self.question = QuestionDraft(number, title, bool(tricky), line)
        if self.part is None:
            self.orphans.append(line)
            self.question.number = None  # parse, then drop it
            return
        self.part.numbers.append(number)
        if number in self.seen:
            self.error(line, f"duplicate question number {number} (first defined at line "
                             f"{self.seen[number]}); renumber one of them")
            self.question.number = None
            return
        self.seen[number] = line
        if self.previous_number is not None and number < self.previous_number:
            self.warning(line, f"question {number} comes after question "
                               f"{self.previous_number}; question numbers should increase")
        self.previous_number = number

    def subsection(self, line: int, text: str) -> None:
        question = self.question
        if question is None:
            self.content(line, f"#### {text}")
            return
        name = strip_bold(text).rstrip(":").strip()
        key = section_key(name)
        if is_snippet_section(key):
            question.snippet_sections.append(Section(line, key, []))
            question.target = question.snippet_sections[-1].lines
            return
        if name.lower() in _INDEPTH_NAMES:
            if any(heading is None for _, heading, _ in question.sections):
                self.warning(line, f"question {question.number} has a second "
                                   "'#### Indepth'; its text is appended to the first")
            question.sections.append((line, None, []))
            question.target = question.sections[-1][2]
        else:
            if question.number is not None:
                self.warning(line, f"unknown subsection '#### {shorten(text)}' in question "
                                   f"{question.number}; its text is appended to Indepth "
                                   "(rename it to '#### Indepth')")
            question.sections.append((line, text.strip(), []))
            question.target = question.sections[-1][2]

    def finish_question(self) -> None:
        question = self.question
        if question is None:
            return
        self.question = None
        if question.number is None:
            return
        number = question.number
        answer = question.answer_text()
        indepth = question.indepth(self.warning)
        failed = False
        if not question.title:
            self.error(question.line, f"question {number} has no title; write it as "
                                      f"'### {number}. Question text'")
            failed = True
        if not answer:
            self.error(question.line, f"question {number} has no answer text; add the "
                                      "answer in double quotes below the heading")
            failed = True
        if failed or self.part is None:
            return
        if question.snippet_sections:
            snippet = build_snippet(
                path=self.path, series=self.series, number=number, language=self.language,
                sections=question.snippet_sections, line=question.line, problems=self.problems,
            )
            if snippet is not None:
                self.snippets.append(snippet)
        self.part.questions.append(
            ParsedQuestion(
                number=number,
                title=question.title,
                answer=answer,
                indepth=indepth,
                is_tricky=question.is_tricky,
                line=question.line,
            )
        )

    @property
    def language(self) -> str:
        value = self.metadata.get("language", DEFAULT_LANGUAGE)
        return normalize_language(value) or value

    @property
    def series(self) -> str:
        return self.metadata.get("series", self.language)

    def result(self) -> ParseResult:
        language, series = self.language, self.series
        parts = tuple(
            ParsedPart(
                title=part.title,
                emoji=part.emoji,
                declared_start=part.declared_start,
                declared_end=part.declared_end,
                language=language,
                series=series,
                source=self.path,
                line=part.line,
                questions=tuple(part.questions),
            )
            for part in self.parts
        )
        problems = sorted(self.problems, key=lambda p: p.line)  # stable: keeps order per line
        return ParseResult(parts=parts, problems=tuple(problems), snippets=tuple(self.snippets))


def parse_document(text: str | bytes, path: str) -> ParseResult:
    """Parse one document (normally one part; each ``# `` heading starts a part)."""
    path = str(path)
    try:
        lines, problems = to_lines(text, path)
    except TypeError as exc:
        return ParseResult((), (Problem(path, 1, f"cannot parse: {exc}", ERROR),))
    if overlay_kind(lines) is not None:
        return parse_overlay(lines, path, problems)
    parser = _DocumentParser(path)
    parser.problems.extend(problems)
    try:
        parser.run(lines)
    except Exception as exc:  # pragma: no cover - safety net: an import must never crash
        parser.problems.append(
            Problem(path, 1, f"internal parser error ({exc!r}); please report this document",
                    ERROR)
        )
    return parser.result()
