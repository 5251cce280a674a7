import uuid

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from quizapp import outcomes
from quizapp.exercises.selectors import exercise_draft_code
from quizapp.exercises.services import draft_save
from quizapp.review.forms import PredictionForm, new_token
from quizapp.review.services import prediction_record
from quizapp.runs.runner import runner_context
from quizapp.runs.submissions import toolchains_for

from . import predictions, selectors


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


def _page_context(request, question, *, form=None) -> dict:
    """Everything the question page shows before the learner predicts (nothing that tells the outcome)."""
    preview = selectors.snippet_preview(question=question, slug=request.GET.get("preview", ""), user=request.user)
    snippet = preview or selectors.snippet_for_question(question=question)
    draft = exercise_draft_code(user=request.user, exercise=snippet) if snippet else None
    context = {
        "question": question, "snippet": snippet, "preview": preview,
        "predicting": bool(snippet and question.is_tricky and snippet.kind == snippet.Kind.TRICKY),
        "neighbours": selectors.question_neighbours(question=question),
        "snippet_source": selectors.snippet_source(snippet=snippet),
        "exercises": selectors.exercises_for_question(question=question),
        "version_note": predictions.version_note(snippet) if snippet else None,
        "form": form or PredictionForm(initial={"outcome": "prints"}), "predict_token": new_token(),
        "outcomes": outcomes.PREDICTIONS,
    }
    if snippet:
        draft_url = reverse("catalog:draft", args=[question.series, question.number]) if request.user.is_authenticated else ""
        context.update(runner_context(
            snippet=snippet, code=snippet.starter_code if draft is None else draft, language=snippet.language,
            fixed_language=True, has_draft=draft is not None, draft_url=draft_url, original_code=snippet.starter_code))
    context["show_answer_button"] = not context["predicting"]
    return context


@require_GET
@vary_on_headers("HX-Request")
def question_detail(request, series: str, number: int):
    question = selectors.question_get(series=series, number=number)
    context = {"question": question, "show_answer": request.GET.get("answer") == "1"}
    if request.htmx:
        return render(request, "catalog/question.html#answer-panel", context)
    context.update(_page_context(request, question))
    context["show_answer"] = context["show_answer"] and not context["predicting"]
    return render(request, "catalog/question.html", context)


def _see_context(snippet, grade) -> dict:
    """What the page shows once the learner has predicted (or asked to be shown): the outcome, the real run."""
    output, checker, _ = snippet.expected_on()
    return {
        "revealed": True, "grade": grade, "words": grade.words if grade else None,
        "expected": predictions.expected_outcome(snippet), "snippet_prints": checker not in predictions.OUTCOME_CHECKERS,
        "run_token": uuid.uuid4(), "compare_token": uuid.uuid4(),
        "toolchain_titles": [title for _, title in toolchains_for(snippet.language)],
    }


@require_POST
def question_predict(request, series: str, number: int):
    """Grade the learner's prediction ("reveal" skips it: just show me), then show the outcome and run it."""
    question = selectors.question_get(series=series, number=number)
    form = PredictionForm(request.POST)
    context = _page_context(request, question, form=form)
    snippet = context["snippet"]
    if not context["predicting"]:
        raise Http404("This question has no program to predict.")
    grade = None
    if "reveal" not in request.POST:
        if not form.is_valid():
            template = "catalog/question.html#predict" if request.htmx else "catalog/question.html"
            response = render(request, template, context, status=400)
            if request.htmx:
                response["HX-Retarget"], response["HX-Reswap"] = "#predict-form", "outerHTML"
            return response
        grade = prediction_record(
            user=request.user, snippet=snippet, outcome=form.cleaned_data["outcome"], text=form.cleaned_data["prediction"],
            idempotency_key=f"prediction:{form.cleaned_data['token'] or new_token()}")
    context.update(_see_context(snippet, grade))
    return render(request, "catalog/question.html#see" if request.htmx else "catalog/question.html", context)


@require_POST
def question_draft(request, series: str, number: int):
    """A member's edits to a question's program, kept like an exercise draft (visitors keep theirs in the browser)."""
    if not request.user.is_authenticated:
        return HttpResponse("Log in to keep drafts on the server; this browser keeps yours meanwhile.", status=403,
                            content_type="text/plain")
    snippet = selectors.snippet_for_question(question=selectors.question_get(series=series, number=number))
    if snippet is None:
        raise Http404("This question has no program.")
    try:
        draft_save(user=request.user, exercise=snippet, code=request.POST.get("code", ""))
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=413, content_type="text/plain")
    return HttpResponse(status=204)
