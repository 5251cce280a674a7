import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from quizapp.catalog.models import Question, Snippet
from quizapp.outcomes import PREDICTIONS, PRINTS
from quizapp.catalog import predictions
from quizapp.catalog.selectors import question_get, question_page, snippet_for_question
from quizapp.runs.submissions import toolchains_for

from . import selectors, services
from .claim import visitor_prediction_keep
from .forms import DeckForm, PredictionForm, RateForm, new_token
from .models import ReviewLog


def _review_render(
    request, *, show_answer: bool, question_id: int | None = None, rate_form=None, undo_error="", predict_form=None,
    grade=None,
):
    deck_form = DeckForm(request.GET)
    queue = selectors.review_queue_for_user(user=request.user, question_id=question_id, deck=deck_form.deck())
    context = {
        "queue": queue,
        "show_answer": show_answer,
        "rate_form": rate_form or RateForm(initial={"token": new_token()}),
        "previews": selectors.rating_previews(user=request.user, card=queue.card)
        if show_answer and queue.question
        else [],
        "latest": selectors.latest_review(user=request.user),
        "undo_error": undo_error,
        "deck_form": deck_form,
        "deck_query": deck_form.querystring(),
        "predict_form": predict_form or PredictionForm(initial={"token": new_token(), "outcome": PRINTS}),
        "grade": grade,
        "held": selectors.held_questions(user=request.user),
        "snippet": queue.question and queue.question.is_tricky and snippet_for_question(question=queue.question),
        "outcomes": PREDICTIONS,
    }
    return render(request, "review/review.html#review-card" if request.htmx else "review/review.html", context)


@login_required
@require_GET
@vary_on_headers("HX-Request")
def review(request):
    pinned = request.GET.get("question", "")
    return _review_render(
        request, show_answer=request.GET.get("answer") == "1", question_id=int(pinned) if pinned.isdigit() else None
    )


@login_required
@require_POST
def review_rate(request, question_id: int):
    question = get_object_or_404(Question, pk=question_id)
    form = RateForm(request.POST)
    if not form.is_valid():
        return _review_render(request, show_answer=True, question_id=question.pk, rate_form=form)
    services.review_record(
        user=request.user,
        question=question,
        rating=form.cleaned_data["rating"],
        idempotency_key=form.cleaned_data["token"],
        source=ReviewLog.Source.REVIEW,
    )
    if not request.htmx:
        return redirect(_queue_url(request))
    return _review_render(request, show_answer=False)


@login_required
@require_POST
def review_predict(request, question_id: int):
    question = get_object_or_404(Question, pk=question_id)
    form = PredictionForm(request.POST)
    grade = None
    if form.is_valid():
        try:
            grade = services.review_predict(
                user=request.user,
                question=question,
                outcome=form.cleaned_data["outcome"],
                text=form.cleaned_data["prediction"],
                idempotency_key=form.cleaned_data["token"] or new_token(),
            )
        except ValidationError as error:
            form.add_error(None, error)
    return _review_render(
        request, show_answer=grade is not None, question_id=question.pk, predict_form=form, grade=grade
    )


@require_POST
def prediction_create(request):
    """The question page's "Check my prediction"; without JavaScript the grade comes on a page of its own."""
    form = PredictionForm(request.POST)
    snippet = get_object_or_404(Snippet, slug=form.data.get("snippet", ""), kind=Snippet.Kind.TRICKY)
    grade = None
    if form.is_valid():
        key = f"prediction:{form.cleaned_data['token'] or new_token()}"
        grade = services.prediction_record(
            user=request.user,
            snippet=snippet,
            outcome=form.cleaned_data["outcome"],
            text=form.cleaned_data["prediction"],
            idempotency_key=key,
        )
        if not request.user.is_authenticated:
            visitor_prediction_keep(
                session=request.session, snippet=snippet, grade=grade, idempotency_key=key, now=timezone.now()
            )
    context = {"grade": grade, "snippet": snippet, "form": form, "question": snippet.question}
    if request.htmx:
        template = "review/prediction.html#prediction-grade" if grade else "review/prediction.html#prediction-problem"
        return render(request, template, context, status=200 if grade else 400)
    return render(request, "review/prediction.html", context, status=200 if grade else 400)


@login_required
@require_POST
def review_undo(request, log_id: int):
    try:
        question = services.review_undo(user=request.user, log_id=log_id)
    except services.UndoRefused as refused:
        if not request.htmx:
            messages.error(request, str(refused))
            return redirect(_queue_url(request))
        return _review_render(request, show_answer=False, undo_error=str(refused))
    if not request.htmx:
        return redirect(_queue_url(request, question=question.pk))
    return _review_render(request, show_answer=False, question_id=question.pk)


def _queue_url(request, **extra) -> str:
    query = DeckForm(request.GET).querystring()
    pinned = "&".join(f"{key}={value}" for key, value in extra.items())
    return reverse("review:queue") + "?" + "&".join(part for part in (query, pinned) if part)


@login_required
@require_POST
def question_rate(request, question_id: int):
    question = get_object_or_404(Question, pk=question_id)
    form = RateForm(request.POST)
    result = None
    if form.is_valid():
        result = services.review_record(
            user=request.user,
            question=question,
            rating=form.cleaned_data["rating"],
            idempotency_key=form.cleaned_data["token"],
            source=ReviewLog.Source.QUESTION,
        )
        if not request.htmx:
            messages.success(request, f"Saved: {result.log.get_rating_display()}.")
            return redirect(question.get_absolute_url())
    context = {"question": question, "form": form, "result": result, "user": request.user}
    return render(request, "review/partials/rate.html", context)


@login_required
@require_POST
def review_hold(request, question_id: int, action: str):
    """Suspend, bury or unsuspend a question, then the queue's next card."""
    question = get_object_or_404(Question, pk=question_id)
    services.question_hold(user=request.user, question=question, action=action)
    if not request.htmx:
        return redirect(_queue_url(request))
    return _review_render(request, show_answer=False)


def _revealed_context(snippet, grade) -> dict:
    """What the question page shows once the learner has predicted (or asked to be shown): the outcome, the real run."""
    _, checker, _ = snippet.expected_on()
    return {
        "revealed": True,
        "grade": grade,
        "words": grade.words if grade else None,
        "expected": predictions.expected_outcome(snippet),
        "snippet_prints": checker not in predictions.OUTCOME_CHECKERS,
        "run_token": uuid.uuid4(),
        "compare_token": uuid.uuid4(),
        "toolchain_titles": [title for _, title in toolchains_for(snippet.language)],
    }


@require_POST
def question_predict(request, series: str, number: int):
    """The question page's prediction: graded ("reveal" skips the grade: just show me), then the outcome and its run.
    Without JavaScript the whole page comes back with the verdict."""
    question = question_get(series=series, number=number)
    form = PredictionForm(request.POST)
    context = {**question_page(question=question, user=request.user), "form": form}
    if not context["predicting"]:
        raise Http404("This question has no program to predict.")
    grade = None
    if "reveal" not in request.POST:
        if not form.is_valid():
            response = render(
                request,
                "catalog/question.html#predict" if request.htmx else "catalog/question.html",
                context,
                status=400,
            )
            if request.htmx:
                response["HX-Retarget"], response["HX-Reswap"] = "#predict-form", "outerHTML"
            return response
        data = form.cleaned_data
        key = f"prediction:{data['token'] or new_token()}"
        grade = services.prediction_record(
            user=request.user,
            snippet=context["snippet"],
            outcome=data["outcome"],
            text=data["prediction"],
            idempotency_key=key,
        )
        if not request.user.is_authenticated:  # it becomes a review when the visitor signs up
            visitor_prediction_keep(
                session=request.session,
                snippet=context["snippet"],
                grade=grade,
                idempotency_key=key,
                now=timezone.now(),
            )
    context.update(_revealed_context(context["snippet"], grade))
    return render(request, "catalog/question.html#see" if request.htmx else "catalog/question.html", context)
