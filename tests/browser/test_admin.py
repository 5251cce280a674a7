"""The snippet admin as staff use it: code fields in the site's editor."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from quizapp.catalog.models import Snippet

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_code_fields_use_the_editor_where_tab_indents_and_esc_then_tab_leaves(page, seeded_catalog):
    get_user_model().objects.create_superuser("staff", "staff@example.com", "a-long-pass-phrase")
    page.goto("/admin/login/")
    page.fill("input[name=username]", "staff")
    page.fill("input[name=password]", "a-long-pass-phrase")
    page.click("input[type=submit]")
    snippet = Snippet.objects.get(slug="go-1030")
    page.goto(f"/admin/catalog/snippet/{snippet.pk}/change/")
    field = page.locator(".field-solution_code")
    editor = field.locator(".cm-content")
    expect(editor).to_be_visible()
    editor.click()
    page.keyboard.press("ControlOrMeta+Home")
    page.keyboard.press("Tab")
    expect(field.locator("textarea")).to_have_value("\t" + snippet.solution_code)
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    assert not page.evaluate("document.activeElement.closest('.field-solution_code .cm-editor') !== null")


def test_a_failing_edit_in_the_admin_keeps_the_verified_version_live_for_a_learner(
        browser, live_server, seeded_catalog, celery_worker_process):
    get_user_model().objects.create_superuser("editor", "editor@example.com", "a-long-pass-phrase")
    live = Snippet.objects.get(slug="go-1028")
    staff = browser.new_context(base_url=live_server.url)
    learner = browser.new_context(base_url=live_server.url)
    try:
        admin = staff.new_page()
        admin.goto("/admin/login/")
        admin.fill("input[name=username]", "editor")
        admin.fill("input[name=password]", "a-long-pass-phrase")
        admin.click("input[type=submit]")
        admin.goto(f"/admin/catalog/snippet/{live.pk}/change/")
        admin.fill("textarea[name=expected_output]", "[1 2 3]\n")  # wrong: the program prints [1 4 3]
        admin.click("input[name=_continue]")
        expect(admin.get_by_text("A draft of", exact=False).first).to_be_visible()
        admin.fill("input[name=title]", "typed while the sandbox checks")
        # The draft's status line updates itself until the sandbox worker has judged the edit; the form
        # around it is not reloaded, so what the editor typed meanwhile is still there.
        expect(admin.locator("#verification-status")).to_contain_text("This snippet: failed", timeout=90_000)
        expect(admin.locator("input[name=title]")).to_have_value("typed while the sandbox checks")

        page = learner.new_page()
        page.goto(live.question.get_absolute_url())
        expect(page.locator(".code-block, pre").filter(has_text="append(s[:1], 4)").first).to_be_visible()
        page.fill("#prediction-text", "[1 4 3]")  # graded against the verified answer, not the failing edit
        page.click("#check-prediction")
        expect(page.locator("#see-heading")).to_have_text("Right.")
        admin.goto(f"/admin/catalog/snippet/{live.pk}/change/")
        expect(admin.get_by_text("learners see this verified version meanwhile", exact=False)).to_be_visible()
    finally:
        staff.close()
        learner.close()
