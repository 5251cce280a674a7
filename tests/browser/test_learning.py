import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.django_db(transaction=True)]


def sign_up(page, username="ada"):
    page.goto("/accounts/signup/")
    page.fill("input[name=username]", username)
    page.fill("input[name=email]", f"{username}@example.com")
    page.fill("input[name=password1]", "a-long-pass-phrase")
    page.fill("input[name=password2]", "a-long-pass-phrase")
    page.click("button[type=submit]:has-text('Create account')")
    expect(page).to_have_url("/review/")


def wait_until_htmx_ready(page, selector):
    """A key pressed before htmx has processed swapped-in content falls back to a full page load."""
    page.wait_for_function("s => { const e = document.querySelector(s); return !!(e && e._htmx); }", arg=selector)


def test_sign_up_review_three_with_the_keyboard_and_see_the_dashboard_change(page, seeded_catalog, screenshot):
    sign_up(page)
    page.goto("/dashboard/")
    expect(page.locator("#getting-started")).to_be_visible()  # nothing reviewed yet: one next step
    page.click("#getting-started a.button.primary")
    expect(page).to_have_url(re.compile(r"/review/$"))
    page.evaluate("window.__sameDocument = true")
    for rating in ["3", "4", "1"]:
        question = page.locator("#review-card article").get_attribute("data-question")
        wait_until_htmx_ready(page, "#show-answer")
        page.keyboard.press("Space")
        expect(page.locator("#review-card .answer")).to_be_visible()
        wait_until_htmx_ready(page, "#review-card .rate-form")
        page.keyboard.press(rating)
        expect(page.locator("#review-card article")).not_to_have_attribute("data-question", question)
    assert page.evaluate("window.__sameDocument") is True, "reviews must not reload the page"
    expect(page.locator("#learned-count")).to_have_text("1")
    screenshot(page, "learning-review")
    page.goto("/dashboard/")
    expect(page.locator("#stat-today")).to_have_text("3")
    expect(page.locator("#stat-streak")).to_have_text("1 day")
    screenshot(page, "learning-dashboard")


def test_three_question_practice_session_to_its_summary(page, seeded_catalog, screenshot):
    sign_up(page, "grace")
    page.goto("/practice/")
    page.fill("input[name=size]", "3")
    page.click("#practice-start button[type=submit]")
    for number in range(1, 4):
        expect(page.locator(".practice-head")).to_contain_text(f"Question {number} of 3")
        expect(page.locator("[data-countdown]").first).not_to_have_text("–:–")
        page.fill("#id_answer", f"answer {number}")
        page.click("#reveal")
        expect(page.locator("#practice-panel .answer")).to_be_visible()
        next_button = page.locator("#practice-panel .rate-form button").first
        if page.locator("#practice-panel .rate-buttons").count():
            page.keyboard.press("3")
        else:
            next_button.click()
    expect(page.locator("#practice-score")).to_be_visible()
    screenshot(page, "learning-practice-summary")
    page.goto("/practice/")
    expect(page.locator("table.history tbody tr")).to_have_count(1)
    expect(page.locator("table.history")).to_contain_text("Summary")


def test_after_one_practice_session_the_dashboard_shows_in_progress_and_the_weakest_topic(page, seeded_catalog):
    from quizapp.catalog.models import Snippet

    from .test_trainer_loop import practise

    snippet = (
        Snippet.objects.filter(kind=Snippet.Kind.TRICKY, is_draft=False, checker="exact", question__is_tricky=True)
        .exclude(topic="")
        .select_related("question")
        .order_by("id")
        .first()
    )
    sign_up(page, "ada")  # practise() puts the question into ada's session
    practise(page, snippet.question.series, snippet.question.number)
    page.check("input[name=outcome][value=prints]")
    page.fill("#id_answer", "certainly not what it prints")
    page.click("#reveal")
    expect(page.locator(".prediction-grade.is-wrong")).to_be_visible()
    page.locator("#practice-panel .rate-form button").first.click()
    expect(page.locator("#practice-score")).to_have_text("0%")
    page.goto("/dashboard/")
    weakest = page.locator("#weakest-topics li")
    expect(weakest).to_have_count(1)
    expect(weakest.first).to_contain_text(snippet.topic_label)
    expect(weakest.first).to_contain_text("missed 1 of 1 review")
    expect(page.locator(".mastery li.is-started").first).to_contain_text("1 in progress")
    expect(page.locator("#forecast .forecast-count").first).to_have_text("1")
    weakest.first.get_by_role("button").click()
    expect(page.locator(".practice-head")).to_contain_text("Question 1 of")
