import csv
import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from quizapp.learning import services
from quizapp.learning.models import Card, PracticeSession, Profile, QuestionNote, Rating, ReviewLog

from .factories import PASSWORD, QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def body(response) -> str:
    return response.content.decode()


def field_errors(response, field: str) -> str:
    """The error list rendered right after the field's input."""
    match = re.search(rf'<ul class="field-errors" id="id_{field}_errors"[^>]*>(.*?)</ul>', body(response), re.S)
    return match.group(1) if match else ""


@pytest.fixture
def session_of_other_user(other_user, questions):
    return services.practice_start(
        user=other_user, parts=[], size=2, seconds_per_question=60, seconds_total=600, idempotency_key="theirs"
    )


# --- Ownership: another user's things are 404 --------------------------------------------------


@pytest.mark.parametrize(
    ("name", "method", "data"),
    [
        ("learning:practice", "get", None),
        ("learning:practice_answer", "post", {"position": 0, "answer": "mine now"}),
        ("learning:practice_rate", "post", {"position": 0, "rating": 3}),
        ("learning:practice_skip", "post", {"position": 0}),
        ("learning:practice_finish", "post", {"position": 0}),
    ],
)
def test_another_users_practice_session_is_404(user_client, session_of_other_user, name, method, data):
    url = reverse(name, args=[session_of_other_user.pk])
    response = getattr(user_client, method)(url, data) if data else user_client.get(url)
    assert response.status_code == 404
    session_of_other_user.refresh_from_db()
    assert session_of_other_user.position == 0 and session_of_other_user.is_active
    assert not session_of_other_user.items.exclude(status="pending").exists()


def test_own_pages_never_show_another_users_data(user_client, other_user, questions):
    services.note_save(user=other_user, question=questions[0], text="their secret note")
    services.review_record(user=other_user, question=questions[0], rating=Rating.EASY, idempotency_key="k")
    services.practice_start(user=other_user, parts=[], size=1, seconds_per_question=60, seconds_total=60, idempotency_key="s")
    for name in ["learning:dashboard", "learning:practice_index", "learning:review", "learning:export_json", "learning:export_csv"]:
        text = body(user_client.get(reverse(name)))
        assert "their secret note" not in text and "1/4 learned" not in text, name
    page = body(user_client.get(questions[0].get_absolute_url()))
    assert "their secret note" not in page and "★ Bookmarked" not in page


@pytest.mark.parametrize(
    "name",
    ["learning:review", "learning:dashboard", "learning:practice_index", "learning:settings", "learning:export_json",
     "learning:export_csv", "learning:account_delete"],
)
def test_learner_pages_need_a_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("learning:login"))


# --- Accounts ------------------------------------------------------------------------------------


def test_signup_logs_in_and_keeps_the_visitors_runs(client, questions):
    from quizapp.runs.models import Submission

    client.get(reverse("catalog:home"))
    session = client.session
    session["visited"] = True
    session.save()
    Submission.objects.create(session_key=session.session_key, language="go", code="package main")
    response = client.post(reverse("learning:signup"), {
        "username": "ada", "email": "ada@example.com", "password1": "a-long-pass-phrase", "password2": "a-long-pass-phrase",
    })
    assert response.status_code == 302
    user = get_user_model().objects.get(username="ada")
    assert Submission.objects.get().user == user
    assert client.get(reverse("learning:dashboard")).status_code == 200


def test_signup_errors_sit_next_to_the_field_and_keep_the_input(client, user):
    response = client.post(reverse("learning:signup"), {
        "username": "new-person", "email": user.email, "password1": "a-long-pass-phrase", "password2": "different",
    })
    assert response.status_code == 200
    assert "already uses this address" in field_errors(response, "email")
    assert "didn’t match" in field_errors(response, "password2")
    assert 'value="new-person"' in body(response) and f'value="{user.email}"' in body(response)


def test_login_failure_says_so_and_keeps_the_username(client, user):
    response = client.post(reverse("learning:login"), {"username": user.username, "password": "wrong"})
    assert response.status_code == 200
    assert "enter a correct username and password" in body(response)
    assert f'value="{user.username}"' in body(response)


def test_logout_is_a_post(user_client):
    response = user_client.post(reverse("learning:logout"))
    assert response.status_code == 302
    assert user_client.get(reverse("learning:dashboard")).status_code == 302


def test_password_change_rejects_a_wrong_old_password(user_client):
    response = user_client.post(reverse("learning:password_change"), {
        "old_password": "nope", "new_password1": "another-long-phrase", "new_password2": "another-long-phrase",
    })
    assert "incorrect" in field_errors(response, "old_password")


def test_password_reset_mails_a_link_that_sets_a_new_password(client, user):
    response = client.post(reverse("learning:password_reset"), {"email": user.email})
    assert response.status_code == 302 and len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(form_url, {"new_password1": "brand-new-phrase-1", "new_password2": "brand-new-phrase-1"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("brand-new-phrase-1")


def test_settings_errors_keep_what_was_typed(user_client, user):
    response = user_client.post(reverse("learning:settings"), {
        "time_zone": "Europe/Berlin", "desired_retention": "1.5", "daily_new_limit": "12", "theme": "dark",
    })
    assert "less than or equal to 0.99" in field_errors(response, "desired_retention")
    assert 'value="1.5"' in body(response) and 'value="12"' in body(response)
    assert '<option value="Europe/Berlin" selected>' in body(response)
    assert not Profile.objects.filter(user=user, daily_new_limit=12).exists()


def test_settings_save_and_set_the_theme_cookie(user_client, user):
    response = user_client.post(reverse("learning:settings"), {
        "time_zone": "Europe/Berlin", "desired_retention": "0.85", "daily_new_limit": "5", "theme": "dark",
    })
    assert response.status_code == 302 and response.cookies["theme"].value == "dark"
    profile = Profile.objects.get(user=user)
    assert (profile.time_zone, profile.desired_retention, profile.daily_new_limit) == ("Europe/Berlin", 0.85, 5)


def test_theme_toggle_sticks_for_visitors(client):
    response = client.post(reverse("learning:theme"), {"theme": "dark", "next": "/search/"})
    assert response["Location"] == "/search/" and response.cookies["theme"].value == "dark"
    assert 'data-theme="dark"' in body(client.get(reverse("catalog:home")))
    assert client.post(reverse("learning:theme"), {"theme": "dark", "next": "https://evil.example/"})["Location"] == "/"


def test_account_delete_needs_the_password_then_deletes_everything(user_client, user, questions):
    services.review_record(user=user, question=questions[0], rating=Rating.GOOD, idempotency_key="k")
    response = user_client.post(reverse("learning:account_delete"), {"password": "wrong", "confirm": "DELETE"})
    assert "not your password" in field_errors(response, "password")
    assert 'value="DELETE"' in body(response)
    response = user_client.post(reverse("learning:account_delete"), {"password": PASSWORD, "confirm": "DELETE"})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=user.pk).exists() and not ReviewLog.objects.exists()


# --- Rating and the review page -------------------------------------------------------------------


def test_question_page_offers_rating_after_reveal_only_to_members(client, user, questions):
    url = questions[0].get_absolute_url() + "?answer=1"
    assert "Log in</a> or" in body(client.get(url, **HTMX))
    client.force_login(user)
    panel = body(client.get(url, **HTMX))
    assert 'data-shortcut="1"' in panel and 'data-shortcut="4"' in panel
    assert 'data-shortcut="1"' not in body(client.get(questions[0].get_absolute_url()))


def test_double_clicked_rating_records_one_review(user_client, user, questions):
    url = reverse("learning:question_rate", args=[questions[0].pk])
    for _ in range(2):
        response = user_client.post(url, {"rating": 3, "token": "reveal-abc"}, **HTMX)
        assert response.status_code == 200 and "Saved: <strong>Good</strong>" in body(response)
    assert ReviewLog.objects.filter(user=user).count() == 1


def test_a_bad_rating_is_refused_with_a_message(user_client, questions):
    response = user_client.post(reverse("learning:question_rate", args=[questions[0].pk]), {"rating": 9, "token": "t"}, **HTMX)
    assert "Choose Again, Hard, Good or Easy" in body(response)
    assert not ReviewLog.objects.exists()


def test_review_page_reveals_rates_and_moves_on(user_client, user, questions):
    page = body(user_client.get(reverse("learning:review")))
    assert questions[0].title_html in page and "New today <strong id=\"new-count\">8" in page
    revealed = body(user_client.get(reverse("learning:review") + f"?answer=1&question={questions[0].pk}", **HTMX))
    assert "<html" not in revealed and "It is a thing" in revealed
    token = re.search(r'name="token" value="(\w+)"', revealed).group(1)
    after = user_client.post(reverse("learning:review_rate", args=[questions[0].pk]), {"rating": 4, "token": token}, **HTMX)
    assert questions[1].title_html in body(after) and "Learned <strong id=\"learned-count\">1" in body(after)
    assert Card.objects.get(user=user).question == questions[0]


# --- Notes -----------------------------------------------------------------------------------------


def test_note_too_long_keeps_the_text_and_says_why(user_client, questions):
    text = "x" * 10_001
    response = user_client.post(reverse("learning:note_save", args=[questions[0].pk]), {"text": text}, **HTMX)
    assert "at most 10000 characters" in field_errors(response, "text")
    assert text in body(response)
    assert not QuestionNote.objects.exists()


def test_note_and_bookmark_show_on_the_question_page(user_client, questions):
    user_client.post(reverse("learning:note_save", args=[questions[0].pk]), {"text": "ask about <b>bulkheads</b>"})
    user_client.post(reverse("learning:bookmark_set", args=[questions[0].pk]), {"bookmarked": "1"})
    page = body(user_client.get(questions[0].get_absolute_url()))
    assert "ask about &lt;b&gt;bulkheads&lt;/b&gt;" in page and "★ Bookmarked" in page


# --- Practice ----------------------------------------------------------------------------------


def test_practice_start_errors_keep_the_choices(user_client, parts, questions):
    response = user_client.post(reverse("learning:practice_start"), {
        "parts": [parts[1].pk], "size": "0", "seconds_per_question": "90", "minutes_total": "15", "token": "t1",
    })
    assert "greater than or equal to 1" in field_errors(response, "size")
    text = body(response)
    assert f'value="{parts[1].pk}" id="id_parts_1" checked' in text and 'value="90"' in text and 'value="15"' in text
    assert not PracticeSession.objects.exists()


def test_practice_answer_too_long_keeps_the_answer(user_client, user, questions):
    session = services.practice_start(user=user, parts=[], size=2, seconds_per_question=600, seconds_total=900, idempotency_key="a")
    text = "y" * 10_001
    response = user_client.post(reverse("learning:practice_answer", args=[session.pk]), {"position": 0, "answer": text}, **HTMX)
    assert "at most 10000 characters" in body(response) and text in body(response)
    assert session.items.get(position=0).status == "pending"


def test_practice_runs_to_a_summary_and_history(user_client, user, questions):
    response = user_client.post(reverse("learning:practice_start"), {
        "size": "2", "seconds_per_question": "60", "minutes_total": "5", "token": "t2",
    })
    session = PracticeSession.objects.get(user=user)
    assert response["Location"] == reverse("learning:practice", args=[session.pk])
    page = body(user_client.get(response["Location"]))
    assert "data-countdown" in page and "Question <strong>1</strong> of 2" in page
    for position in range(2):
        user_client.post(reverse("learning:practice_answer", args=[session.pk]), {"position": position, "answer": "because"})
        user_client.post(reverse("learning:practice_rate", args=[session.pk]), {"position": position, "rating": 3 if position else 1})
    summary = body(user_client.get(reverse("learning:practice", args=[session.pk])))
    assert '<strong id="practice-score">50%</strong>' in summary and "Weak parts" in summary
    assert "50%" in body(user_client.get(reverse("learning:practice_index")))


# --- Export ----------------------------------------------------------------------------------------


def test_exports_download_as_json_and_csv(user_client, user, questions):
    services.note_save(user=user, question=questions[0], text="línea, \"quoted\"\nsecond line")
    response = user_client.get(reverse("learning:export_json"))
    assert response["Content-Disposition"].startswith("attachment") and response.json()["notes"][0]["text"].startswith("línea")
    response = user_client.get(reverse("learning:export_csv"))
    rows = list(csv.reader(io.StringIO(body(response))))
    assert rows[0][0] == "record" and rows[1][0] == "note" and rows[1][8] == "línea, \"quoted\"\nsecond line"


# --- Query counts do not grow with the number of questions ---------------------------------------


@pytest.fixture
def busy_learner(user, parts, now):
    """Many questions, and a review and a note on each, for the query-count tests."""
    many = QuestionFactory.create_batch(60, part=parts[0])
    for index, question in enumerate(many):
        services.review_record(user=user, question=question, rating=Rating.GOOD, idempotency_key=f"q{index}",
                               now=timezone.now() - timedelta(days=index))
        services.note_save(user=user, question=question, text="note")
    services.practice_start(user=user, parts=[], size=20, seconds_per_question=60, seconds_total=3600, idempotency_key="b")
    return many


@pytest.mark.parametrize(
    ("name", "max_queries"),
    [("learning:review", 12), ("learning:dashboard", 12), ("learning:practice_index", 10),
     ("learning:export_json", 12), ("learning:export_csv", 12)],
)
def test_learner_pages_use_a_fixed_number_of_queries(user_client, busy_learner, django_assert_max_num_queries, name, max_queries):
    with django_assert_max_num_queries(max_queries):
        assert user_client.get(reverse(name)).status_code == 200


def test_practice_and_question_pages_use_a_fixed_number_of_queries(user_client, user, busy_learner, django_assert_max_num_queries):
    session = PracticeSession.objects.get(user=user)
    with django_assert_max_num_queries(14):
        assert user_client.get(reverse("learning:practice", args=[session.pk])).status_code == 200
    with django_assert_max_num_queries(14):
        assert user_client.get(busy_learner[5].get_absolute_url() + "?answer=1").status_code == 200
    with django_assert_max_num_queries(10):
        assert user_client.get(reverse("catalog:search") + "?q=thing&bookmarked=1").status_code == 200
