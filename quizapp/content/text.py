"""Turning raw input (bytes or str) into clean lines: UTF-8, BOM, CRLF, mojibake."""

from __future__ import annotations

import re

import ftfy

from .models import ERROR, Problem

# Only repair broken encodings; leave the author's typography (curly quotes,
# ligatures, full-width characters, HTML entities) alone.
_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    fix_line_breaks=False,
    normalization="NFC",
    explain=False,
)

_MAX_DECODE_PROBLEMS = 20
_BOM = "\ufeff"


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def _decode(data: bytes, path: str) -> tuple[str, list[Problem]]:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    # Each invalid byte becomes one lone surrogate; find them in one linear pass.
    text = data.decode("utf-8", errors="surrogateescape")
    problems: list[Problem] = []
    reported = 0
    bad_lines = 0
    line = 1
    last_pos = 0
    last_line = 0
    for match in _SURROGATE_RE.finditer(text):
        pos = match.start()
        line += text.count("\n", last_pos, pos)
        last_pos = pos
        if line == last_line:
            continue
        last_line = line
        bad_lines += 1
        if reported < _MAX_DECODE_PROBLEMS:
            reported += 1
            column = pos - (text.rfind("\n", 0, pos) + 1) + 1
            byte = ord(match.group()) - 0xDC00
            problems.append(
                Problem(
                    path,
                    line,
                    f"invalid UTF-8 byte 0x{byte:02x} at column {column}; "
                    "save the file as UTF-8",
                    ERROR,
                )
            )
    if bad_lines > reported:
        problems.append(
            Problem(
                path,
                last_line,
                f"{bad_lines - reported} more lines contain invalid UTF-8; "
                "save the file as UTF-8",
                ERROR,
            )
        )
    return _SURROGATE_RE.sub("\ufffd", text), problems


def _fix(text: str) -> str:
    try:
        return ftfy.fix_text(text, _FTFY_CONFIG)
    except Exception:  # pragma: no cover - ftfy should never fail, but never crash
        return text


def _repair(text: str) -> str:
    """Undo mojibake (UTF-8 decoded as Windows-1252, possibly twice) with ftfy.

    Only lines with non-ASCII characters can be mojibake, so only those are
    given to ftfy (in one call).  The number of lines never changes, so line
    numbers stay right.
    """
    if text.isascii():
        return text
    lines = text.split("\n")
    indexes = [i for i, line in enumerate(lines) if not line.isascii()]
    fixed = _fix("\n".join(lines[i] for i in indexes)).split("\n")
    if len(fixed) == len(indexes):
        for i, line in zip(indexes, fixed):
            lines[i] = line
    else:  # ftfy changed the number of lines: fix them one by one
        for i in indexes:
            lines[i] = _fix(lines[i]).replace("\n", " ")
    return "\n".join(lines)


def to_lines(data: str | bytes, path: str) -> tuple[list[str], list[Problem]]:
    """Decode, repair and split ``data`` into lines without trailing whitespace.

    Lines are separated by ``\\n`` (``\\r\\n`` is accepted); line *n* of the
    result is ``lines[n - 1]``.
    """
    problems: list[Problem] = []
    if isinstance(data, (bytes, bytearray, memoryview)):
        text, problems = _decode(bytes(data), path)
    elif isinstance(data, str):
        text = data
    else:
        raise TypeError(f"expected str or bytes, not {type(data).__name__}")
    if text.startswith(_BOM):
        text = text[1:]
    text = _repair(text)
    if text.startswith(_BOM):  # a double-encoded BOM only shows up after repair
        text = text[1:]
    if _SURROGATE_RE.search(text):  # lone surrogates in str input cannot be encoded
        text = _SURROGATE_RE.sub("\ufffd", text)
    lines = [line.rstrip() for line in text.split("\n")]
    return lines, problems + _nul_problems(lines, path)


def _nul_problems(lines: list[str], path: str) -> list[Problem]:
    """A NUL character cannot be stored (PostgreSQL refuses it in text) and is never meant."""
    return [
        Problem(path, number, f"NUL character (\\0) at column {line.index(chr(0)) + 1}; delete it", ERROR)
        for number, line in enumerate(lines, start=1)
        if "\x00" in line
    ][:_MAX_DECODE_PROBLEMS]
