"""The trainer loop: predict, run, learn, with the same verdict in practice as on the question page."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from quizapp.catalog.models import Question
from quizapp.practice.models import PracticeItem

from .test_learning import sign_up

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def practise(page, series: str, number: int):
    """A one-question practice session on the given question."""
    question = Question.objects.get(series=series, number=number)
    page.goto("/practice/")
    page.fill("input[name=size]", "1")
    page.click("#practice-start button[type=submit]")
    expect(page.locator(".practice-head")).to_contain_text("Question 1 of 1")
    PracticeItem.objects.filter(session__user__username="ada").update(question=question)
    page.reload()


@pytest.mark.parametrize(("series", "number", "outcome", "prediction", "program", "printed"), [
    ("python", 5, "prints", "True", "print(False == False in [False])", "True"),
    ("go", 1031, "panic", "", "close(ch)", None),
])
def test_practice_grades_a_right_prediction_right_then_runs_it_and_explains(
    page, seeded_catalog, celery_worker_process, screenshot, series, number, outcome, prediction, program, printed
):
    sign_up(page, "ada")
    practise(page, series, number)
    expect(page.locator("#practice-program")).to_contain_text(program)
    page.check(f"input[name=outcome][value={outcome}]")
    page.fill("#id_answer", prediction)
    page.click("#reveal")
    expect(page.locator("#prediction")).to_contain_text("Right.")
    expect(page.locator(".prediction-grade.is-correct")).to_be_visible()
    result = page.locator("#run-result")
    expect(result.locator("[data-outcome]")).to_have_text("It printed…" if printed else "It panicked", timeout=30_000)
    if printed:
        expect(result.locator(".stdout")).to_have_text(printed)
    expect(page.locator("#explanation")).to_be_visible()
    expect(page.locator(".verdict.bad")).to_have_count(0)
    screenshot(page, f"practice-{series}-{number}-right")
    page.locator("#practice-panel .rate-form button").first.click()
    expect(page.locator("#practice-score")).to_have_text("100%")


def test_1028s_explanation_is_visible_after_a_prediction(page, seeded_catalog):
    page.goto("/q/go/1028/")
    expect(page.locator("#explanation")).to_have_count(0)
    page.fill("#prediction-text", "[1 4 3]")
    page.click("#check-prediction")
    expect(page.locator("#see-heading")).to_have_text("Right.")
    expect(page.locator("#explanation")).to_contain_text("capacity 3")


def test_a_fresh_install_shows_1029s_compile_note(page, seeded_catalog, celery_worker_process, screenshot):
    # seeded_catalog copies rows without their compile notes; the install's import_content queues them for
    # the worker, and nobody runs verify_snippets.
    call_command("import_content", stdout=io.StringIO())
    note = page.locator("#snippet-source")
    for _ in range(60):
        page.goto("/q/go/1029/")
        if note.count():
            break
        page.wait_for_timeout(1000)
    expect(note).to_contain_text("As written in the document, this does not compile")
    screenshot(page, "question-1029-compile-note")


def test_without_javascript_a_prediction_lands_on_a_styled_page(browser, live_server, seeded_catalog):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/q/go/1028/")
    page.fill("#prediction-text", "[1 2 3]")
    page.click("#check-prediction")
    expect(page.locator("h1")).to_contain_text("1028.")
    expect(page.locator("#see-heading")).to_have_text("Not quite: it prints [1 4 3].")
    expect(page.locator("#explanation")).to_be_visible()
    # No JavaScript: the plain textarea is the editor.
    expect(page.locator("#play textarea.code-editor")).to_be_visible()
    assert page.locator("link[rel=stylesheet]").count() > 0
    context.close()
