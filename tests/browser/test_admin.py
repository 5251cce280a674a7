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
