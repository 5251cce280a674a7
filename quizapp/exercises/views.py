from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from quizapp.runs.runner import runner_context
from quizapp.runs.selectors import submission_attempts

from . import selectors, services


@require_GET
def exercise_list(request):
    exercises = list(selectors.exercise_list(user=request.user, session_key=request.session.session_key or ""))
    context = {"exercises": exercises, "progress": selectors.exercise_progress(exercises)}
    return render(request, "exercises/exercise_list.html", context)


@require_GET
@vary_on_headers("HX-Request")
def exercise_detail(request, slug: str):
    exercise = selectors.exercise_get(slug=slug)
    attempts = list(submission_attempts(snippet=exercise, user=request.user, session_key=request.session.session_key or ""))
    context = {"exercise": exercise, "attempts": attempts, "solved": selectors.exercise_solved(attempts=attempts)}
    if request.htmx:
        return render(request, "exercises/exercise_detail.html#attempts", context)
    draft = selectors.exercise_draft_code(user=request.user, exercise=exercise)
    context.update(runner_context(snippet=exercise, code=exercise.starter_code if draft is None else draft,
                                  language=exercise.language, fixed_language=True, has_draft=draft is not None))
    return render(request, "exercises/exercise_detail.html", context)


@login_required
@require_POST
def draft_save(request, slug: str):
    exercise = selectors.draftable_snippet_get(slug=slug)
    try:
        services.draft_save(user=request.user, exercise=exercise, code=request.POST.get("code", ""))
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=413, content_type="text/plain")
    return HttpResponse(status=204)
