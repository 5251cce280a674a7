import pytest
from django.urls import reverse

from quizapp.exercises.models import SolutionReveal
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


def test_solving_shows_the_reference_solution_and_explanation(client, redis_url):
    exercise = PythonExerciseFactory(slug="sum-solved", explanation_html="<p>Read all of stdin first.</p>")
    before = client.get(reverse("exercises:detail", args=[exercise.slug])).content.decode()
    assert 'id="solution"' not in before
    post_run(client, code=exercise.solution_code, snippet=exercise.slug)
    Submission.objects.update(status="done", verdict="ACCEPTED")
    after = client.get(reverse("exercises:detail", args=[exercise.slug]), **HTMX).content.decode()
    assert 'id="solution"' in after and "Read all of stdin first." in after


def test_the_exercise_fixes_its_language(client, db):
    exercise = PythonExerciseFactory(slug="sum-fixed")
    page = client.get(reverse("exercises:detail", args=[exercise.slug])).content.decode()
    assert "data-editor-language" not in page
    assert '<input type="hidden" name="language" value="python">' in page


def test_a_members_draft_is_saved_and_restored(user_client, user):
    exercise = PythonExerciseFactory(slug="sum-draft")
    response = user_client.post(reverse("exercises:draft", args=[exercise.slug]), {"code": "print('half done')"})
    assert response.status_code == 204
    page = user_client.get(reverse("exercises:detail", args=[exercise.slug])).content.decode()
    assert "print(&#x27;half done&#x27;)" in page and "Your draft is back." in page


def test_an_oversized_draft_is_refused_and_visitors_keep_theirs_in_the_browser(user_client, db):
    from django.test import Client

    client = Client()
    exercise = PythonExerciseFactory(slug="sum-big")
    response = user_client.post(reverse("exercises:draft", args=[exercise.slug]), {"code": "x" * 200_001})
    assert response.status_code in (400, 413)
    assert client.post(reverse("exercises:draft", args=[exercise.slug]), {"code": "x"}).status_code == 302
    page = client.get(reverse("exercises:detail", args=[exercise.slug])).content.decode()
    assert 'data-draft-key="draft:sum-big"' in page and "data-draft-url" not in page


def test_exercises_are_listed_easiest_first_with_progress(client, db):
    PythonExerciseFactory(slug="hard-one", title="Hard one", difficulty=3)
    PythonExerciseFactory(slug="easy-one", title="Easy one", difficulty=1)
    listing = client.get(reverse("exercises:list")).content.decode()
    assert listing.index("easy-one") < listing.index("hard-one")
    assert '<progress max="2" value="0"' in listing
    assert 'title="Difficulty">Easy</span>' in listing and 'title="Difficulty">Hard</span>' in listing


def test_hints_come_one_at_a_time_in_order(client, seeded_catalog):
    from quizapp.catalog.models import Snippet

    exercise = Snippet.objects.get(slug="tee")
    assert len(exercise.hints) == 2 and exercise.difficulty == 2
    page = client.get(reverse("exercises:detail", args=["tee"])).content.decode()
    first, second = page.index('data-hint="1"'), page.index('data-hint="2"')
    assert first < second and page.index("</details>", first) > second, "hint 2 sits inside hint 1"
    assert "Show a hint (1 of 2)" in page and "Next hint (2 of 2)" in page


def test_the_input_test_and_expected_output_show_before_any_attempt(client, db):
    exercise = PythonExerciseFactory(slug="sum-judged", harness="print('from the test')\n", checker="trailing_ws")
    page = client.get(reverse("exercises:detail", args=[exercise.slug])).content.decode()
    judging = page[page.index('id="judging"'):page.index('id="attempts"')]
    assert "1 2 3" in judging and "print(&#x27;from the test&#x27;)" in judging
    assert "It prints:\n6" in judging and "output, ignoring trailing whitespace" in judging


def test_asking_for_the_solution_shows_it_and_a_pass_after_it_is_solved_with_help(user_client, user, redis_url):
    exercise = PythonExerciseFactory(slug="sum-helped", hints=["Read stdin."], hints_html=["<p>Read stdin.</p>"])
    url = reverse("exercises:detail", args=[exercise.slug])
    assert 'id="show-solution"' in user_client.get(url).content.decode()
    page = user_client.post(reverse("exercises:solution", args=[exercise.slug]), **HTMX).content.decode()
    assert 'id="solution"' in page and 'data-status="solution seen"' in page
    user_client.post(reverse("exercises:solution", args=[exercise.slug]), **HTMX)
    assert SolutionReveal.objects.filter(user=user, snippet=exercise).count() == 1
    post_run(user_client, code=exercise.solution_code, snippet=exercise.slug)
    Submission.objects.update(status="done", verdict="ACCEPTED")
    assert 'data-status="solved with help"' in user_client.get(url, **HTMX).content.decode()
    assert "1 of 1 solved (1 with help)" in user_client.get(reverse("exercises:list")).content.decode()


def test_a_pass_offers_the_next_unsolved_exercise(client, redis_url):
    first = PythonExerciseFactory(slug="a-first", title="A first", difficulty=1)
    second = PythonExerciseFactory(slug="b-second", title="B second", difficulty=2)
    post_run(client, code=first.solution_code, snippet=first.slug)
    Submission.objects.update(status="done", verdict="ACCEPTED")
    page = client.get(reverse("exercises:detail", args=[first.slug]), **HTMX).content.decode()
    assert 'data-status="solved"' in page and f'href="{reverse("exercises:detail", args=[second.slug])}"' in page
    assert "Next exercise: B second" in page


def test_a_members_edits_to_a_question_are_kept_as_a_draft(client, seeded_catalog, django_user_model):
    user = django_user_model.objects.create_user("drafter", password="pw-12345678")
    client.force_login(user)
    draft_url = reverse("exercises:draft", args=["go-1028"])
    assert client.post(draft_url, {"code": "package main\n// mine\n"}).status_code == 204
    body = client.get(reverse("catalog:question", args=["go", 1028])).content.decode()
    assert "// mine" in body and "Your draft is back." in body and f'data-draft-url="{draft_url}"' in body
    # the editor is open: they have played before
    assert '<section id="play" class="play" aria-labelledby="play-heading">' in body

def test_a_visitor_cannot_keep_a_draft_on_the_server(client, seeded_catalog):
    response = client.post(reverse("exercises:draft", args=["go-1028"]), {"code": "x"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
