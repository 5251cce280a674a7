"""What a set of documents offers a learner, per language (``check_content --json``'s "deck")."""

from __future__ import annotations

from collections import Counter

from sandbox import checkers

from .files import duplicate_programs
from .models import ParseResult
from .topics import TOPICS

NON_PRINTING_CHECKERS = frozenset(name for name, checker in checkers.CHECKERS.items() if not checker.compares_output)


def deck_summary(result: ParseResult) -> dict[str, dict]:
    tricky = {(part.series, q.number) for part in result.parts for q in part.questions if q.is_tricky}
    defined = {(part.series, q.number) for part in result.parts for q in part.questions}
    series_language = {part.series: part.language for part in result.parts}
    summary: dict[str, dict] = {}
    for language in sorted({s.run.language for s in result.snippets} | set(TOPICS)):
        snippets = [s for s in result.snippets if s.run.language == language]
        deck = [s for s in snippets if (s.series, s.number) in tricky]
        demos = [s for s in snippets if (s.series, s.number) in defined - tricky]
        with_program = {(s.series, s.number) for s in snippets}
        non_printing = sum(s.run.checker in NON_PRINTING_CHECKERS for s in deck)
        topics = Counter(s.topic for s in deck if s.topic)
        summary[language] = {
            "tricky_snippets": len(deck),
            "tricky_without_program": sorted(n for part in result.parts if part.language == language
                                             for n in (q.number for q in part.questions if q.is_tricky)
                                             if (part.series, n) not in with_program),
            "topics_covered": dict(sorted(topics.items())),
            "topics_missing": [t for t in TOPICS.get(language, {}) if t not in topics],
            "without_topic": [s.slug for s in deck if not s.topic],
            "without_reference": [s.slug for s in deck if not s.references],
            "without_reference_count": sum(not s.references for s in deck),
            "difficulty": {str(level): sum(s.difficulty == level for s in deck) for level in (1, 2, 3)},
            "non_printing": non_printing,
            "non_printing_share": round(non_printing / len(deck), 3) if deck else 0.0,
            "version_dependent": sum(bool(s.expectations) for s in deck),
            "toolchains": sorted({t for s in snippets for t, _ in s.expectations}),
            "nondeterministic": [s.slug for s in snippets if s.nondeterministic],
            "source_questions_with_demo": sorted(s.number for s in demos),
            "demos_without_reference": [s.slug for s in demos if not s.references],
            "corrected_questions": sorted(c.number for c in result.corrections
                                          if series_language.get(c.series) == language),
            "duplicates": [[a.slug, b.slug] for a, b in duplicate_programs(snippets)],
        }
    return summary
