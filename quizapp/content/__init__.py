"""Pure-Python parser for interview-question documents (no Django imports).

Public API::

    parse_document(text_or_bytes, path) -> ParseResult
    parse_paths(paths) -> ParseResult
"""

from .files import parse_paths
from .models import (
    Expectation, ParsedCorrection, ParsedExercise, ParsedPart, ParsedQuestion, ParseResult, ParsedSnippet, Problem,
    RunSpec,
)
from .parser import parse_document

__all__ = [
    "Expectation",
    "ParsedCorrection",
    "ParsedExercise",
    "ParsedSnippet",
    "RunSpec",
    "ParsedPart",
    "ParsedQuestion",
    "ParseResult",
    "Problem",
    "parse_document",
    "parse_paths",
]
