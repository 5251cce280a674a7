from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from quizapp.catalog.models import Question

from . import selectors, services
from .forms import RateForm, new_token
from .models import ReviewLog


def _review_render(request, *, show_answer: bool, question_id: int | None = None, rate_form=None):
    context = {
        "queue": selectors.review_queue_for_user(user=request.user, question_id=question_id),
        "show_answer": show_answer,
        "rate_form": rate_form or RateForm(initial={"token": new_token()}),
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
        return redirect("review:queue")
    return _review_render(request, show_answer=False)


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
