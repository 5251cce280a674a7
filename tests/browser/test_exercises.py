import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from quizapp.catalog.models import Snippet

from .editor import replace_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def log_in(page):
    get_user_model().objects.create_user("ada", "ada@example.com", "a-long-pass-phrase")
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "ada")
    page.fill("input[name=password]", "a-long-pass-phrase")
    page.click("button[type=submit]:has-text('Log in')")


@pytest.mark.parametrize("who", ["visitor", "member"])
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_an_exercise_draft_survives_a_reload(page, seeded_catalog, who, viewport):
    if viewport == "phone":
        page.set_viewport_size(PHONE)
    if who == "member":
        log_in(page)
    exercise = Snippet.objects.filter(kind=Snippet.Kind.EXERCISE, language="go").order_by("slug").first()
    page.goto(f"/exercises/{exercise.slug}/")
    expect(page.locator("select[name=language]")).to_have_count(0)
    editor = page.locator(".cm-content")
    editor.click()
    page.keyboard.press("ControlOrMeta+End")
    page.keyboard.type("\n// my work in progress\n")
    expect(page.locator("[data-draft-status]")).to_have_text(
        "Draft saved." if who == "member" else "Draft kept in this browser."
    )
    page.reload()
    expect(page.locator(".cm-content")).to_contain_text("// my work in progress")
    expect(page.locator("[data-draft-status]")).to_have_text("Your draft is back.")


def test_hints_are_revealed_one_at_a_time(page, seeded_catalog):
    page.goto("/exercises/tee/")
    first, second = page.locator("[data-hint='1'] > .hint-text"), page.locator("[data-hint='2'] > .hint-text")
    expect(first).to_be_hidden()
    expect(page.locator("[data-hint='2'] > summary")).to_be_hidden()
    page.get_by_text("Show a hint (1 of 2)").click()
    expect(first).to_be_visible()
    expect(second).to_be_hidden()
    page.get_by_text("Next hint (2 of 2)").click()
    expect(second).to_contain_text("nil channel")


def test_judging_shows_first_the_solution_follows_the_hints_and_a_pass_offers_the_next(
    page, seeded_catalog, celery_worker_process
):
    exercise = Snippet.objects.get(slug="tee")
    page.goto("/exercises/tee/")
    expect(page.locator("#judging .judging-expected")).to_contain_text(exercise.expected_output.strip().splitlines()[0])
    expect(page.locator("#judging")).to_be_visible()
    expect(page.locator("#show-solution")).to_be_hidden()
    page.get_by_text("Show a hint (1 of 2)").click()
    page.get_by_text("Next hint (2 of 2)").click()
    page.click("#show-solution")
    expect(page.locator("#solution")).to_contain_text(exercise.solution_code.strip().splitlines()[0])
    expect(page.locator("#exercise-status")).to_have_text("solution seen")
    replace_code(page, exercise.solution_code)
    page.click("#check-button")
    expect(page.locator("#run-result [data-outcome]")).to_be_visible(timeout=30_000)
    expect(page.locator("#exercise-status")).to_have_text("solved with help", timeout=10_000)
    expect(page.locator("#next-exercise")).to_contain_text("Next exercise")
    page.click("#next-exercise")
    expect(page).not_to_have_url("/exercises/tee/")
    expect(page.locator("#judging")).to_be_visible()


def test_report_a_problem_on_an_exercise_is_acknowledged_and_lands_in_the_staff_queue(page, seeded_catalog):
    from quizapp.reports.models import ProblemReport

    page.goto("/exercises/tee/")
    page.get_by_text("Report a problem").click()
    page.check("#report-problem input[value=unclear]")
    page.fill("#report-text", "Which goroutine closes the copies?")
    page.get_by_role("button", name="Send the report").click()
    expect(page.locator("#report-problem .report-sent")).to_contain_text("your report is received")
    report = ProblemReport.objects.get()
    assert report.snippet.slug == "tee" and report.reason == "unclear" and report.status == "new"
    page.goto("/reports/mine/")
    expect(page.locator("#my-reports li")).to_contain_text("Received")
