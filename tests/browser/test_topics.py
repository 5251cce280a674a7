import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_a_learner_browses_a_topic_and_filters_by_difficulty(page, seeded_catalog, screenshot):
    page.goto("/")
    page.get_by_role("link", name="Topics", exact=True).first.click()
    page.get_by_role("link", name="Maps", exact=True).click()
    expect(page.locator("h1")).to_have_text("Maps")
    rows = page.locator(".topic-snippets li")
    expect(rows.first).to_be_visible()
    everything = rows.count()
    page.locator(".difficulty-filter").get_by_role("link", name="Hard", exact=True).click()
    expect(page.locator('.difficulty-filter [aria-current="page"]')).to_have_text("Hard")
    hard = rows.count()
    assert 0 < hard < everything
    for index in range(hard):
        expect(rows.nth(index).locator(".badge.difficulty")).to_have_text("Hard")
    screenshot(page, "topic-maps-difficulty-3")
    rows.first.locator("a").first.click()
    expect(page.locator("a.badge.topic")).to_have_text("Maps")
