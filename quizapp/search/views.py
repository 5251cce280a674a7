from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from quizapp.catalog.selectors import part_list
from quizapp.notes.selectors import bookmarked_questions

from .forms import SearchForm
from .selectors import search_page


@require_GET
@vary_on_headers("HX-Request")
def search(request):
    form = SearchForm(request.GET, signed_in=request.user.is_authenticated)
    form.is_valid()
    arguments = form.search_arguments()
    among = bookmarked_questions(user=request.user) if form.wants_bookmarks else None
    found = search_page(**arguments, among=among, page=form.page_number)
    context = {
        "form": form,
        "query": arguments["query"],
        "results": found.results,
        "page": found,
        "browse_parts": not arguments["query"] and not form.has_filters,
        "parts": part_list(),
    }
    template = "search/search.html#search-results" if request.htmx else "search/search.html"
    return render(request, template, context)
