from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from quizapp.runs.runner import runner_context
from quizapp.runs.selectors import submission_attempts

from . import selectors, services


@require_GET
def exercise_list(request):
    exercises = selectors.exercise_list_with_status(user=request.user, session_key=request.session.session_key or "")
    context = {"exercises": exercises, "progress": selectors.exercise_progress(exercises)}
    return render(request, "exercises/exercise_list.html", context)


def _attempts_context(request, exercise) -> dict:
    session_key = request.session.session_key or ""
    attempts = list(submission_attempts(snippet=exercise, user=request.user, session_key=session_key))
    exercises = selectors.exercise_list_with_status(user=request.user, session_key=session_key)
    this = next((other for other in exercises if other.pk == exercise.pk), None)
    status = this.status if this is not None else "new"
    return {
        "exercise": exercise, "attempts": attempts, "status": status,
        "solved": status in ("solved", "solved with help"),
        "show_solution": status in ("solved", "solved with help", "solution seen"),
        "next_exercise": selectors.exercise_next(exercise=exercise, exercises=exercises),
    }


@require_GET
@vary_on_headers("HX-Request")
def exercise_detail(request, slug: str):
    exercise = selectors.exercise_get(slug=slug)
    context = _attempts_context(request, exercise)
    if request.htmx:
        return render(request, "exercises/exercise_detail.html#attempts", context)
    draft = selectors.exercise_draft_code(user=request.user, exercise=exercise)
    context.update(runner_context(snippet=exercise, code=exercise.starter_code if draft is None else draft,
                                  language=exercise.language, fixed_language=True, has_draft=draft is not None))
    context["judging"] = selectors.exercise_judging(exercise=exercise)
    return render(request, "exercises/exercise_detail.html", context)


@require_POST
def solution_show(request, slug: str):
    exercise = selectors.exercise_get(slug=slug)
    if not request.session.session_key:
        request.session.save()
    if not request.user.is_authenticated:
        request.session[services.VISITOR_KEY] = request.session.session_key
    try:
        services.solution_reveal(user=request.user, session_key=request.session.session_key or "", exercise=exercise)
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=400, content_type="text/plain")
    if not request.htmx:
        return redirect(reverse("exercises:detail", args=[slug]) + "#solution")
    return render(request, "exercises/exercise_detail.html#attempts", _attempts_context(request, exercise))


@login_required
@require_POST
def draft_save(request, slug: str):
    exercise = selectors.draftable_snippet_get(slug=slug)
    try:
        services.draft_save(user=request.user, exercise=exercise, code=request.POST.get("code", ""))
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=413, content_type="text/plain")
    return HttpResponse(status=204)
