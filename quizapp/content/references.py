"""``#### Reference`` (where a snippet's rule is written) and ``#### Correction`` (an overlay's
visible correction of what a source document claims)."""

from __future__ import annotations

import re

# A reference must point at the language's own documentation: the rule as its authors wrote it.
REFERENCE_PREFIXES = {
    "go": ("https://go.dev/",),
    "python": ("https://docs.python.org/", "https://peps.python.org/"),
}
# Pages too long to be a reference without an anchor to the section.
NEEDS_ANCHOR = frozenset({"https://go.dev/ref/spec", "https://go.dev/ref/mem"})
# The title may hold balanced brackets one level deep ("Marshal ([]byte encodes as base64)").
_ITEM_RE = re.compile(r"[-*]\s+\[(?P<title>(?:[^\[\]]|\[[^\[\]]*\])+)\]\((?P<url>[^()\s]+)\)\s*")
_EXAMPLE = "- [The Go spec: Appending to and copying slices](https://go.dev/ref/spec#Appending_and_copying_slices)"


def parse_references(builder, section, language: str) -> tuple[tuple[str, str], ...]:
    """The section's links as (title, url), one '- [title](url)' per line; errors through builder."""
    if section is None:
        return ()
    found: list[tuple[str, str]] = []
    for offset, text in enumerate(section.lines, start=1):
        if not text.strip():
            continue
        line = section.line + offset
        match = _ITEM_RE.fullmatch(text.strip())
        if not match:
            builder.error(line, f"'#### Reference' takes one link per line, like '{_EXAMPLE}'")
            continue
        title, url = match.group("title").strip(), match.group("url")
        problem = reference_problem(url, language)
        if problem:
            builder.error(line, problem)
            continue
        if url in (known for _, known in found):
            builder.error(line, f"'{url}' is listed twice in '#### Reference'; keep one")
            continue
        found.append((title, url))
    if not found and not builder.failed:
        builder.error(section.line, f"'#### Reference' is empty; add a link like '{_EXAMPLE}'")
    return tuple(found)


def reference_problem(url: str, language: str) -> str:
    """Why the link cannot be a reference for the language ('' when it can)."""
    prefixes = REFERENCE_PREFIXES.get(language, ("https://",))
    if not url.startswith(prefixes):
        return (f"the reference '{url}' is not the {language} documentation; link the exact section "
                f"under {' or '.join(prefixes)}")
    page, anchor = url.partition("#")[::2]
    if page.rstrip("/") in NEEDS_ANCHOR and not anchor:
        return f"the reference '{url}' names a whole document; add the anchor of the section (#...)"
    return ""


def references_problem(references, language: str) -> str:
    """What is wrong with a stored list of [title, url] pairs ('' when nothing is)."""
    if not isinstance(references, list):
        return 'write a list of ["title", "url"] pairs'
    for item in references:
        if not (isinstance(item, list) and len(item) == 2 and all(isinstance(x, str) and x.strip() for x in item)):
            return f'{item!r} is not a ["title", "url"] pair'
        problem = reference_problem(item[1], language)
        if problem:
            return problem
    return ""
