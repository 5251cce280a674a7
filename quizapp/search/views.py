from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from quizapp.catalog import selectors
from quizapp.notes.selectors import bookmarked_questions

from .forms import SearchForm


@require_GET
@vary_on_headers("HX-Request")
def search(request):
    form = SearchForm(request.GET, signed_in=request.user.is_authenticated)
    form.is_valid()
    arguments = form.search_arguments()
    among = bookmarked_questions(user=request.user) if form.wants_bookmarks else None
    context = {
        "form": form,
        "query": arguments["query"],
        "results": selectors.question_search(**arguments, among=among),
        "browse_parts": not arguments["query"] and not form.has_filters,
        "parts": selectors.part_list(),
    }
    template = "search/search.html#search-results" if request.htmx else "search/search.html"
    return render(request, template, context)
