import uuid

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from quizapp.catalog.models import Question
from quizapp.review.models import Rating, ReviewLog
from tests.factories import SnippetFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def snippet_1028(seeded_catalog):
    return SnippetFactory(slug="prediction-1028", question=Question.objects.get(series="go", number=1028))


@pytest.fixture
def member(client):
    user = get_user_model().objects.create_user("grace", "grace@example.org", "a long enough password")
    client.force_login(user)
    return user


def predict(client, snippet, text, token):
    data = {"snippet": snippet.slug, "outcome": "prints", "prediction": text, "token": token}
    return client.post(reverse("review:question_predict"), data, **HTMX)


def test_right_prediction_rates_the_question_good(client, member, snippet_1028):
    assert predict(client, snippet_1028, "[1 4 3]\n", uuid.uuid4()).status_code == 200
    log = ReviewLog.objects.get(user=member)
    assert log.rating == Rating.GOOD and log.source == ReviewLog.Source.PREDICTION
    assert log.question_id == snippet_1028.question_id


def test_wrong_prediction_rates_again_once_under_a_double_click(client, member, snippet_1028):
    token = uuid.uuid4()
    for _ in range(2):
        assert (
            "<strong>Not quite: it prints [1 4 3].</strong>"
            in predict(client, snippet_1028, "[1 2 3]", token).content.decode()
        )
    log = ReviewLog.objects.get(user=member)
    assert log.rating == Rating.AGAIN


def test_anonymous_prediction_is_graded_without_progress(client, snippet_1028):
    assert predict(client, snippet_1028, "[1 4 3]", uuid.uuid4()).status_code == 200
    assert not ReviewLog.objects.exists()


def test_a_visitor_is_asked_to_log_in_once_for_each_thing_it_brings(client, snippet_1028):
    question = snippet_1028.question
    url = reverse("review:predict_question", args=[question.series, question.number])
    data = {"snippet": snippet_1028.slug, "outcome": "prints", "prediction": "[1 4 3]", "token": "t"}
    graded = client.post(url, data, **HTMX).content.decode()
    page = client.get(question.get_absolute_url()).content.decode()
    assert graded.count("to rate how well you knew it") == 1
    assert page.count("to bookmark questions and keep private notes") == 1
    assert "track progress" not in graded + page


def test_prediction_is_graded_with_a_diff(client):
    response = predict(client, SnippetFactory(), "[1 2 3]", uuid.uuid4())
    body = response.content.decode()
    assert "<strong>Not quite: it prints [1 4 3].</strong>" in body and "-[1 4 3]" in body and "+[1 2 3]" in body


def test_without_javascript_the_grade_comes_on_a_full_page_with_the_explanation(client):
    snippet = SnippetFactory(explanation_html="<p>append writes through the shared array</p>")
    response = client.post(
        reverse("review:question_predict"),
        {"snippet": snippet.slug, "outcome": "prints", "prediction": "[1 4 3]", "token": "t-1"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<!doctype html>" in body.lower()
    assert "<strong>Right.</strong>" in body and "append writes through the shared array" in body
    assert 'id="run-form"' in body  # the real run is one click away


def test_a_prediction_without_an_outcome_says_what_to_do_and_is_not_graded(client):
    snippet = SnippetFactory()
    response = client.post(reverse("review:question_predict"), {"snippet": snippet.slug, "prediction": "x"})
    assert response.status_code == 400
    assert "Choose what you expect the program to do" in response.content.decode()


def test_an_empty_printed_prediction_reads_it_prints_nothing_not_an_empty_box(client):
    snippet = SnippetFactory()
    response = predict(client, snippet, "", uuid.uuid4())
    body = response.content.decode()
    assert response.status_code == 200
    assert 'aria-label="Your prediction">It prints nothing</pre>' in body


def test_a_whitespace_only_difference_marks_the_outputs_whitespace_and_not_the_words_around_them(client):
    snippet = SnippetFactory()  # prints "[1 4 3]\n"
    response = predict(client, snippet, "[1  4 3]", uuid.uuid4())
    body = response.content.decode()
    assert 'aria-label="Your prediction">It prints:\n[1<span class="ws">·</span><span class="ws">·</span>4' in body
    assert "It<span" not in body and "Spaces are shown as" in body
