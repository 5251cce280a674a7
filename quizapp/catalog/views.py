from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from . import selectors
from .forms import SearchForm


@require_GET
def home(request):
    parts = list(selectors.part_list())
    total = sum(part.question_count for part in parts)
    return render(request, "catalog/home.html", {"parts": parts, "question_total": total})


@require_GET
def part_detail(request, part_id: int):
    part = selectors.part_get(part_id=part_id)
    questions = selectors.part_questions(part=part)
    return render(request, "catalog/part.html", {"part": part, "questions": questions})


@require_GET
@vary_on_headers("HX-Request")
def question_detail(request, series: str, number: int):
    question = selectors.question_get(series=series, number=number)
    context = {"question": question, "show_answer": request.GET.get("answer") == "1"}
    if request.htmx:
        return render(request, "catalog/question.html#answer-panel", context)
    context["neighbours"] = selectors.question_neighbours(question=question)
    context["snippet_source"] = selectors.snippet_source(snippet=selectors.snippet_for_question(question=question))
    return render(request, "catalog/question.html", context)


@require_GET
@vary_on_headers("HX-Request")
def search(request):
    form = SearchForm(request.GET, signed_in=request.user.is_authenticated)
    form.is_valid()
    arguments = form.search_arguments()
    among = _bookmarked_questions(request.user) if form.wants_bookmarks else None
    context = {
        "form": form,
        "query": arguments["query"],
        "results": selectors.question_search(**arguments, among=among),
        "browse_parts": not arguments["query"] and not form.has_filters,
        "parts": selectors.part_list(),
    }
    template = "catalog/search.html#search-results" if request.htmx else "catalog/search.html"
    return render(request, template, context)


def _bookmarked_questions(user):
    from quizapp.notes.selectors import bookmarked_questions  # the learner's side of the search page

    return bookmarked_questions(user=user)
