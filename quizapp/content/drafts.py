"""What the parser holds of a part and a question while it reads their lines."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .headings import strip_outer_quotes, trim_blank
from .models import ParsedQuestion
from .snippets import Section


@dataclass
class QuestionDraft:
    number: int | None  # None: malformed heading, lines are swallowed silently
    title: str
    is_tricky: bool
    line: int
    answer: list[str] = field(default_factory=list)
    # (heading line, heading name or None for Indepth, lines)
    sections: list[tuple[int, str | None, list[str]]] = field(default_factory=list)
    snippet_sections: list[Section] = field(default_factory=list)
    target: list[str] | None = None  # lines of the open subsection; None: the answer

    def add(self, text: str) -> None:
        (self.answer if self.target is None else self.target).append(text)

    def answer_text(self) -> str:
        return strip_outer_quotes("\n".join(trim_blank(self.answer)).strip())

    def indepth(self, warn: Callable[[int, str], None]) -> str:
        """The Indepth text and the other subsections kept with it; an empty Indepth is warned about."""
        chunks: list[str] = []
        for line, heading, lines in self.sections:
            body = "\n".join(trim_blank(lines))
            if heading is None:
                if not body:
                    warn(line, f"'#### Indepth' of question {self.number} is empty; "
                               "write the explanation or remove the heading")
                    continue
                chunks.append(body)
            else:
                chunks.append(f"#### {heading}\n\n{body}" if body else f"#### {heading}")
        return "\n\n".join(chunks)


@dataclass
class PartDraft:
    title: str
    emoji: str
    declared_start: int | None
    declared_end: int | None
    line: int
    questions: list[ParsedQuestion] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)  # every numbered heading
