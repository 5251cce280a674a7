import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quizapp.notes.services import note_save
from quizapp.practice.models import PracticeSession
from quizapp.practice.services import practice_start
from quizapp.review.models import Rating
from quizapp.review.services import review_record
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db


def body(response) -> str:
    return response.content.decode()


@pytest.fixture
def busy_learner(user, parts, now):
    """Many questions, and a review and a note on each, for the query-count tests."""
    many = QuestionFactory.create_batch(60, part=parts[0])
    for index, question in enumerate(many):
        review_record(user=user, question=question, rating=Rating.GOOD, idempotency_key=f"q{index}",
                               now=timezone.now() - timedelta(days=index))
        note_save(user=user, question=question, text="note")
    practice_start(user=user, parts=[], size=20, seconds_per_question=60, seconds_total=3600, idempotency_key="b")
    return many


def test_own_pages_never_show_another_users_data(user_client, other_user, questions):
    note_save(user=other_user, question=questions[0], text="their secret note")
    review_record(user=other_user, question=questions[0], rating=Rating.EASY, idempotency_key="k")
    practice_start(user=other_user, parts=[], size=1, seconds_per_question=60, seconds_total=60, idempotency_key="s")
    for name in ["learning:dashboard", "practice:index", "review:queue", "learning:export_json", "learning:export_csv"]:
        text = body(user_client.get(reverse(name)))
        assert "their secret note" not in text and "1/4 learned" not in text, name
    page = body(user_client.get(questions[0].get_absolute_url()))
    assert "their secret note" not in page and "★ Bookmarked" not in page


@pytest.mark.parametrize(
    "name",
    ["review:queue", "learning:dashboard", "practice:index", "accounts:settings", "learning:export_json",
     "learning:export_csv", "accounts:account_delete"],
)
def test_learner_pages_need_a_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_exports_download_as_json_and_csv(user_client, user, questions):
    note_save(user=user, question=questions[0], text="línea, \"quoted\"\nsecond line")
    response = user_client.get(reverse("learning:export_json"))
    assert response["Content-Disposition"].startswith("attachment") and response.json()["notes"][0]["text"].startswith(
        "línea"
    )
    response = user_client.get(reverse("learning:export_csv"))
    rows = list(csv.reader(io.StringIO(body(response))))
    header = rows[0]
    note = dict(zip(header, rows[1]))
    assert note["record"] == "note" and note["note"] == 'línea, "quoted"\nsecond line'
    assert note["title"] == questions[0].title and note["url"] == "http://testserver" + questions[0].get_absolute_url()


@pytest.mark.parametrize(
    ("name", "max_queries"),
    [
        ("review:queue", 12),
        ("learning:dashboard", 14),
        ("practice:index", 10),
        ("learning:export_json", 12),
        ("learning:export_csv", 12),
    ],
)
def test_learner_pages_use_a_fixed_number_of_queries(
    user_client, busy_learner, django_assert_max_num_queries, name, max_queries
):
    with django_assert_max_num_queries(max_queries):
        assert user_client.get(reverse(name)).status_code == 200


def test_practice_and_question_pages_use_a_fixed_number_of_queries(
    user_client, user, busy_learner, django_assert_max_num_queries
):
    session = PracticeSession.objects.get(user=user)
    with django_assert_max_num_queries(14):
        assert user_client.get(reverse("practice:detail", args=[session.pk])).status_code == 200
    with django_assert_max_num_queries(14):
        assert user_client.get(busy_learner[5].get_absolute_url() + "?answer=1").status_code == 200
    with django_assert_max_num_queries(10):
        assert user_client.get(reverse("search:page") + "?q=thing&bookmarked=1").status_code == 200


def test_a_new_learners_dashboard_shows_one_next_step_not_a_wall_of_zeros(user_client, user, questions):
    page = body(user_client.get(reverse("learning:dashboard")))
    start = page[page.index('id="getting-started"'):]
    assert f'class="button primary" href="{reverse("review:queue")}">Review your first questions' in start
    assert page.count("button primary") == 1
    for empty in ('id="forecast"', "Reviews per day", "Weakest topics", "Mastery per part", "Mastery per topic"):
        assert empty not in page

    review_record(user=user, question=questions[0], rating=Rating.GOOD, idempotency_key="first")
    page = body(user_client.get(reverse("learning:dashboard")))
    assert 'id="getting-started"' not in page
    assert all(shown in page for shown in ('id="forecast"', "Weakest topics", "Mastery per part"))
