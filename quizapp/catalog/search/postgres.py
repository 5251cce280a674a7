"""PostgreSQL: the trigger-kept `search_vector` (title weighted A, text B) with a GIN index;
pg_trgm similarity over the words of the questions for "did you mean"."""

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, TrigramSimilarity
from django.db.models import F, QuerySet

from ..models import Question, SearchWord
from .words import MARK_END, MARK_START, SIMILARITY_THRESHOLD, RankedMatch

CONFIG = "english"


def ranked_matches(*, words: list[str], questions: QuerySet[Question], limit: int) -> tuple[list[RankedMatch], int]:
    query = SearchQuery(" ".join(words), search_type="plain", config=CONFIG)
    matches = questions.filter(search_vector=query)
    page = (
        matches.annotate(
            rank=SearchRank(F("search_vector"), query),
            marked_title=SearchHeadline(
                "title", query, config=CONFIG, start_sel=MARK_START, stop_sel=MARK_END, highlight_all=True
            ),
            marked_excerpt=SearchHeadline(
                "search_text", query, config=CONFIG, start_sel=MARK_START, stop_sel=MARK_END,
                min_words=18, max_words=36, max_fragments=2, fragment_delimiter=" … ",
            ),
        )
        .order_by("-rank", "series", "number")
        .values_list("id", "marked_title", "marked_excerpt")[:limit]
    )
    hits = [RankedMatch(question_id=pk, title=title, excerpt=excerpt) for pk, title, excerpt in page]
    total = len(hits) if len(hits) < limit else matches.count()
    return hits, total


def similar_words(*, word: str, limit: int = 3) -> list[str]:
    return list(
        SearchWord.objects.filter(word__trigram_similar=word)
        .annotate(similarity=TrigramSimilarity("word", word))
        .filter(similarity__gte=SIMILARITY_THRESHOLD)
        .order_by("-similarity", "-frequency", "word")
        .values_list("word", flat=True)[:limit]
    )

