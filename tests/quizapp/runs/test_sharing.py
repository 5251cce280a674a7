"""A learner shares a run with a link; others can read it, not change it; unshared runs stay private."""

import pytest
from django.test import Client
from django.urls import reverse

from quizapp.runs.models import Submission

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def finished_run(client, redis_url):
    client.post(reverse("runs:create"), {"code": "print('shared hello')\n", "language": "python"}, **HTMX)
    Submission.objects.update(status="done", verdict="OK", stdout="shared hello\n", toolchain_version="Python 3.11.2")
    return Submission.objects.get()


def test_the_owner_sees_a_share_button_on_a_finished_run(client, finished_run):
    body = client.get(finished_run.get_absolute_url(), **HTMX).content.decode()
    assert "Share a link" in body and reverse("runs:share", args=[finished_run.pk]) in body


def test_sharing_makes_an_unguessable_link_that_another_visitor_can_read(client, finished_run):
    body = client.post(reverse("runs:share", args=[finished_run.pk]), **HTMX).content.decode()
    finished_run.refresh_from_db()
    assert len(finished_run.share_id) >= 22 and f"/s/{finished_run.share_id}/" in body

    stranger = Client()
    page = stranger.get(reverse("runs:shared", args=[finished_run.share_id])).content.decode()
    assert "print(&#x27;shared hello&#x27;)" in page and "shared hello\n</pre>" in page
    assert "readonly" in page and 'action="/runs/"' not in page and "Share a link" not in page
    assert stranger.get(finished_run.get_absolute_url()).status_code == 404  # the run itself stays the owner's


def test_sharing_twice_keeps_one_link(client, finished_run):
    client.post(reverse("runs:share", args=[finished_run.pk]), **HTMX)
    first = Submission.objects.get().share_id
    client.post(reverse("runs:share", args=[finished_run.pk]), **HTMX)
    assert Submission.objects.get().share_id == first


def test_an_unshared_run_has_no_public_page_and_others_cannot_share_it(client, finished_run):
    stranger = Client()
    assert stranger.post(reverse("runs:share", args=[finished_run.pk])).status_code == 404
    assert stranger.get(reverse("runs:shared", args=["not-a-real-share-id-123"])).status_code == 404
    assert Submission.objects.get().share_id is None


def test_without_htmx_sharing_redirects_to_the_shared_page(client, finished_run):
    response = client.post(reverse("runs:share", args=[finished_run.pk]))
    assert response.status_code == 302 and response["Location"].startswith("/s/")


def test_an_unfinished_run_cannot_be_shared(client, finished_run):
    Submission.objects.update(status="running")
    response = client.post(reverse("runs:share", args=[finished_run.pk]), **HTMX)
    assert response.status_code == 400 and "Only a finished run can be shared" in response.content.decode()


def test_a_shared_run_on_a_toolchain_no_longer_installed_still_opens(client, finished_run):
    client.post(reverse("runs:share", args=[finished_run.pk]), **HTMX)
    Submission.objects.update(language="go", toolchain="go1.9")
    page = Client().get(reverse("runs:shared", args=[Submission.objects.get().share_id]))
    assert page.status_code == 200 and "go1.9" in page.content.decode()
