from django.apps import AppConfig


class SearchConfig(AppConfig):
    """The search page: the catalog's search (quizapp.catalog.search), narrowed to a learner's bookmarks on request."""

    name = "quizapp.search"
    label = "search"
    verbose_name = "Search page"
