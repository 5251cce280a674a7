import pytest
from django.urls import reverse

from quizapp.runs.models import Submission
from tests.factories import PythonExerciseFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def post_run(client, code, **extra):
    return client.post(reverse("runs:create"), {"code": code, "language": "python", "action": "check", **extra}, **HTMX)


def test_exercises_list_and_history(client, redis_url):
    exercise = PythonExerciseFactory(slug="sum-stdin")
    post_run(client, code=exercise.solution_code, snippet=exercise.slug)
    Submission.objects.update(status="done", verdict="ACCEPTED")
    listing = client.get(reverse("exercises:list")).content.decode()
    assert "sum stdin" in listing and "solved" in listing
    page = client.get(reverse("exercises:detail", args=[exercise.slug])).content.decode()
    assert "Print the sum" in page and "Passed" in page and 'hx-trigger="runDone from:body"' in page


def test_exercise_history_refreshes_as_a_partial(client, redis_url):
    exercise = PythonExerciseFactory(slug="sum-partial")
    post_run(client, code=exercise.solution_code, snippet=exercise.slug)
    body = client.get(reverse("exercises:detail", args=[exercise.slug]), **HTMX).content.decode()
    assert body.lstrip().startswith('<section id="attempts"') and "Queued" in body
