"""Reading documents from disk and checking a whole series across documents."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable
from pathlib import Path

from .models import ERROR, ParsedCorrection, ParsedExercise, ParsedPart, ParseResult, ParsedSnippet, Problem
from .parser import parse_document

DOCUMENT_SUFFIXES = (".md", ".txt")
NOT_DOCUMENTS = frozenset({"readme.md", "readme.txt"})  # a folder's README describes the format


def _expand(paths: Iterable[str | Path]) -> list[str | Problem]:
    """The files to read, in order, or a Problem where a path cannot be used."""
    files: list[str | Problem] = []
    seen: set[str] = set()

    def add(name: str) -> None:
        if os.path.basename(name).lower() in NOT_DOCUMENTS:
            return
        key = os.path.realpath(name)
        if key not in seen:
            seen.add(key)
            files.append(name)

    for item in paths:
        name = os.fspath(item)
        if os.path.isdir(name):
            try:
                entries = sorted(os.listdir(name))
            except OSError as exc:
                files.append(Problem(name, 1, f"cannot list directory: {exc.strerror}", ERROR))
                continue
            children = [
                os.path.join(name, entry)
                for entry in entries
                if entry.lower().endswith(DOCUMENT_SUFFIXES) and entry.lower() not in NOT_DOCUMENTS
                and os.path.isfile(os.path.join(name, entry))
            ]
            if not children:
                files.append(Problem(name, 1, "directory contains no .md or .txt "
                                                 "documents", ERROR))
            for child in children:
                add(child)
        else:
            add(name)
    return files


def parse_paths(paths: Iterable[str | Path],
                known_questions: Iterable[tuple[str, int]] = ()) -> ParseResult:
    """Parse files (a directory stands for its ``*.md``/``*.txt`` files, sorted).

    Besides each document's own problems, a question number defined in two
    documents of the same series is an error reported at the later one, and so
    is a snippet or exercise for a question that neither these documents nor
    ``known_questions`` (``(series, number)`` pairs, e.g. from the database) define.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    problems: list[Problem] = []
    parts: list[ParsedPart] = []
    snippets: list[ParsedSnippet] = []
    exercises: list[ParsedExercise] = []
    corrections: list[ParsedCorrection] = []
    first_seen: dict[tuple[str, int], tuple[str, int]] = {}
    for name in _expand(paths):
        if isinstance(name, Problem):
            problems.append(name)
            continue
        try:
            with open(name, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            problems.append(Problem(name, 1, f"cannot read file: {exc.strerror or exc}", ERROR))
            continue
        result = parse_document(data, name)
        problems.extend(result.problems)
        snippets.extend(result.snippets)
        exercises.extend(result.exercises)
        corrections.extend(result.corrections)
        for part in result.parts:
            kept = []
            for question in part.questions:
                key = (part.series, question.number)
                if key in first_seen:
                    other_path, other_line = first_seen[key]
                    problems.append(
                        Problem(
                            name,
                            question.line,
                            f"duplicate question number {question.number} in series "
                            f"'{part.series}' (also defined at {other_path}:{other_line}); "
                            "renumber one of them",
                            ERROR,
                        )
                    )
                    continue
                first_seen[key] = (name, question.line)
                kept.append(question)
            if len(kept) != len(part.questions):
                part = dataclasses.replace(part, questions=tuple(kept))
            parts.append(part)
    defined = set(first_seen) | set(known_questions)
    snippets, exercises = _check_runnable(snippets, exercises, defined, problems)
    _report_duplicate_programs(snippets, problems)
    corrections = [c for c in corrections if _defined(c, defined, problems)]
    return ParseResult(parts=tuple(parts), problems=tuple(problems), snippets=tuple(snippets),
                       exercises=tuple(exercises), corrections=tuple(corrections))


def _defined(correction: ParsedCorrection, defined: set[tuple[str, int]], problems: list[Problem]) -> bool:
    if (correction.series, correction.number) in defined:
        return True
    problems.append(Problem(correction.source, correction.line,
                            f"'#### Correction' is for question {correction.number}, but series "
                            f"'{correction.series}' has no question {correction.number}", ERROR))
    return False


def _check_runnable(snippets: list[ParsedSnippet], exercises: list[ParsedExercise],
                    defined: set[tuple[str, int]], problems: list[Problem]):
    """Drop (with an error) snippets and exercises whose question or slug is wrong."""
    slugs: dict[str, tuple[str, int]] = {}

    def keep(slug: str, source: str, line: int, number: int | None, series: str, what: str) -> bool:
        if number is not None and (series, number) not in defined:
            problems.append(Problem(source, line, f"{what} is for question {number}, but series "
                                                  f"'{series}' has no question {number}; fix the "
                                                  "number or add the question", ERROR))
            return False
        if slug in slugs:
            other = "%s:%d" % slugs[slug]
            problems.append(Problem(source, line, f"{what}: slug '{slug}' is already used at "
                                                  f"{other}; rename one of them", ERROR))
            return False
        slugs[slug] = (source, line)
        return True

    kept_snippets = [s for s in snippets
                     if keep(s.slug, s.source, s.line, s.number, s.series, f"snippet '{s.slug}'")]
    kept_exercises = [e for e in exercises
                      if keep(e.slug, e.source, e.line, e.question_number, e.series,
                              f"exercise '{e.slug}'")]
    return kept_snippets, kept_exercises


def normalized_program(program: str) -> str:
    """The program with every run of whitespace collapsed: what 'the same program' means."""
    return " ".join(program.split())


def duplicate_programs(snippets) -> list[tuple[ParsedSnippet, ParsedSnippet]]:
    """(first, later) pairs of snippets whose programs differ only in whitespace."""
    first: dict[str, ParsedSnippet] = {}
    pairs = []
    for snippet in snippets:
        key = normalized_program(snippet.program)
        if key in first:
            pairs.append((first[key], snippet))
        else:
            first[key] = snippet
    return pairs


def _report_duplicate_programs(snippets: list[ParsedSnippet], problems: list[Problem]) -> None:
    for other, snippet in duplicate_programs(snippets):
        problems.append(Problem(snippet.source, snippet.line, f"snippet '{snippet.slug}' has the "
                                f"same program as '{other.slug}' ({other.source}:{other.line}); "
                                "each trap once: change or remove one of them", ERROR))

