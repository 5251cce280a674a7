from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from quizapp.runs.runner import runner_context
from quizapp.runs.selectors import submission_attempts

from . import selectors


@require_GET
def exercise_list(request):
    exercises = selectors.exercise_list(user=request.user, session_key=request.session.session_key or "")
    return render(request, "exercises/exercise_list.html", {"exercises": exercises})


@require_GET
@vary_on_headers("HX-Request")
def exercise_detail(request, slug: str):
    exercise = selectors.exercise_get(slug=slug)
    attempts = submission_attempts(snippet=exercise, user=request.user, session_key=request.session.session_key or "")
    context = {"exercise": exercise, "attempts": attempts}
    if request.htmx:
        return render(request, "exercises/exercise_detail.html#attempts", context)
    context.update(runner_context(snippet=exercise, code=exercise.starter_code, language=exercise.language))
    return render(request, "exercises/exercise_detail.html", context)
