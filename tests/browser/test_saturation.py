"""When the class saturates the service, the learner is told: place in the queue and the wait, a
late run with a way to send it again, a refusal that says why and when. Runs here are never sent to
a worker (a session's worker may be running), so they stay queued as behind a long queue."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from quizapp.runs.models import Submission
from tests.factories import SnippetFactory, SubmissionFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def unsent(monkeypatch):
    monkeypatch.setattr("quizapp.runs.submissions.submission_enqueue", lambda submission_id: None)


@pytest.fixture
def exercise():
    return SnippetFactory(slug="py-wait", kind="exercise", language="python", prompt="Print 1.",
                          prompt_html="<p>Print 1.</p>", starter_code="print(1)\n", expected_output="1\n")


def test_a_queued_run_shows_its_place_then_says_it_is_late_and_runs_again_from_the_keyboard(
    browser, live_server, exercise, redis_url,
):
    for _ in range(2):
        SubmissionFactory(queued_at=timezone.now() - timedelta(seconds=3))
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    try:
        page.goto(f"/exercises/{exercise.slug}/")
        page.focus("#run-button")
        page.keyboard.press("Enter")
        expect(page.locator("[data-queue-place]")).to_have_text("2 runs ahead of it in the queue.")
        mine = Submission.objects.latest("id")
        long_ago = timezone.now() - timedelta(minutes=5)
        Submission.objects.filter(pk=mine.pk).update(created_at=long_ago)
        late = page.locator("[data-run-late]")
        expect(late).to_contain_text("This run is late", timeout=5_000)
        expect(late).to_contain_text(re.compile(r"It was sent 3\d\d s ago"))  # the page counts on as it polls
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.focus(f"#run-retry-{mine.pk}")
        page.keyboard.press("Enter")
        expect(page.locator(f"#run-{mine.pk + 1}")).to_be_visible()
        assert Submission.objects.filter(code="print(1)\n", fresh=True).count() == 1
    finally:
        context.close()
    assert not violations, violations


def test_a_refused_run_says_why_and_when_to_try_again(page, exercise, redis_url, settings):
    settings.RUNS_RATE_LIMIT = (1, 10)
    page.goto(f"/exercises/{exercise.slug}/")
    page.click("#run-button")
    expect(page.locator(".run-status")).to_be_visible()
    page.click("#run-button")
    refusal = page.locator("[data-refusal]")
    expect(refusal).to_contain_text("Too many at once")
    expect(refusal).to_contain_text("You have started 1 runs in the last 10 s.")
    expect(refusal).to_contain_text("; your code is kept.")
    assert 1 <= int(refusal.get_attribute("data-retry-after")) <= 10
