import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

# Playwright's sync API runs an event loop in this thread; the ORM calls in fixtures are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="package")  # stopped with the last browser test: its event loop must not outlive them
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (scripts/test.sh installs it as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SCREENS = {"desktop": (DESKTOP, {}), "phone": (PHONE, {"has_touch": True, "is_mobile": True, "device_scale_factor": 2})}


def _open(browser, live_server, viewport, **options):
    context = browser.new_context(base_url=live_server.url, viewport=viewport, **options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return context, page, violations


@pytest.fixture
def page(browser, live_server):
    context, page, violations = _open(browser, live_server, {"width": 1100, "height": 900})
    yield page
    context.close()
    assert not violations, f"the page broke its Content-Security-Policy: {violations}"


@pytest.fixture(params=list(SCREENS))
def screen(request, browser, live_server):
    """The page at 1280×800 with a mouse, then at 390×844 on a touch phone."""
    viewport, options = SCREENS[request.param]
    context, page, violations = _open(browser, live_server, viewport, **options)
    page.screen_name = request.param
    yield page
    context.close()
    assert not violations, f"the page broke its Content-Security-Policy: {violations}"


def page_width_overflow(page) -> int:
    """How many CSS pixels the page is wider than the screen (0 when nothing sticks out)."""
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


@pytest.fixture
def screenshot():
    """Writes docs/screenshots/<name>.png only when SCREENSHOTS=1 (the README's pictures), not on every run."""

    def take(page, name: str) -> Path | None:
        if os.environ.get("SCREENSHOTS") != "1":
            return None
        page.evaluate("window.scrollTo(0, 0)")
        page.wait_for_timeout(300)  # the header slides back in
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOT_DIR / f"{name}.png"
        # The whole page in one tall viewport: a full-page capture re-lays the page out without the
        # touch emulation (a phone's keyboard hints would show).
        viewport = page.viewport_size
        height = page.evaluate("document.documentElement.scrollHeight")
        page.set_viewport_size({"width": viewport["width"], "height": height})
        page.screenshot(path=str(path))
        page.set_viewport_size(viewport)
        return path

    return take
