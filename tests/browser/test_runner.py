import pytest
from playwright.sync_api import expect

from quizapp.catalog.models import Question, Snippet
from quizapp.runs.models import Submission
from tests.browser.editor import replace_code

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


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
    expect(page.locator("#see-heading")).to_have_text("Not quite: it prints [1 4 3].")
    expect(page.locator(".grade-said pre")).to_have_text("It prints:\n[1 2 3]")
    expect(page.locator(".grade-expected pre")).to_contain_text("[1 4 3]")

    # the real run of the snippet's program follows the grade, judged against the snippet, never against the learner
    real = page.locator("#real-run")
    expect(real.locator("[data-outcome]")).to_have_text("It printed…", timeout=20_000)
    expect(real.locator("[data-judgement]")).to_have_text("This is what the snippet is expected to do")
    expect(page.locator(".judgement-right, .verdict-accepted")).to_have_count(0)
    expect(real.locator(".stdout")).to_have_text("[1 4 3]")
    expect(real).to_contain_text("go1.")
    screenshot(page, "question-1028-run")

    result = page.locator("#run-result")
    replace_code(page, snippet_1028.starter_code.replace("s[:1]", "s[:1:1]"))
    expect(page.locator("[data-editor-reset]")).to_be_visible()
    page.keyboard.press("Control+Enter")  # Run: just runs it
    expect(result.locator(".stdout")).to_have_text("[1 2 3]", timeout=20_000)
    expect(result.locator("[data-judgement]")).to_have_count(0)
    expect(page.locator(".code-mirror .tok-keyword").first).to_have_text("package")

    page.click("[data-editor-reset]")
    expect(page.locator("textarea.code-editor")).to_have_value(snippet_1028.starter_code)


HELLO_GO = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hello")\n}\n'


def test_hello_world_on_a_snippet_page_prints_hello_with_no_verdict(
    page, snippet_1028, celery_worker_process, screenshot
):
    page.goto("/q/go/1028/")
    page.click("#just-show-me")
    replace_code(page, HELLO_GO)
    page.click("#run-button")
    result = page.locator("#run-result")
    expect(result.locator(".stdout")).to_have_text("hello", timeout=20_000)
    expect(result.locator("[data-outcome]")).to_have_text("It printed…")
    expect(result.locator("[data-judgement]")).to_have_count(0)
    expect(result).not_to_contain_text("[1 4 3]")
    screenshot(page, "question-1028-hello-run")


def test_a_panic_is_told_once_in_plain_words_beside_the_learners_wrong_prediction(
    page, seeded_catalog, celery_worker_process, screenshot
):
    page.goto("/q/go/1031/")
    page.check("input[name=outcome][value=compile_error]")
    page.click("#check-prediction")
    expect(page.locator("#see-heading")).to_have_text("Not quite: it panics: close of nil channel.")
    result = page.locator("#real-run")
    expect(result.locator("[data-outcome]")).to_have_text("It panicked", timeout=20_000)
    expect(result.locator(".run-detail")).to_contain_text("close of nil channel")
    expect(page.locator(".judgement-right, .verdict-accepted, .prediction-grade.is-correct")).to_have_count(0)
    assert result.inner_text().count("panic: close of nil channel") == 1
    screenshot(page, "question-1031-wrong-prediction")


def test_1030_run_twice_is_run_twice(page, seeded_catalog, celery_worker_process):
    page.goto("/q/go/1030/")
    page.click("#just-show-me")
    expect(page.locator("#real-run .run-status[data-status=done]")).to_have_count(1, timeout=20_000)
    result = page.locator("#run-result")
    seen = []
    for _ in range(2):
        page.click("#run-button")
        done = result.locator(".run-status[data-status=done]" + "".join(f":not(#{run_id})" for run_id in seen))
        expect(done).to_have_count(1, timeout=20_000)
        expect(done.locator(".run-meta")).not_to_contain_text("cached result")
        seen.append(done.get_attribute("id"))
    assert Submission.objects.filter(snippet__question__number=1030, checked=False, cached=False).count() == 2
