"""Reads for the search page: one page of the catalog's ranked results."""

from dataclasses import dataclass

from quizapp.catalog.selectors import SearchHit, SearchResults, question_search

PER_PAGE = 25


@dataclass(frozen=True)
class SearchPage:
    results: SearchResults  # the hits of this page only; `total` counts them all
    number: int
    pages: int

    @property
    def hits(self) -> list[SearchHit]:
        return self.results.hits

    @property
    def first(self) -> int:
        return (self.number - 1) * PER_PAGE + 1 if self.results.total else 0

    @property
    def last(self) -> int:
        return self.first + len(self.results.hits) - 1 if self.results.hits else 0

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None


def search_page(*, page: int, among=None, **arguments) -> SearchPage:
    """Page `page` (from 1; one past the last shows the last) of the ranked results. The ranking is
    the catalog's: the results up to this page's end are ranked and this page's share kept."""
    page = max(1, page)
    results = question_search(**arguments, among=among, limit=page * PER_PAGE)
    pages = max(1, -(-results.total // PER_PAGE))
    if page > pages:
        return search_page(page=pages, among=among, **arguments)
    hits = results.hits[(page - 1) * PER_PAGE:page * PER_PAGE]
    shown = SearchResults(hits=hits, total=results.total, suggestion=results.suggestion)
    return SearchPage(results=shown, number=page, pages=pages)
