import pytest
from playwright.sync_api import expect

from quizapp.catalog.models import Question, Snippet
from tests.browser.editor import replace_code

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def snippet_1028(seeded_catalog):
    """The imported 1028 program once content/ provides it; until then, the same program made here."""
    question = Question.objects.get(series="go", number=1028)
    existing = Snippet.objects.filter(question=question, kind=Snippet.Kind.TRICKY).first()
    if existing:
        return existing
    from tests.factories import SnippetFactory

    return SnippetFactory(slug="go-1028", question=question)


def test_predict_run_edit_and_rerun_1028(page, snippet_1028, celery_worker_process, screenshot):
    page.goto("/q/go/1028/")
    page.fill("#prediction-text", "[1 2 3]")
    page.click("#check-prediction")
    expect(page.locator("#prediction")).to_contain_text("Your prediction was wrong.")
    expect(page.locator("#prediction .diff-real")).to_have_text("-[1 4 3]")
    expect(page.locator("#prediction .diff-yours")).to_have_text("+[1 2 3]")

    result = page.locator("#run-result")
    expect(result.locator(".verdict")).to_have_text("ACCEPTED", timeout=20_000)  # the real run follows the grade
    page.click("#run-button")
    expect(result.locator(".run-meta")).to_contain_text("cached result")
    expect(result.locator(".verdict")).to_have_text("ACCEPTED")
    expect(result.locator(".stdout")).to_have_text("[1 4 3]")
    expect(result).to_contain_text("go1.")
    screenshot(page, "question-1028-run")

    replace_code(page, snippet_1028.starter_code.replace("s[:1]", "s[:1:1]"))
    expect(page.locator("[data-editor-reset]")).to_be_visible()
    page.keyboard.press("Control+Enter")
    expect(result.locator(".stdout")).to_have_text("[1 2 3]", timeout=20_000)
    expect(result.locator(".verdict")).to_have_text("WRONG_ANSWER")
    expect(page.locator(".code-mirror .tok-keyword").first).to_have_text("package")

    page.click("[data-editor-reset]")
    expect(page.locator("textarea.code-editor")).to_have_value(snippet_1028.starter_code)
