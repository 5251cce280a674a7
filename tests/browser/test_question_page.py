"""The question page in the learner's order: read → predict → see → play → share, at 1280×800 and 390×844."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import page_width_overflow
from tests.browser.editor import replace_code

pytestmark = [pytest.mark.django_db(transaction=True)]

LOOP_31 = "/q/go-deck/31/"


def test_read_the_program_first_then_predict_right_under_it(screen, seeded_catalog, screenshot):
    screen.goto(LOOP_31)
    program, box = screen.locator("#program"), screen.locator("#prediction-text")
    expect(screen.locator("#version-badge")).to_have_text("Answer for Go 1.27; differs on Go 1.21")
    assert program.bounding_box()["y"] < screen.viewport_size["height"] / 2, "the code starts in the screen's top half"
    assert program.bounding_box()["y"] < box.bounding_box()["y"]
    expect(screen.locator("#play")).to_be_hidden()
    expect(screen.locator("#check-button, [data-editor-language], #fresh-run")).to_have_count(0)
    keyboard_hints = screen.locator("#check-prediction kbd, .shortcuts")
    if screen.screen_name == "phone":
        expect(keyboard_hints).to_have_count(2)
        assert screen.locator("#check-prediction kbd:visible, .shortcuts:visible").count() == 0
    else:
        expect(keyboard_hints.first).to_be_visible()
    assert page_width_overflow(screen) <= 0
    for choice in screen.locator(".outcome-choice").all():
        box_ = choice.bounding_box()
        assert box_["x"] + box_["width"] <= screen.viewport_size["width"], choice.inner_text()


def test_nothing_the_page_fetches_before_a_prediction_tells_the_outcome(screen, seeded_catalog):
    bodies = []
    def keep(response):
        if "text/html" in response.headers.get("content-type", ""):
            bodies.append(response.text())

    screen.on("response", keep)
    screen.goto(LOOP_31)
    screen.locator("#prediction-text").focus()
    screen.wait_for_load_state("networkidle")
    assert bodies and not [body for body in bodies if "0 1 2" in body or "3 3 3" in body]
    with screen.expect_response(lambda response: "/predict/" in response.url) as reveal:
        screen.locator("#just-show-me").click()
    expect(screen.locator("#prediction pre.expected-outcome")).to_contain_text("0 1 2")
    assert "0 1 2" in reveal.value.text(), "the reveal's own response carries the outcome (the check above can fail)"
    expect(screen.locator("#play")).to_be_visible()
    expect(screen.locator("#check-prediction, #prediction-text")).to_have_count(0)  # nothing left to predict


def test_a_wrong_prediction_is_answered_in_words_with_labels_and_whitespace_made_visible(screen, seeded_catalog):
    screen.goto("/q/go/1028/")
    screen.fill("#prediction-text", "[1  4 3]")
    screen.click("#check-prediction")
    verdict = screen.locator("#see-heading")
    expect(verdict).to_have_text("Not quite: the same words, but the spaces or line ends differ.")
    expect(screen.locator("#check-prediction")).to_have_count(0)  # the prediction stands: no second try once seen
    expect(screen.locator(".grade-said h3")).to_have_text("Your prediction")
    expect(screen.locator(".grade-expected h3")).to_have_text("What it really prints")
    expect(screen.locator(".grade-said .ws").first).to_be_visible()
    expect(screen.locator("#explanation h3")).to_have_text("Why")
    assert page_width_overflow(screen) <= 0


@pytest.mark.slow
def test_a_prediction_right_for_go_1_21_is_told_so_and_the_side_by_side_run_is_one_click_away(
        screen, seeded_catalog, celery_worker_process, screenshot):
    page = screen
    page.goto(LOOP_31)
    page.fill("#prediction-text", "3 3 3")
    page.click("#check-prediction")
    expect(page.locator("#see-heading")).to_have_text("Right for Go 1.21: not quite for Go 1.27.")
    expect(page.locator(".grade-detail")).to_contain_text("it prints 0 1 2")
    expect(page.locator("#real-run .stdout")).to_have_text("0 1 2", timeout=60_000)
    assert page_width_overflow(page) <= 0
    page.locator("#play .cm-editor").scroll_into_view_if_needed()  # CodeMirror measures its lines once in view
    page.wait_for_timeout(500)
    screenshot(page, f"question-31-{page.screen_name}")
    page.click("#version-compare-button")
    columns = page.locator("#version-compare .run-column")
    expect(columns).to_have_count(2)
    expect(columns.nth(0).locator(".stdout")).to_have_text("3 3 3", timeout=60_000)
    expect(columns.nth(1).locator(".stdout")).to_have_text("0 1 2", timeout=60_000)

    page.goto(LOOP_31)
    page.fill("#prediction-text", "0 1 2")
    page.click("#check-prediction")
    expect(page.locator("#see-heading")).to_have_text("Right.")
    expect(page.locator(".prediction-grade.is-correct")).to_be_visible()


@pytest.mark.slow
def test_keyboard_only_predict_see_and_run(screen, seeded_catalog, celery_worker_process):
    """At 1280x800 and at 390x844 (a phone with a keyboard attached)."""
    page = screen
    page.goto("/q/go/1028/")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    for _ in range(25):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "prediction-text":
            break
    expect(page.locator("#prediction-text")).to_be_focused()
    page.keyboard.type("[1 2 3]")
    page.keyboard.press("Control+Enter")
    expect(page.locator("#see-heading")).to_have_text("Not quite: it prints [1 4 3].")
    expect(page.locator("#see-heading")).to_be_focused()
    expect(page.locator("#real-run .stdout")).to_have_text("[1 4 3]", timeout=30_000)
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "run-button":
            break
    expect(page.locator("#run-button")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#run-result .stdout")).to_have_text("[1 4 3]", timeout=30_000)
    page.locator(".runner .cm-content").focus()
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    assert page.evaluate("!document.activeElement.closest('.cm-editor')"), "Esc then Tab leaves the editor"
    expect(page.locator("#editor-leave-hint")).to_contain_text("press Esc, then Tab")
    expect(page.locator(".runner .cm-content")).to_have_attribute("aria-describedby", "editor-leave-hint")


@pytest.mark.slow
def test_a_compile_error_is_marked_on_its_line_and_told_once(screen, seeded_catalog, celery_worker_process):
    screen.goto("/q/go/1028/")
    screen.click("#just-show-me")
    replace_code(screen, 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println(undefinedName)\n}\n')
    screen.click("#run-button")
    result = screen.locator("#run-result")
    expect(result.locator("[data-outcome]")).to_have_text("It did not compile", timeout=30_000)
    expect(screen.locator(".cm-error-line")).to_have_count(1)
    expect(screen.locator(".cm-error-line")).to_contain_text("undefinedName")
    assert result.inner_text().count("undefined: undefinedName") == 1
    assert page_width_overflow(screen) <= 0


def test_just_show_me_reveals_the_answer_and_where_the_rule_is_written_without_a_page_load(page, seeded_catalog):
    page.goto("/q/go/1028/")
    page.evaluate("window.__sameDocument = true")
    expect(page.locator(".badge.tricky").first).to_be_visible()
    page.click("#just-show-me")
    page.locator(".answer-details > summary").click()
    expect(page.locator(".answer-details .indepth")).to_contain_text("Three-Index Slicing")
    expect(page.locator("#references a").first).to_have_attribute("href", "https://go.dev/ref/spec#Appending_and_copying_slices")
    assert page.evaluate("window.__sameDocument") is True, "the answer must arrive without a page load"


def test_a_visitors_edits_are_kept_in_the_browser_and_reset_restores_the_original(screen, seeded_catalog):
    page = screen
    page.goto("/q/go/1028/")
    page.click("#just-show-me")
    original = page.locator("textarea.code-editor").input_value()
    replace_code(page, "package main\n\nfunc main() { println(42) }\n")
    expect(page.locator("[data-draft-status]")).to_have_text("Draft kept in this browser.", timeout=5_000)
    page.reload()
    expect(page.locator("#play")).to_be_visible()
    expect(page.locator("textarea.code-editor")).to_have_value("package main\n\nfunc main() { println(42) }\n")
    page.click("[data-editor-reset]")
    expect(page.locator("textarea.code-editor")).to_have_value(original)


def test_a_theory_question_shows_its_answer_first_and_keeps_focus_in_the_answer(screen, seeded_catalog):
    screen.goto("/q/go/961/")
    answer, demo = screen.locator("#show-answer"), screen.locator("#play")
    expect(demo).to_be_hidden()  # its program is a circuit breaker: the answer, given away before the learner tried
    assert answer.bounding_box()["y"] < screen.viewport_size["height"]
    answer.focus()
    screen.keyboard.press("Enter")
    expect(screen.locator(".indepth")).to_contain_text("Bulkhead Pattern")
    assert screen.evaluate("document.activeElement !== document.body"), "focus moved into the answer, not to <body>"
    expect(screen.locator("#answer")).to_be_focused()
    expect(demo).to_be_visible()
    assert screen.locator(".indepth").bounding_box()["y"] < demo.bounding_box()["y"]
    assert page_width_overflow(screen) <= 0


@pytest.mark.parametrize("url, opener", [("/q/go/961/", "#show-answer"), ("/q/go/1028/", "#just-show-me")])
def test_the_editor_is_downloaded_when_it_opens_not_with_the_page(page, seeded_catalog, url, opener):
    scripts = []
    page.on("request", lambda request: scripts.append(request.url) if request.resource_type == "script" else None)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert not [url for url in scripts if "codemirror" in url], "121 KB of editor for a learner still reading"
    page.click(opener)
    expect(page.locator("#play .cm-content")).to_be_visible()
    assert [url for url in scripts if "codemirror" in url]


def test_the_next_step_after_the_outcome_puts_the_cursor_in_the_editor(page, seeded_catalog):
    page.goto("/q/go/1028/")
    page.click("#just-show-me")
    page.click("[data-show-play]")
    expect(page.locator("#play .cm-content")).to_be_focused()


def test_space_key_reveals_a_theory_answer(page, seeded_catalog):
    page.goto("/q/go/961/")
    page.keyboard.press("Space")
    expect(page.locator(".indepth")).to_contain_text("Bulkhead Pattern")


def test_a_nondeterministic_snippet_says_so_in_learners_words(page, seeded_catalog):
    page.goto("/q/go-deck/90/")
    page.click("#just-show-me")
    expect(page.locator("#varies-note")).to_contain_text("can change from run to run")
    expect(page.locator("text=fresh run")).to_have_count(0)


def test_live_search_highlights_results(page, seeded_catalog):
    page.goto("/search/")
    page.fill(".search-page input[name=q]", "bloom")
    expect(page.locator("#search-results mark").first).to_have_text("Bloom", ignore_case=True)
    expect(page.locator("#search-results")).to_contain_text("962.")


@pytest.mark.slow
def test_share_the_run_with_a_copied_link_and_edit_a_copy(screen, seeded_catalog, celery_worker_process):
    screen.context.grant_permissions(["clipboard-read", "clipboard-write"])
    screen.goto("/q/go/1028/")
    screen.click("#just-show-me")
    real = screen.locator("#real-run")
    expect(real.locator(".stdout")).to_have_text("[1 4 3]", timeout=30_000)
    real.locator(".share-button").click()
    expect(real.locator(".copy-button")).to_be_focused()
    real.locator(".copy-button").click()
    expect(real.locator("[data-copy-status]")).to_have_text("Link copied.")
    shared_url = screen.evaluate("navigator.clipboard.readText()")
    assert shared_url == real.locator(".share-url").inner_text()
    screen.goto(shared_url)
    expect(screen.locator("h1")).to_have_text("A shared program")
    expect(screen.locator(".crumbs")).to_contain_text("1028. What is the output of")
    assert page_width_overflow(screen) <= 0
    screen.click("#edit-copy")
    expect(screen.locator("textarea.code-editor")).to_have_value(re.compile(r"append\(s\[:1\], 4\)"))
    expect(screen.locator(".code-mirror .cm-content")).to_have_attribute("contenteditable", "true")
