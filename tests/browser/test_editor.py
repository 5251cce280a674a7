import pytest
from playwright.sync_api import expect

from tests.browser.editor import replace_code
from tests.factories import PythonExerciseFactory, SnippetFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def go_exercise():
    return SnippetFactory(slug="go-hello", kind="exercise", prompt="Say hello.", prompt_html="<p>Say hello.</p>",
                          starter_code='package main\n\nfunc main() {\n}\n', expected_output="hello\n")


@pytest.fixture
def shared_go_run(seeded_catalog):
    from quizapp.runs.models import Submission
    from tests.factories import SubmissionFactory

    run = SubmissionFactory(code='package main\n\nfunc main() {\n}\n', language="go", status=Submission.Status.DONE)
    run.share_id = "a" * 22
    run.save()
    return run


def test_editor_numbers_lines_and_highlights_go(page, go_exercise):
    page.goto(f"/exercises/{go_exercise.slug}/")
    editor = page.locator(".code-mirror")
    expect(page.locator("textarea.code-editor")).to_be_hidden()
    expect(editor.locator(".cm-lineNumbers .cm-gutterElement", has_text="4")).to_have_count(1)
    expect(editor.locator(".tok-keyword").first).to_have_text("package")


def test_editor_matches_brackets_and_mirrors_into_the_form(page, go_exercise):
    page.goto(f"/exercises/{go_exercise.slug}/")
    replace_code(page, 'package main\n\nfunc main() {\nprintln(len([]int{1, 2}))\n}')
    page.keyboard.press("Control+End")
    expect(page.locator(".code-mirror .cm-matchingBracket")).to_have_count(2)
    mirrored = page.locator("textarea.code-editor").input_value()
    assert mirrored.startswith("package main\n\nfunc main() {\n") and mirrored.rstrip().endswith("}")


def test_switching_the_language_swaps_the_mode_and_the_starter_program(page, seeded_catalog, shared_go_run):
    # An exercise and a question fix their language; an edited copy of a shared run lets the learner switch.
    page.goto(f"/s/{shared_go_run.share_id}/edit/")
    original = page.locator("textarea.code-editor").input_value()
    python_template = page.locator("[data-editor-language] option[value=python]").get_attribute("data-editor-template")
    page.select_option("[data-editor-language]", "python")
    expect(page.locator("textarea.code-editor")).to_have_value(python_template)
    replace_code(page, "def f():\n    return 1\nprint(f())")
    expect(page.locator(".code-mirror .tok-keyword").first).to_have_text("def")
    page.locator("[data-editor-reset]").click()
    expect(page.locator("textarea.code-editor")).to_have_value(original)
    expect(page.locator(".code-mirror .tok-keyword").first).to_have_text("package")


def test_without_javascript_the_plain_textarea_runs_the_code(browser, live_server, celery_worker_process):
    exercise = PythonExerciseFactory(slug="py-sum-nojs")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"/exercises/{exercise.slug}/")
        expect(page.locator(".code-mirror")).to_have_count(0)
        page.fill("textarea.code-editor", exercise.solution_code)
        page.click("#check-button")
        expect(page.locator(".run-status .stdout")).to_have_text("6", timeout=30_000)
    finally:
        context.close()


def test_format_runs_gofmt_in_the_sandbox_and_replaces_the_code(page, go_exercise, celery_worker_process):
    page.goto(f"/exercises/{go_exercise.slug}/")
    replace_code(page, 'package main\nimport "fmt"\nfunc main(){\nfmt.Println( "hi" )\n}\n')
    page.click("#format-button")
    formatted = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hi")\n}\n'
    expect(page.locator("textarea.code-editor")).to_have_value(formatted, timeout=30_000)
    page.locator(".code-mirror .cm-content").focus()
    page.keyboard.press("Control+z")  # one undo step brings the learner's text back
    expect(page.locator("textarea.code-editor")).not_to_have_value(formatted)

    replace_code(page, "package main\nfunc main() {\n")
    page.click("#format-button")
    expect(page.locator("[data-editor-status]")).to_contain_text("main.go:", timeout=30_000)
    expect(page.locator("textarea.code-editor")).to_have_value("package main\nfunc main() {\n")

    python_exercise = PythonExerciseFactory(slug="py-no-format")
    page.goto(f"/exercises/{python_exercise.slug}/")
    expect(page.locator(".code-mirror")).to_have_count(1)
    expect(page.locator("#format-button")).to_be_hidden()
