"""Driving the CodeMirror editor as a learner does.

Playwright's fill() on the editor replaces a multi-line selection through the browser's own
contenteditable editing, which writes style attributes the CSP blocks; select, delete and type instead.
"""


def replace_code(page, text: str, editor: str = ".code-mirror") -> None:
    page.locator(f"{editor} .cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(text)
