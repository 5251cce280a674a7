"""Words of a query or a text, and pg_trgm's similarity measure, for both databases."""

import html
import re
from collections import Counter
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

MAX_QUERY_WORDS = 8
MIN_WORD_LENGTH = 3
MAX_WORD_LENGTH = 60
SIMILARITY_THRESHOLD = 0.3
# The databases mark matches with these; the text is escaped first, then they become <mark>.
MARK_START, MARK_END = "\u27e6", "\u27e7"

_QUERY_WORD = re.compile(r"[^\W_]+")
_TEXT_WORD = re.compile(r"[a-z][a-z0-9]+")


def query_words(query: str) -> list[str]:
    """The words of a query without punctuation: `channel!` and `channel` are the same search."""
    return _QUERY_WORD.findall(query.lower())[:MAX_QUERY_WORDS]


def text_word_counts(texts) -> Counter:
    counts = Counter()
    for text in texts:
        counts.update(
            word for word in _TEXT_WORD.findall(text.lower()) if MIN_WORD_LENGTH <= len(word) <= MAX_WORD_LENGTH
        )
    return counts


def trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams: the word padded with two spaces before and one after."""
    padded = f"  {word.lower()} "
    return {padded[index : index + 3] for index in range(len(padded) - 2)}


def trigram_similarity(first: str, second: str) -> float:
    a, b = trigrams(first), trigrams(second)
    return len(a & b) / len(a | b) if a and b else 0.0


@dataclass(frozen=True)
class RankedMatch:
    question_id: int
    title: str  # with MARK_START/MARK_END around the matched words
    excerpt: str


def marked_html(text: str) -> SafeString:
    escaped = html.escape(" ".join(text.split()), quote=False)
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def plain_title(markdown_title: str) -> str:
    return markdown_title.replace("**", "").replace("`", "")
