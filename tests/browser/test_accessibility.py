"""axe-core (tests/support/axe, vendored from npm by frontend/axe) over every page type in both themes:
no critical and no serious violation, with every rule on and no node left out."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from quizapp.runs.models import Submission
from tests.browser.editor import replace_code
from tests.factories import PythonExerciseFactory, SubmissionFactory

from .test_learning import sign_up
from .test_rooms import free_port

pytestmark = [pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).resolve().parents[1] / "support" / "axe" / "axe.min.js").read_text()
THEMES = ["light", "dark"]
# Moderate in axe's scale, and still part of this issue: landmarks each with a name of their own.
ALWAYS = {"landmark-unique", "landmark-no-duplicate-banner", "landmark-no-duplicate-contentinfo",
          "landmark-no-duplicate-main", "landmark-one-main", "region"}
VISITOR_PAGES = [
    "/", "/parts/{part}/", "/q/go-deck/31/", "/q/go/961/", "/q/go/1029/", "/topics/", "/topics/go/closures/",
    "/exercises/", "/exercises/{exercise}/", "/search/?q=channel", "/search/?q=zzzzqqq", "/accounts/login/",
    "/accounts/signup/", "/accounts/password/reset/", "/s/{share}/", "/s/{share}/edit/", "/q/go/99999/",
]
MEMBER_PAGES = ["/review/", "/practice/", "/dashboard/", "/notes/", "/accounts/settings/", "/q/go/1028/",
                "/reports/mine/", "/rooms/"]


def serious_violations(page) -> list[str]:
    """axe-core's critical and serious findings on the page as it is now, one line per node."""
    if not page.evaluate("() => !!window.axe"):
        page.evaluate(AXE)
    results = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [
        f"{page.url} {violation['id']} ({violation['impact']}): {node['target']} {node.get('failureSummary', '')[:160]}"
        for violation in results if violation["impact"] in ("critical", "serious") or violation["id"] in ALWAYS
        for node in violation["nodes"]
    ]


@pytest.fixture
def themed(browser, live_server, request):
    def open_in(theme: str):
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
        context.add_cookies([{"name": "theme", "value": theme, "url": live_server.url}])
        context.set_default_timeout(10_000)
        request.addfinalizer(context.close)
        return context.new_page()

    return open_in


@pytest.fixture
def site_rows(seeded_catalog):
    from quizapp.catalog.models import Part

    exercise = PythonExerciseFactory(slug="py-axe")
    shared = SubmissionFactory(code="print('hi')\n", status=Submission.Status.DONE, verdict="OK", stdout="hi\n",
                               share_id="b" * 22)
    return {"part": Part.objects.first().pk, "exercise": exercise.slug, "share": shared.share_id}


@pytest.mark.parametrize("theme", THEMES)
def test_every_page_type_has_no_serious_violation(themed, site_rows, theme):
    page = themed(theme)
    found = []
    for url in VISITOR_PAGES:
        page.goto(url.format(**site_rows))
        found += serious_violations(page)
    page.goto("/q/go-deck/31/")
    page.click("#just-show-me")
    expect(page.locator("#see-heading")).to_be_visible()
    found += serious_violations(page)
    page.goto("/q/go/1028/")
    page.fill("#prediction-text", "[1 2 3]")
    page.click("#check-prediction")
    expect(page.locator(".prediction-grade.is-wrong")).to_be_visible()
    found += serious_violations(page)
    page.goto("/q/go-deck/31/")
    page.fill("#prediction-text", "3 3 3")
    page.click("#check-prediction")
    expect(page.locator(".prediction-grade.is-other-version")).to_be_visible()
    found += serious_violations(page)
    page.goto("/q/go/961/")
    page.click("#show-answer")
    expect(page.locator(".indepth")).to_be_visible()
    found += serious_violations(page)
    sign_up(page, f"axe{theme}")
    for url in MEMBER_PAGES:
        page.goto(url)
        found += serious_violations(page)
    newcomer = themed(theme)  # nothing claimed: the dashboard's first step instead of its figures
    sign_up(newcomer, f"axenew{theme}")
    newcomer.goto("/dashboard/")
    expect(newcomer.locator("#getting-started")).to_be_visible()
    found += serious_violations(newcomer)
    assert not found, "\n".join(found)


@pytest.mark.slow
@pytest.mark.parametrize("theme", THEMES)
def test_after_a_run_and_a_compile_error_there_is_no_serious_violation(
        themed, seeded_catalog, celery_worker_process, theme):
    page = themed(theme)
    page.goto("/q/go/1028/")
    page.click("#just-show-me")
    expect(page.locator("#real-run .stdout")).to_have_text("[1 4 3]", timeout=30_000)
    found = serious_violations(page)
    replace_code(page, 'package main\n\nfunc main() {\n\tundefinedName()\n}\n')
    page.click("#run-button")
    expect(page.locator(".cm-error-line")).to_have_count(1, timeout=30_000)
    found += serious_violations(page)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("theme", THEMES)
def test_an_interview_room_has_no_serious_violation_for_either_person(themed, seeded_catalog, settings, theme):
    settings.ROOMS_LIVE_URL = f"ws://127.0.0.1:{free_port()}"  # nobody listens: both pages poll, as on a slow network
    interviewer = themed(theme)
    sign_up(interviewer, f"interviewer{theme}")
    interviewer.goto("/rooms/")
    interviewer.fill("input[name=title]", "Go screen")
    interviewer.fill("input[name=questions]", "1028")
    interviewer.click("#create-room")
    expect(interviewer.locator("#candidate-link")).to_be_visible()
    found = serious_violations(interviewer)
    candidate = themed(theme)
    candidate.goto(interviewer.locator("#candidate-link").input_value())
    found += serious_violations(candidate)  # what is recorded, before joining
    candidate.click("#join-room")
    expect(candidate.locator("#room-answer")).to_be_visible()
    candidate.fill("#room-answer", "[1 4 3]")
    found += serious_violations(candidate)
    interviewer.click("#reveal-answer")
    expect(candidate.locator("#revealed-answer")).to_be_visible()
    found += serious_violations(candidate) + serious_violations(interviewer)
    assert not found, "\n".join(found)
