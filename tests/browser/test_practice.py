"""Practice you can trust: a reload never leaves the session or starts a run; time's up teaches;
the summary repeats the misses."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from quizapp.catalog.models import Question
from quizapp.practice.models import PracticeItem, PracticeSession
from quizapp.runs.models import Submission

from .test_learning import sign_up
from .test_trainer_loop import practise

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_reloading_a_revealed_practice_question_three_times_keeps_the_question_and_its_one_run(
    page, seeded_catalog, celery_worker_process
):
    sign_up(page, "ada")
    practise(page, "python", 5)
    page.check("input[name=outcome][value=prints]")
    page.fill("#id_answer", "True")
    page.click("#reveal")
    expect(page.locator("#prediction")).to_contain_text("Right.")
    expect(page.locator("#run-result [data-outcome]")).to_have_text("It printed…", timeout=30_000)
    url, runs = page.url, Submission.objects.count()
    assert runs == 1

    def shows_the_same_question(tab):
        expect(tab.locator(".practice-head")).to_contain_text("Question 1 of 1")
        expect(tab.locator("#prediction")).to_contain_text("Right.")
        expect(tab.locator("#run-result [data-outcome]")).to_have_text("It printed…")
        assert tab.url == url

    for _ in range(3):
        page.reload()
        shows_the_same_question(page)
    page.goto("/practice/")
    page.go_back()
    shows_the_same_question(page)
    second_tab = page.context.new_page()
    second_tab.goto(url)
    shows_the_same_question(second_tab)
    assert Submission.objects.count() == runs


def test_times_up_shows_the_answer_then_the_summary_compares_and_practises_the_missed(page, seeded_catalog, screenshot):
    sign_up(page, "grace")
    page.goto("/practice/")
    page.fill("input[name=size]", "2")
    expect(page.locator("input[name=seconds_per_question]")).to_be_hidden()  # the defaults need no choosing
    page.click(".practice-options > summary")
    page.fill("input[name=seconds_per_question]", "10")
    page.click("#practice-start button[type=submit]")
    expect(page.locator("#question-clock")).not_to_have_text("–:–")
    session = PracticeSession.objects.get(user__username="grace")
    PracticeItem.objects.filter(session=session, position=0).update(started_at=timezone.now() - timedelta(seconds=8))
    prose = (
        Question.objects.filter(is_tricky=False)
        .exclude(pk=PracticeItem.objects.get(session=session, position=0).question_id)
        .order_by("id")
        .first()
    )
    PracticeItem.objects.filter(session=session, position=1).update(question=prose)  # rated with 1-4
    page.reload()
    page.fill("#id_answer", "still thinking")
    expect(page.locator("#times-up")).to_contain_text("Time's up.", timeout=15_000)
    expect(page.locator("#practice-answer")).to_be_visible()
    expect(page.locator(".practice-head")).to_contain_text("Question 1 of 2")
    page.click("#next-question")
    expect(page.locator(".practice-head")).to_contain_text("Question 2 of 2")
    page.fill("#id_answer", "my second answer")
    page.click("#reveal")
    page.locator("#practice-panel .rate-form button[value='1']").click()
    items = page.locator(".practice-summary .summary-item")
    expect(items).to_have_count(2)
    expect(items.nth(0)).to_contain_text("No answer: time ran out.")
    expect(items.nth(1).locator(".summary-said")).to_contain_text("my second answer")
    expect(items.nth(1).locator(".summary-right details")).to_be_visible()
    expect(items.nth(0).locator("a").first).to_have_attribute(
        "href", PracticeItem.objects.get(session=session, position=0).question.get_absolute_url()
    )
    screenshot(page, "practice-summary-with-answers")
    page.click("#practise-missed")
    expect(page.locator(".practice-head")).to_contain_text("Question 1 of 2")
    again = PracticeSession.objects.exclude(pk=session.pk).get()
    expect(page).to_have_url(f"/practice/{again.pk}/")


def test_pausing_hides_the_question_and_stops_both_clocks_until_the_learner_goes_on(page, seeded_catalog):
    sign_up(page, "pauline")
    page.goto("/practice/")
    page.fill("input[name=size]", "2")
    page.click("#practice-start button[type=submit]")
    expect(page.locator("#question-clock")).not_to_have_text("–:–")
    title = page.locator(".review-title").inner_text()
    page.focus("#pause")
    page.keyboard.press("Enter")
    paused = page.locator("#paused")
    expect(paused).to_contain_text("The clocks stopped with")
    expect(page.locator("#resume")).to_be_focused()  # the one next step, under the keyboard
    expect(page.locator(".review-title")).to_have_count(0)  # no thinking time off the clock
    expect(page.locator("[data-countdown]")).to_have_count(0)
    stopped = page.locator(".practice-head").inner_text()
    page.wait_for_timeout(1500)
    assert page.locator(".practice-head").inner_text() == stopped
    page.reload()
    expect(paused).to_be_visible()  # a reload keeps the pause
    page.focus("#resume")
    page.keyboard.press("Enter")
    expect(page.locator(".review-title")).to_have_text(title)
    expect(page.locator("#question-clock")).not_to_have_text("–:–")
    session = PracticeSession.objects.get(user__username="pauline")
    assert not session.is_paused and session.paused_seconds >= 1
