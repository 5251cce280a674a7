import pytest

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_an_injected_inline_script_is_blocked_and_reported(browser, live_server, seeded_catalog):
    page = browser.new_page()
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(live_server.url + "/q/go/961/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__ran = true';"
        " document.body.appendChild(s); }"
    )
    assert page.evaluate("window.__ran === undefined")
    assert any("Content Security Policy" in text for text in messages), messages
    page.close()
