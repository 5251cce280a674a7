import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from quizapp.accounts.models import Profile
from quizapp.review.models import Rating, ReviewLog
from quizapp.review.services import review_record
from tests.factories import PASSWORD, SubmissionFactory

pytestmark = pytest.mark.django_db


def body(response) -> str:
    return response.content.decode()


def field_errors(response, field: str) -> str:
    """The error list rendered right after the field's input."""
    match = re.search(rf'<ul class="field-errors" id="id_{field}_errors"[^>]*>(.*?)</ul>', body(response), re.S)
    return match.group(1) if match else ""


def test_signup_logs_in_and_keeps_the_visitors_runs(client, questions):
    from quizapp.runs.models import Submission

    client.get(reverse("catalog:home"))
    session = client.session
    session["visited"] = True
    session.save()
    SubmissionFactory(session_key=session.session_key, language="go", code="package main")
    response = client.post(
        reverse("accounts:signup"),
        {
            "username": "ada",
            "email": "ada@example.com",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(username="ada")
    assert Submission.objects.get().user == user
    assert client.get(reverse("learning:dashboard")).status_code == 200


def test_signup_without_an_email_address(client, db):
    response = client.post(
        reverse("accounts:signup"),
        {
            "username": "grace",
            "email": "",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )
    assert response.status_code == 302
    assert get_user_model().objects.get(username="grace").email == ""
    form = client.get(reverse("accounts:signup")).content.decode()
    assert "Optional; only used to reset a forgotten password" in form


def test_signup_errors_sit_next_to_the_field_and_keep_the_input(client, user):
    response = client.post(
        reverse("accounts:signup"),
        {
            "username": "new-person",
            "email": user.email,
            "password1": "a-long-pass-phrase",
            "password2": "different",
        },
    )
    assert response.status_code == 200
    assert "already uses this address" in field_errors(response, "email")
    assert "didn’t match" in field_errors(response, "password2")
    assert 'value="new-person"' in body(response) and f'value="{user.email}"' in body(response)


def test_login_failure_says_so_and_keeps_the_username(client, user):
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": "wrong"})
    assert response.status_code == 200
    assert "enter a correct username and password" in body(response)
    assert f'value="{user.username}"' in body(response)


def test_logout_is_a_post(user_client):
    response = user_client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert user_client.get(reverse("learning:dashboard")).status_code == 302


def test_password_change_rejects_a_wrong_old_password(user_client):
    response = user_client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "nope",
            "new_password1": "another-long-phrase",
            "new_password2": "another-long-phrase",
        },
    )
    assert "incorrect" in field_errors(response, "old_password")


def test_password_reset_mails_a_link_that_sets_a_new_password(client, user):
    response = client.post(reverse("accounts:password_reset"), {"email": user.email})
    assert response.status_code == 302 and len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(form_url, {"new_password1": "brand-new-phrase-1", "new_password2": "brand-new-phrase-1"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("brand-new-phrase-1")


def test_settings_errors_keep_what_was_typed(user_client, user):
    response = user_client.post(
        reverse("accounts:settings"),
        {
            "time_zone": "Europe/Berlin",
            "desired_retention": "1.5",
            "daily_new_limit": "12",
            "theme": "dark",
        },
    )
    assert "less than or equal to 0.99" in field_errors(response, "desired_retention")
    assert 'value="1.5"' in body(response) and 'value="12"' in body(response)
    assert '<option value="Europe/Berlin" selected>' in body(response)
    assert not Profile.objects.filter(user=user, daily_new_limit=12).exists()


def test_settings_save_and_set_the_theme_cookie(user_client, user):
    response = user_client.post(
        reverse("accounts:settings"),
        {
            "time_zone": "Europe/Berlin",
            "desired_retention": "0.85",
            "daily_new_limit": "5",
            "theme": "dark",
        },
    )
    assert response.status_code == 302 and response.cookies["theme"].value == "dark"
    profile = Profile.objects.get(user=user)
    assert (profile.time_zone, profile.desired_retention, profile.daily_new_limit) == ("Europe/Berlin", 0.85, 5)


def test_theme_toggle_sticks_for_visitors(client):
    response = client.post(reverse("accounts:theme"), {"theme": "dark", "next": "/search/"})
    assert response["Location"] == "/search/" and response.cookies["theme"].value == "dark"
    assert 'data-theme="dark"' in body(client.get(reverse("catalog:home")))
    assert client.post(reverse("accounts:theme"), {"theme": "dark", "next": "https://evil.example/"})["Location"] == "/"


def test_account_delete_needs_the_password_then_deletes_everything(user_client, user, questions):
    review_record(user=user, question=questions[0], rating=Rating.GOOD, idempotency_key="k")
    response = user_client.post(reverse("accounts:account_delete"), {"password": "wrong", "confirm": "DELETE"})
    assert "not your password" in field_errors(response, "password")
    assert 'value="DELETE"' in body(response)
    response = user_client.post(reverse("accounts:account_delete"), {"password": PASSWORD, "confirm": "DELETE"})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=user.pk).exists() and not ReviewLog.objects.exists()


@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/"])
def test_a_300_character_username_is_refused_and_counted_not_a_500(client, path):
    for _ in range(3):
        response = client.post(path, {"username": "u" * 300, "password": "wrong"})
        assert response.status_code in (200, 403, 429), response.status_code
    from axes.models import AccessAttempt

    assert AccessAttempt.objects.filter(username="u" * 150).exists()


def test_theme_with_a_next_that_is_not_a_path_goes_home(client):
    for target in ("foo", "https://evil.example/", "/\x00", "//evil.example/"):
        response = client.post("/me/theme/", {"theme": "dark", "next": target})
        assert (response.status_code, response["Location"]) == (302, "/"), target
    response = client.post("/me/theme/", {"theme": "dark", "next": "/search/?q=go"})
    assert response["Location"] == "/search/?q=go"
