"""Reading documents from disk and checking a whole series across documents."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable
from pathlib import Path

from .models import ERROR, ParsedPart, ParseResult, Problem
from .parser import parse_document

DOCUMENT_SUFFIXES = (".md", ".txt")


def _expand(paths: Iterable[str | Path]) -> list[str | Problem]:
    """The files to read, in order, or a Problem where a path cannot be used."""
    files: list[str | Problem] = []
    seen: set[str] = set()

    def add(name: str) -> None:
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
                if entry.lower().endswith(DOCUMENT_SUFFIXES)
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


def parse_paths(paths: Iterable[str | Path]) -> ParseResult:
    """Parse files (a directory stands for its ``*.md``/``*.txt`` files, sorted).

    Besides each document's own problems, a question number defined in two
    documents of the same series is an error reported at the later one.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    problems: list[Problem] = []
    parts: list[ParsedPart] = []
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
    return ParseResult(parts=tuple(parts), problems=tuple(problems))
