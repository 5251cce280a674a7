"""Exercises: ``### slug: Title (from N)`` sections of an ``<!-- exercises: SERIES -->`` document.

Their subsections arrive as ``Section(line, key, lines)`` and leave as a ``ParsedExercise``,
or as problems with file:line; the code, checker and output sections are read as snippets' are.
"""

from __future__ import annotations

import re

from .models import ParsedExercise, Problem
from .snippets import Section, Builder

EXERCISE_SECTIONS = frozenset({
    "prompt", "starter", "solution", "harness", "expected output", "checker", "stdin", "explanation",
    "difficulty", "hints",
})
_HINT_ITEM_RE = re.compile(r"^(?:[-*]|\d+[.)])\s+")


def _hints(builder: Builder, section: Section | None) -> tuple[str, ...]:
    """`#### Hints`: a Markdown list, one hint per top-level item, revealed one at a time."""
    if section is None:
        return ()
    hints: list[list[str]] = []
    for line in section.lines:
        if _HINT_ITEM_RE.match(line):
            hints.append([_HINT_ITEM_RE.sub("", line, count=1)])
        elif hints:
            hints[-1].append(line[4:] if line.startswith("    ") else line.strip())
    found = tuple("\n".join(hint).strip() for hint in hints if "".join(hint).strip())
    if not found:
        builder.error(section.line, "'#### Hints' has no list items; write one '- hint' per line")
    return found


def build_exercise(*, path: str, slug: str, title: str, series: str, question_number: int | None,
                   language: str, sections: list[Section], line: int,
                   problems: list[Problem]) -> ParsedExercise | None:
    builder = Builder(path, f"exercise '{slug}'", problems)
    found = builder.index(sections)
    for required in ("prompt", "starter", "solution"):
        if required not in found:
            builder.error(line, f"has no '#### {required.capitalize()}'")
    if builder.failed:
        return None
    solution = builder.code(found["solution"], language)
    if solution is None:
        return None
    code, language = solution
    starter = builder.code(found["starter"], language)
    harness = builder.code(found.get("harness"), language)
    for name, block in (("starter", starter), ("harness", harness)):
        if block is not None and block[1] != language:
            builder.error(found[name].line, f"'#### {name.capitalize()}' is {block[1]} but the "
                                            f"solution is {language}")
    prompt = builder.markdown(found["prompt"])
    if not prompt:
        builder.error(found["prompt"].line, "'#### Prompt' is empty; say what to write")
    run = builder.run_spec(found, language, found["solution"].line)
    if builder.failed or starter is None:
        return None
    return ParsedExercise(
        slug=slug, title=title, series=series, question_number=question_number, prompt=prompt,
        starter=starter[0], solution=code, harness=harness[0] if harness else "", run=run,
        explanation=builder.markdown(found.get("explanation")), source=path, line=line,
        difficulty=builder.difficulty(found.get("difficulty")), hints=_hints(builder, found.get("hints")),
    )
