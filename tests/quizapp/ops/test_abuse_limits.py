import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(db):
    return get_user_model().objects.create_user("ada", "ada@example.org", "correct horse battery")


def test_login_is_throttled_after_repeated_failures(client, learner, settings):
    url = reverse("accounts:login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(url, {"username": "ada", "password": "wrong"})
        assert response.status_code == 200
    locked = client.post(url, {"username": "ada", "password": "wrong"})
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    still_locked = client.post(url, {"username": "ada", "password": "correct horse battery"})
    assert still_locked.status_code == 429


def test_successful_login_is_not_throttled(client, learner):
    response = client.post(reverse("accounts:login"), {"username": "ada", "password": "correct horse battery"})
    assert response.status_code == 302


def test_oversized_request_body_is_refused(client, settings):
    too_big = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post(reverse("runs:create"), {"code": too_big, "language": "python"})
    assert response.status_code == 400
    assert b"Bad Request (400)" in response.content  # refused before the view read the form
    from quizapp.runs.models import Submission

    assert not Submission.objects.exists()


def test_admin_is_only_for_staff(client, learner):
    client.force_login(learner)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
