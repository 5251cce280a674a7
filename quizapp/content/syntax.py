"""The line-level syntax every content document shares: fences, separators, HTML comments and
their `key: value` metadata."""

import re

# Fences may be indented (e.g. inside a list item). A backtick fence's info string may not contain a
# backtick, so ```code``` at a line start is inline.
FENCE_RE = re.compile(r"\s*(`{3,}|~{3,})(.*)")
SEPARATOR_RE = re.compile(r" {0,3}-{3,}")
COMMENT_RE = re.compile(r"\s*<!--(.*?)-->")
METADATA_RE = re.compile(r"\s*([A-Za-z][\w-]*)\s*:\s*(.*?)\s*")


def closes_fence(line: str, fence: tuple[str, int, int]) -> bool:
    """Whether `line` closes the fence opened as (char, length, line)."""
    stripped = line.strip()
    char, length, _ = fence
    return len(stripped) >= length and stripped[0] == char and stripped == char * len(stripped)
