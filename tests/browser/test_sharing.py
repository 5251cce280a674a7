import re

import pytest
from playwright.sync_api import expect

from quizapp.runs.models import Submission
from tests.browser.editor import replace_code
from tests.factories import PythonExerciseFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_shared_run_opens_read_only_for_another_visitor_and_an_unshared_one_is_404(
        page, browser, live_server, celery_worker_process, screenshot):
    exercise = PythonExerciseFactory(slug="py-share")
    page.goto(f"/exercises/{exercise.slug}/")
    replace_code(page, "print('shared hello')\n")
    page.click("#run-button")
    result = page.locator("#run-result")
    expect(result.locator(".stdout")).to_have_text("shared hello", timeout=30_000)
    private_url = Submission.objects.get().get_absolute_url()

    result.locator(".share-button").click()
    expect(result.locator(".copy-button")).to_be_focused()  # the button was swapped out: focus lands on the link's copy
    link = result.locator(".share-url")
    expect(link).to_have_text(re.compile(r"^http://.+/s/[A-Za-z0-9_-]{22,}/$"))
    shared_url = link.get_attribute("href")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    result.locator(".copy-button").click()
    expect(result.locator("[data-copy-status]")).to_have_text("Link copied.")
    assert page.evaluate("navigator.clipboard.readText()") == link.inner_text()

    other = browser.new_context(base_url=live_server.url)
    try:
        visitor = other.new_page()
        visitor.goto(shared_url)
        expect(visitor.locator(".code-mirror .cm-content")).to_have_text("print('shared hello')")
        expect(visitor.locator(".code-mirror .cm-content")).to_have_attribute("contenteditable", "false")
        expect(visitor.locator(".run-status .stdout")).to_have_text("shared hello")
        expect(visitor.locator("#run-form")).to_have_count(0)
        expect(visitor.locator(".share-button")).to_have_count(0)
        screenshot(visitor, "run-shared")
        visitor.locator(".code-mirror .cm-content").click()
        visitor.keyboard.insert_text("tampered")
        expect(visitor.locator(".code-mirror .cm-content")).to_have_text("print('shared hello')")

        # Edit a copy: a new editor with the same code; the shared run stays as it was.
        visitor.click("#edit-copy")
        replace_code(visitor, "print('my copy')\n")
        visitor.click("#run-button")
        expect(visitor.locator("#run-result .stdout")).to_have_text("my copy", timeout=30_000)
        visitor.goto(shared_url)
        expect(visitor.locator(".run-status .stdout")).to_have_text("shared hello")
        assert visitor.goto(private_url).status == 404
    finally:
        other.close()
