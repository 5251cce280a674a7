"""Driving the CodeMirror editor as a learner does.

Playwright's fill() on the editor replaces a multi-line selection through the browser's own
contenteditable editing, which writes style attributes the CSP blocks; select, delete and type instead.
"""

from playwright.sync_api import expect


def replace_code(page, text: str, runner: str = ".runner") -> None:
    page.locator(f"{runner} .code-mirror .cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(text)
    expect(page.locator(f"{runner} textarea.code-editor")).to_have_value(text)
