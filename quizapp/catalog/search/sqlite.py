"""SQLite: FTS5 with Porter stemming over the questions (bm25, title weighted), and an FTS5 trigram
index over the words of the questions for "did you mean"; both kept by triggers."""

from django.db import connection
from django.db.models import QuerySet

from ..models import Question
from .words import MARK_END, MARK_START, SIMILARITY_THRESHOLD, RankedMatch, trigram_similarity, trigrams

TITLE_WEIGHT, TEXT_WEIGHT = 10.0, 1.0
EXCERPT_TOKENS = 32
WORD_CANDIDATES = 100

_CONTENT_TABLES = {
    "catalog_question_fts": ("catalog_question", ["title", "search_text"], "porter unicode61 remove_diacritics 2"),
    "catalog_searchword_fts": ("catalog_searchword", ["word"], "trigram"),
}


def _schema(fts: str, table: str, columns: list[str], tokenizer: str) -> list[str]:
    listed = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    delete_old = f"INSERT INTO {fts} ({fts}, rowid, {listed}) VALUES ('delete', old.id, {old});"
    insert_new = f"INSERT INTO {fts} (rowid, {listed}) VALUES (new.id, {new});"
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({listed}, content='{table}', content_rowid='id', "
        f"tokenize='{tokenizer}')",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON {table} BEGIN {insert_new} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON {table} BEGIN {delete_old} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_update AFTER UPDATE OF {listed} ON {table} "
        f"BEGIN {delete_old} {insert_new} END",
    ]


def schema_ensure(*, using) -> None:
    """Create the FTS5 tables and triggers when missing and rebuild them then (after every migrate:
    SQLite drops a table's triggers when a migration rebuilds the table)."""
    if not {"catalog_question", "catalog_searchword"} <= set(using.introspection.table_names()):
        return
    with using.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        triggers = {name for (name,) in cursor.fetchall()}
        for fts, (table, columns, tokenizer) in _CONTENT_TABLES.items():
            if all(f"{fts}_{event}" in triggers for event in ("insert", "delete", "update")):
                continue
            for statement in _schema(fts, table, columns, tokenizer):
                cursor.execute(statement)
            cursor.execute(f"INSERT INTO {fts} ({fts}) VALUES ('rebuild')")


def _match_expression(words: list[str]) -> str:
    return " ".join(f'"{word}"' for word in words)


def ranked_matches(*, words: list[str], questions: QuerySet[Question], limit: int) -> tuple[list[RankedMatch], int]:
    match = _match_expression(words)
    among, among_params = "", []
    if questions.query.has_filters():
        among_sql, among_params = questions.values("id").query.sql_with_params()
        among = f" AND rowid IN ({among_sql})"
    matching = f"FROM catalog_question_fts WHERE catalog_question_fts MATCH %s{among}"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid {matching} "
            f"ORDER BY bm25(catalog_question_fts, {TITLE_WEIGHT}, {TEXT_WEIGHT}), rowid LIMIT %s",
            [match, *among_params, limit],
        )
        ranked = [pk for (pk,) in cursor.fetchall()]
        if not ranked:
            return [], 0
        total = len(ranked)
        if total == limit:
            cursor.execute(f"SELECT count(*) {matching}", [match, *among_params])
            total = cursor.fetchone()[0]
        # Excerpts only for the page: SQLite would make one for every match before sorting.
        cursor.execute(
            f"""
            SELECT rowid, highlight(catalog_question_fts, 0, %s, %s),
                   snippet(catalog_question_fts, 1, %s, %s, ' … ', {EXCERPT_TOKENS})
            FROM catalog_question_fts
            WHERE catalog_question_fts MATCH %s AND rowid IN ({", ".join(["%s"] * len(ranked))})
            """,
            [MARK_START, MARK_END, MARK_START, MARK_END, match, *ranked],
        )
        marked = {pk: (title, excerpt) for pk, title, excerpt in cursor.fetchall()}
    return [RankedMatch(question_id=pk, title=marked[pk][0], excerpt=marked[pk][1]) for pk in ranked], total


def similar_words(*, word: str, limit: int = 3) -> list[str]:
    """Words sharing trigrams with `word` (FTS5's trigram index), ranked by pg_trgm's similarity."""
    pieces = sorted({trigram.strip() for trigram in trigrams(word) if len(trigram.strip()) == 3})
    if not pieces:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT w.word, w.frequency FROM catalog_searchword_fts f JOIN catalog_searchword w ON w.id = f.rowid
            WHERE catalog_searchword_fts MATCH %s ORDER BY f.rank LIMIT %s
            """,
            [" OR ".join(f'"{piece}"' for piece in pieces), WORD_CANDIDATES],
        )
        candidates = cursor.fetchall()
    scored = sorted(
        ((trigram_similarity(word, candidate), frequency, candidate) for candidate, frequency in candidates),
        key=lambda item: (-item[0], -item[1], item[2]),
    )
    return [candidate for similarity, _, candidate in scored if similarity >= SIMILARITY_THRESHOLD][:limit]
