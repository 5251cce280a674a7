"""The site on a 390×844 touch phone."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from quizapp.rooms import services

pytestmark = [pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
MIN_TAP = 44


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, has_touch=True, is_mobile=True,
                                  device_scale_factor=2)
    context.set_default_timeout(10_000)
    page = context.new_page()
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    yield page
    context.close()
    assert not violations, f"the page broke its Content-Security-Policy: {violations}"


def visible_header_height(page) -> float:
    return page.evaluate(
        "() => { const r = document.querySelector('.site-header').getBoundingClientRect();"
        " return Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0)); }"
    )


def test_the_header_is_compact_and_hides_on_scroll_down(phone, seeded_catalog, screenshot):
    phone.goto("/q/go/1028/")
    assert visible_header_height(phone) <= 0.12 * PHONE["height"]
    phone.mouse.wheel(0, 600)
    phone.wait_for_timeout(400)
    assert phone.evaluate("scrollY") > 300
    assert visible_header_height(phone) <= 0.12 * PHONE["height"]
    phone.mouse.wheel(0, -200)
    expect(phone.locator(".site-header")).not_to_have_class("site-header is-hidden")
    expect(phone.locator(".site-header")).to_be_in_viewport()
    screenshot(phone, "phone-question-1028")


def test_the_menu_opens_the_links(phone, seeded_catalog):
    phone.goto("/")
    expect(phone.locator(".site-nav a", has_text="Exercises")).to_be_hidden()
    phone.click("[data-menu-toggle]")
    expect(phone.locator(".site-nav a", has_text="Exercises")).to_be_visible()
    phone.click(".site-nav a:has-text('Exercises')")
    expect(phone).to_have_url("/exercises/")


def test_no_keyboard_hints_on_a_touch_screen(phone, seeded_catalog):
    for url, button in (("/q/go/961/", "#show-answer"), ("/q/go/1028/", "#check-prediction")):
        phone.goto(url)
        expect(phone.locator(button)).to_be_visible()
        assert phone.locator("kbd:visible, .shortcuts:visible, .editor-hint:visible").count() == 0


def test_previous_and_next_are_at_the_top(phone, seeded_catalog):
    phone.goto("/q/go/1028/")
    next_link = phone.locator(".pager-top a[rel=next]")
    expect(next_link).to_be_in_viewport()
    assert next_link.bounding_box()["y"] < PHONE["height"] / 3
    next_link.tap()
    expect(phone).to_have_url("/q/go/1029/")


def test_tap_targets_are_at_least_44_px(phone, seeded_catalog):
    phone.goto("/q/go/1028/")
    phone.click("#just-show-me")
    expect(phone.locator("#play .code-mirror")).to_be_visible()
    phone.click("[data-menu-toggle]")
    targets = phone.locator(
        ".button:visible, .site-nav a:visible, .site-nav button:visible, .pager-top a, "
        ".menu-toggle, .outcome-choice, .answer-details > summary, .crumbs a:visible"
    )
    assert targets.count() >= 10
    for index in range(targets.count()):
        box = targets.nth(index).bounding_box()
        assert box["height"] >= MIN_TAP, (targets.nth(index).inner_text(), box)


def test_the_desktop_keeps_its_keyboard_hints(page, seeded_catalog):
    page.goto("/q/go/961/")
    expect(page.locator("#show-answer kbd")).to_be_visible()
    expect(page.locator(".shortcuts")).to_contain_text("reveal")
    page.goto("/q/go/1028/")
    expect(page.locator("#check-prediction kbd")).to_have_text("Ctrl-Enter")
    expect(page.locator(".shortcuts")).to_contain_text("check your prediction")
    expect(page.locator(".shortcuts")).not_to_contain_text("reveal")
    expect(page.locator(".menu-toggle")).to_be_hidden()
    expect(page.locator(".site-nav a", has_text="Exercises")).to_be_visible()


def test_the_site_has_a_favicon(page, seeded_catalog):
    page.goto("/")
    href = page.locator("link[rel=icon]").get_attribute("href")
    assert page.request.get(href).ok


NARROW_PAGES = [
    "/",
    "/topics/",
    "/topics/go/closures/",
    "/exercises/",
    "/exercises/{exercise}/",
    "/search/?q=channel",
    "/accounts/signup/",
    "/q/go/961/?answer=1",
    "/q/go/1029/",
    "/q/go-deck/31/",
    "/s/{share}/",
    "/s/{share}/edit/",
]


@pytest.mark.parametrize("width", [360, 414])
def test_no_page_is_wider_than_the_screen(browser, live_server, seeded_catalog, width):
    from quizapp.runs.models import Submission
    from tests.browser.conftest import page_width_overflow
    from tests.factories import PythonExerciseFactory, SubmissionFactory

    shared = SubmissionFactory(
        code="print('a very long line of output' * 8)\n" * 3,
        verdict="OK",
        status=Submission.Status.DONE,
        stdout="x" * 400 + "\n",
        share_id="c" * 22,
    )
    rows = {"exercise": PythonExerciseFactory(slug="py-narrow").slug, "share": shared.share_id}
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 800}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    try:
        wide = []
        for url in NARROW_PAGES:
            page.goto(url.format(**rows))
            if page_width_overflow(page) > 0:
                wide.append((url, page.evaluate("document.documentElement.scrollWidth")))
        page.goto("/q/go-deck/31/")
        page.click("#just-show-me")
        expect(page.locator("#play .code-mirror")).to_be_visible()
        if page_width_overflow(page) > 0:
            wide.append(("/q/go-deck/31/ after the reveal", page.evaluate("document.documentElement.scrollWidth")))
        assert not wide, f"wider than {width} px: {wide}"
    finally:
        context.close()


def test_a_link_whose_title_holds_code_reads_as_a_line_of_text(phone, seeded_catalog):
    """The exercise's way back to question 1028, whose title holds code: a flex link laid each piece of
    it out as a column of its own, three words to a line."""
    phone.goto("/exercises/three-index-slice/")
    link = phone.locator("#exercise-question")
    expect(link).to_contain_text("1028. What is the output of")
    first_words_lines = phone.evaluate(
        "() => { const range = document.createRange();"
        " range.selectNodeContents(document.querySelector('#exercise-question').firstChild);"
        " return range.getClientRects().length; }"
    )
    assert first_words_lines == 1
    assert link.bounding_box()["height"] >= MIN_TAP


def test_the_interviewers_scores_are_targets_a_finger_can_hit(phone, seeded_catalog):
    user = get_user_model().objects.create_user("iris", "iris@example.org", "a-long-pass-phrase")
    room = services.room_create(owner=user, title="Phone screen", duration_minutes=30,
                                pick=services.Pick(question_refs=[("go", 1028)]))
    phone.goto("/accounts/login/")
    phone.fill("input[name=username]", "iris")
    phone.fill("input[name=password]", "a-long-pass-phrase")
    phone.click("button[type=submit]:has-text('Log in')")
    phone.goto(f"/rooms/{room.pk}/")
    scores = phone.locator("#scorecard input[type=radio]")
    assert scores.count() == 16
    for index in range(scores.count()):
        box = phone.locator("#scorecard label:has(input[type=radio])").nth(index).bounding_box()
        assert box["height"] >= MIN_TAP and box["width"] >= MIN_TAP, box
