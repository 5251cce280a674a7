import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_show_answer_swaps_in_indepth_without_page_load(page, seeded_catalog, screenshot):
    page.goto("/q/go/1028/")
    page.evaluate("window.__sameDocument = true")
    expect(page.locator(".badge.tricky").first).to_be_visible()
    page.click("#show-answer")
    expect(page.locator(".indepth")).to_contain_text("Three-Index Slicing")
    expect(page.locator("#references a").first).to_have_attribute("href", "https://go.dev/ref/spec#Appending_and_copying_slices")
    assert page.evaluate("window.__sameDocument") is True, "the answer must arrive without a page load"
    screenshot(page, "question-1028-answer")


def test_space_key_reveals_the_answer(page, seeded_catalog):
    page.goto("/q/go/961/")
    page.keyboard.press("Space")
    expect(page.locator(".indepth")).to_contain_text("Bulkhead Pattern")


def test_live_search_highlights_results(page, seeded_catalog):
    page.goto("/search/")
    page.fill(".search-page input[name=q]", "bloom")
    expect(page.locator("#search-results mark").first).to_have_text("Bloom", ignore_case=True)
    expect(page.locator("#search-results")).to_contain_text("962.")
