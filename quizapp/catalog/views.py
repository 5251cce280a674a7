from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from . import selectors


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
    context.update(
        selectors.question_page(question=question, user=request.user, preview_slug=request.GET.get("preview", ""))
    )
    context["show_answer"] = context["show_answer"] and not context["predicting"]
    return render(request, "catalog/question.html", context)
