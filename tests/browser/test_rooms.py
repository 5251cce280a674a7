"""Interview rooms played as two people: an interviewer and a candidate in two browser contexts, the
pages served by the test's live server and the WebSocket by the real ASGI server (uvicorn) on the same
test database and the system Redis with this session's own prefix."""

import os
import re
import socket
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from playwright.sync_api import expect

from quizapp.rooms.models import Room
from tests.browser.conftest import SCREENSHOT_DIR
from tests.support.channel_layer import channel_layer_on
from tests.support.live_service import live_service_start
from tests.support.worker_process import database_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-pass-phrase"
PHONE = {"width": 390, "height": 844}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def asgi_start(port: int, redis_url: str):
    """uvicorn serving quizapp.asgi on the port, against the test database."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "quizapp.settings.test",
        "REDIS_URL": redis_url,
        "DATABASE_URL": database_url(connection.settings_dict),
        "CELERY_KEY_PREFIX": settings.CELERY_KEY_PREFIX,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    return live_service_start(port, env, os.environ.get("ROOMS_TEST_UVICORN_LOG", "warning"), timeout_s=30)


def asgi_stop(server) -> None:
    server.terminate()
    server.wait(10)


@pytest.fixture(scope="module")
def asgi_server(django_db_setup, django_db_blocker, redis_url):
    port = free_port()
    server = asgi_start(port, redis_url)
    yield port
    asgi_stop(server)


@pytest.fixture(autouse=True)
def channel_layer(redis_url, settings):
    with channel_layer_on(redis_url, settings):
        yield


def page_host(live_server) -> str:
    """The page's own host: the session cookie is per host, not per port."""
    return live_server.url.split("://", 1)[1].rsplit(":", 1)[0]


@pytest.fixture
def rooms_live(asgi_server, live_server, settings):
    settings.ROOMS_LIVE_URL = f"ws://{page_host(live_server)}:{asgi_server}"
    settings.ROOMS_POLL_MS = 500
    return asgi_server


@pytest.fixture
def rooms_polling(live_server, settings):
    """No live service: the socket's port has nobody listening, so the pages poll every 0.5 s."""
    settings.ROOMS_LIVE_URL = f"ws://{page_host(live_server)}:{free_port()}"
    settings.ROOMS_POLL_MS = 500


def new_page(browser, live_server, viewport=None, frames=None):
    context = browser.new_context(base_url=live_server.url, viewport=viewport or {"width": 1200, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.csp_violations = []
    page.on(
        "console",
        lambda message: (
            page.csp_violations.append((page.url, message.text, message.location))
            if "Content Security Policy" in message.text
            else None
        ),
    )
    if frames is not None:
        page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(payload)))
    return page


def log_in(page, username):
    get_user_model().objects.create_user(username, f"{username}@example.com", PASSWORD)
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]:has-text('Log in')")


def create_room(page, numbers: str) -> str:
    page.goto("/rooms/")
    page.fill("input[name=title]", "Go screen")
    page.fill("input[name=questions]", numbers)
    page.fill("input[name=duration_minutes]", "30")
    page.click("#create-room")
    expect(page.locator("#candidate-link")).to_be_visible()
    return page.locator("#candidate-link").input_value()


def type_in_editor(page, text):
    page.locator("#room-panel .cm-content").click()
    page.keyboard.press("Control+End")
    page.keyboard.type(text)


def test_an_interview_as_two_people(browser, live_server, rooms_live, seeded_catalog, celery_worker_process):
    interviewer = new_page(browser, live_server)
    log_in(interviewer, "ines")
    link = create_room(interviewer, "1028, 1029")
    frames = []
    candidate = new_page(browser, live_server, viewport=PHONE, frames=frames)
    candidate.goto(link)
    expect(candidate.locator("#data-notice")).to_contain_text("timeline")
    candidate.click("#join-room")
    # On a loaded machine the first connect may miss the page's 3 s wait: it polls meanwhile, then goes live.
    expect(candidate.locator("[data-room-connection]")).to_have_text("Live", timeout=20_000)
    expect(interviewer.locator("[data-room-connection]")).to_have_text("Live", timeout=20_000)

    # Typing is mirrored, the prediction too.
    type_in_editor(candidate, "\n// thinking aloud")
    expect(interviewer.locator("#mirror [data-mirror-code]")).to_contain_text("// thinking aloud", timeout=2000)
    candidate.fill("#room-answer", "[1 2 3]")
    expect(interviewer.locator("#mirror [data-mirror-answer]")).to_have_text("[1 2 3]", timeout=2000)

    # Private notes and a scorecard, which the candidate never receives.
    interviewer.fill("#id_notes", "SECRET-NOTE: unsure about append")
    interviewer.check("#id_reasoning_2")
    interviewer.fill("#id_comment", "SECRET-COMMENT")
    interviewer.click("#scorecard button[type=submit]")
    expect(interviewer.locator("#scorecard .saved")).to_be_visible()

    # A run is seen on both sides.
    candidate.click("#room-run")
    expect(candidate.locator(".room-run[data-status=done] [data-outcome]")).to_contain_text(
        "It printed", timeout=30_000
    )
    expect(interviewer.locator(".room-run[data-status=done] [data-outcome]")).to_contain_text(
        "It printed", timeout=30_000
    )

    # The interviewer reveals the answer; the candidate sees it and whether their prediction was right.
    interviewer.click("#reveal-answer")
    expect(candidate.locator("#revealed-answer")).to_contain_text("[1 4 3]")
    expect(candidate.locator("#revealed-answer [data-grade]")).to_contain_text("not right")
    if os.environ.get("SCREENSHOTS") == "1":  # the README's pictures, not on every run
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        # Playwright hides the caret with style attributes, which htmx would carry into later swaps (a CSP violation).
        for shot, name in ((candidate, "room-candidate-phone"), (interviewer, "room-interviewer")):
            shot.screenshot(path=str(SCREENSHOT_DIR / f"{name}.png"), full_page=True, caret="initial")
    assert candidate.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # A guessed link is refused.
    stranger = new_page(browser, live_server)
    assert stranger.goto(link[:-4] + "abcd").status == 404

    # Reconnect after a reload: the candidate finds their code and the room as it is.
    candidate.reload()
    expect(candidate.locator("[data-room-connection]")).to_have_text("Live", timeout=20_000)
    expect(candidate.locator("#room-panel .cm-content")).to_contain_text("// thinking aloud")
    expect(candidate.locator("#revealed-answer")).to_be_visible()

    # The interviewer moves on; the candidate follows.
    interviewer.click("#room-next")
    expect(candidate.locator(".room-progress")).to_contain_text("Question 2 of 2")
    expect(candidate.locator("#revealed-answer")).to_have_count(0)

    # Nothing private ever reached the candidate: not in any page source, not in any socket frame.
    assert "SECRET" not in candidate.content()
    assert frames and not any("SECRET" in str(frame) for frame in frames)

    # The end: the candidate's summary, the interviewer's replay; the old link is refused now.
    interviewer.click("#room-end-ask")
    interviewer.click("#room-end")
    candidate.locator("#summary-link").click()
    expect(candidate.locator("main")).to_contain_text("[1 2 3]")
    assert "SECRET" not in candidate.content()
    assert stranger.goto(link).status == 404
    interviewer.locator("#replay-link").click()
    expect(interviewer.locator("#replay-code")).to_contain_text("// thinking aloud")
    expect(interviewer.locator(".replay-answer")).to_have_text("[1 2 3]")  # typed after the code
    expect(interviewer.locator(".room-private")).to_contain_text("SECRET-NOTE")
    last = int(interviewer.locator("#replay-index").inner_text())
    assert last >= 2  # every change the candidate made is a step
    interviewer.click("#replay-previous")
    expect(interviewer.locator("#replay-index")).to_have_text(str(last - 1))
    interviewer.locator("#replay-range").fill("0")
    expect(interviewer.locator("#replay-index")).to_have_text("1")
    expect(interviewer.locator(".replay-answer")).to_have_count(0)
    for page in (interviewer, candidate, stranger):
        assert not page.csp_violations, (page.url, page.csp_violations)
        page.context.close()


def join_on_a_phone(browser, live_server, link):
    candidate = new_page(browser, live_server, viewport=PHONE)
    candidate.goto(link)
    candidate.click("#join-room")
    return candidate


def test_the_live_service_restarting_mid_room_loses_no_typing_and_the_pages_go_live_again(
        browser, live_server, settings, redis_url, seeded_catalog):
    port = free_port()
    settings.ROOMS_LIVE_URL = f"ws://{page_host(live_server)}:{port}"
    settings.ROOMS_POLL_MS = 500
    server = asgi_start(port, redis_url)
    try:
        interviewer = new_page(browser, live_server)
        log_in(interviewer, "ines")
        candidate = join_on_a_phone(browser, live_server, create_room(interviewer, "1028"))
        for page in (candidate, interviewer):
            expect(page.locator("[data-room-connection]")).to_have_text("Live", timeout=20_000)
        type_in_editor(candidate, "\n// before the restart")
        expect(interviewer.locator("#mirror [data-mirror-code]")).to_contain_text("// before the restart")

        asgi_stop(server)  # a deploy, or the service's container restarted
        for page in (candidate, interviewer):
            expect(page.locator("[data-room-connection]")).to_contain_text("updating every 0.5 s")
        type_in_editor(candidate, "\n// while it is down")
        candidate.fill("#room-answer", "[1 4 3]")
        expect(interviewer.locator("#mirror [data-mirror-code]")).to_contain_text("// while it is down")
        expect(interviewer.locator("#mirror [data-mirror-answer]")).to_have_text("[1 4 3]")

        server = asgi_start(port, redis_url)
        for page in (candidate, interviewer):  # the socket retries with a growing back-off
            expect(page.locator("[data-room-connection]")).to_have_text("Live", timeout=45_000)
        type_in_editor(candidate, "\n// after it is back")
        expect(interviewer.locator("#mirror [data-mirror-code]")).to_contain_text("// after it is back")
        code = Room.objects.get().items.get().code
        assert all(line in code for line in ("// before the restart", "// while it is down", "// after it is back"))
        for page in (interviewer, candidate):
            assert not page.csp_violations, page.csp_violations
            page.context.close()
    finally:
        asgi_stop(server)


def test_without_the_live_service_the_room_polls_and_loses_nothing(browser, live_server, rooms_polling, seeded_catalog):
    interviewer = new_page(browser, live_server)
    log_in(interviewer, "ines")
    link = create_room(interviewer, "1028")
    candidate = join_on_a_phone(browser, live_server, link)
    expect(candidate.locator("[data-room-connection]")).to_contain_text("updating every 0.5 s")
    candidate.fill("#room-answer", "[1 4 3]")
    type_in_editor(candidate, "\n// over HTTP")
    expect(interviewer.locator("#mirror [data-mirror-answer]")).to_have_text("[1 4 3]")
    expect(interviewer.locator("#mirror [data-mirror-code]")).to_contain_text("// over HTTP")
    interviewer.click("#reveal-answer")
    expect(candidate.locator("#revealed-answer [data-grade]")).to_contain_text("right")

    # The interviewer revokes the link: its holder is out, and a third person with it is refused.
    interviewer.click("#revoke-link")
    expect(candidate.locator("[data-room-connection]")).to_contain_text("no longer in this room")
    stranger = new_page(browser, live_server)
    assert stranger.goto(link).status == 404
    assert Room.objects.get().items.get().answer == "[1 4 3]"
    for page in (interviewer, candidate, stranger):
        assert not page.csp_violations, page.csp_violations
        page.context.close()


def test_an_interviewer_saves_a_plan_and_creates_the_next_room_from_it(browser, live_server, rooms_polling,
                                                                       seeded_catalog):
    interviewer = new_page(browser, live_server)
    log_in(interviewer, "ines")
    interviewer.goto("/rooms/")
    interviewer.fill("input[name=title]", "First candidate")
    interviewer.fill("input[name=questions]", "1029, 1028")
    interviewer.fill("input[name=save_as_plan]", "Go basics")
    interviewer.click("#create-room")
    first_question = interviewer.locator(".room-question").inner_text()
    assert first_question.startswith("1029.")

    interviewer.goto("/rooms/")
    expect(interviewer.locator("#plans")).to_contain_text("Go basics")
    interviewer.fill("input[name=title]", "Second candidate")
    interviewer.select_option("select[name=plan]", label="Go basics (questions 1029, 1028 · 45 min)")  # what it brings
    interviewer.click("#create-room")
    expect(interviewer.locator("h1")).to_have_text("Second candidate")
    expect(interviewer.locator(".room-question")).to_have_text(first_question)
    expect(interviewer.locator(".room-items li")).to_have_count(2)
    assert not interviewer.csp_violations, interviewer.csp_violations
    interviewer.context.close()


def test_the_clock_goes_on_past_the_rooms_time_for_both(browser, live_server, rooms_polling, seeded_catalog):
    interviewer = new_page(browser, live_server)
    log_in(interviewer, "ines")
    link = create_room(interviewer, "1028")
    candidate = join_on_a_phone(browser, live_server, link)
    expect(candidate.locator("#room-answer")).to_be_visible()
    Room.objects.update(started_at=timezone.now() - timedelta(minutes=32, seconds=5))  # a 30-minute room
    for page in (interviewer, candidate):
        page.reload()
        expect(page.locator("time.countdown")).to_have_text(re.compile(r"^0:00, 2:0\d over$"))
        assert not page.csp_violations, page.csp_violations
        page.context.close()


def test_peers_swap_roles_and_the_second_set_reaches_the_first_interviewer(
    browser, live_server, rooms_polling, seeded_catalog
):
    first = new_page(browser, live_server)
    log_in(first, "ines")
    first.goto("/rooms/")
    first.fill("input[name=title]", "Peer practice")
    first.check("input[name=mode][value=peers]")
    first.fill("input[name=questions]", "1028")
    first.click("#create-room")
    link = first.locator("#candidate-link").input_value()
    second = new_page(browser, live_server, viewport=PHONE)
    log_in(second, "pat")
    second.goto(link)
    second.click("#join-room")
    expect(second.locator("#room-answer")).to_be_visible()
    expect(first.locator("#room-swap")).to_be_enabled()
    first.click("#room-swap")
    # Each page follows its new role: the one who answered now asks, and chooses the second set.
    expect(second.locator("#round-form")).to_be_visible(timeout=15_000)
    expect(first.locator("#round-two")).to_contain_text("your peer is choosing the questions for you", timeout=15_000)
    second.fill("input[name=questions]", "1029")
    second.click("#start-round")
    expect(first.locator(".room-question")).to_contain_text("1029.", timeout=15_000)
    for page in (first, second):
        assert not page.csp_violations, page.csp_violations
        page.context.close()
