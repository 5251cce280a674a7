"""Full-text search of the questions: one interface, a module per database.

`postgres` uses a weighted tsvector column (GIN) and pg_trgm; `sqlite` uses FTS5 tables. Each has
`ranked_matches(...)` and `similar_words(...)`; `quizapp.catalog.selectors.question_search` picks one.
"""

from django.db import connection

from . import postgres, sqlite


def backend():
    return postgres if connection.vendor == "postgresql" else sqlite
