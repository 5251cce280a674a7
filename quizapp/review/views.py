from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from quizapp.catalog.models import Question

from . import selectors, services
from .forms import DeckForm, RateForm, new_token
from .models import ReviewLog


def _review_render(request, *, show_answer: bool, question_id: int | None = None, rate_form=None, undo_error=""):
    deck_form = DeckForm(request.GET)
    queue = selectors.review_queue_for_user(user=request.user, question_id=question_id, deck=deck_form.deck())
    context = {
        "queue": queue,
        "show_answer": show_answer,
        "rate_form": rate_form or RateForm(initial={"token": new_token()}),
        "previews": selectors.rating_previews(user=request.user, card=queue.card) if show_answer and queue.question else [],
        "latest": selectors.latest_review(user=request.user),
        "undo_error": undo_error,
        "deck_form": deck_form,
        "deck_query": deck_form.querystring(),
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
        user=request.user, question=question, rating=form.cleaned_data["rating"],
        idempotency_key=form.cleaned_data["token"], source=ReviewLog.Source.REVIEW,
    )
    if not request.htmx:
        return redirect(_queue_url(request))
    return _review_render(request, show_answer=False)


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
            user=request.user, question=question, rating=form.cleaned_data["rating"],
            idempotency_key=form.cleaned_data["token"], source=ReviewLog.Source.QUESTION,
        )
        if not request.htmx:
            messages.success(request, f"Saved: {result.log.get_rating_display()}.")
            return redirect(question.get_absolute_url())
    context = {"question": question, "form": form, "result": result, "user": request.user}
    return render(request, "review/partials/rate.html", context)
