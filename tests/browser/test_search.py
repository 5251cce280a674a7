import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture(params=["desktop", "phone"])
def search_page(request, page, seeded_catalog):
    if request.param == "phone":
        page.set_viewport_size(PHONE)
    page.goto("/search/")
    return page


def hit_numbers(page):
    return [text.rstrip(".") for text in page.locator("#search-results .qnum").all_inner_texts()]


def search(page, query):
    page.fill(".search-page input[name=q]", query)
    page.keyboard.press("Enter")
    expect(page.locator("#search-results")).to_contain_text(query)


def test_an_empty_search_shows_the_parts(search_page, seeded_catalog):
    expect(search_page.locator("#search-results .part-card").first).to_be_visible()


def test_punctuation_finds_the_same_questions(search_page, seeded_catalog):
    search(search_page, "channel")
    plain = hit_numbers(search_page)
    assert len(plain) >= 5
    search(search_page, "channel!")
    assert hit_numbers(search_page) == plain


def test_a_typo_is_corrected(search_page, seeded_catalog):
    search(search_page, "singelflight")
    expect(search_page.locator(".did-you-mean")).to_contain_text("singleflight")
    assert hit_numbers(search_page)[0] == "1035"
    search(search_page, "gorutine")
    expect(search_page.locator(".did-you-mean a")).to_have_text("goroutine")


def test_relevance_and_whole_words(search_page, seeded_catalog):
    search(search_page, "circuit breaker")
    assert set(hit_numbers(search_page)[:2]) == {"961", "1037"}
    expect(search_page.locator("#search-results mark").first).to_be_visible()
    search(search_page, "tee")
    expect(search_page.locator("#search-results mark").first).to_have_text("Tee", ignore_case=True)


def test_the_tricky_filter_applies_without_a_page_load(search_page, seeded_catalog):
    search(search_page, "channel")
    search_page.evaluate("window.__sameDocument = true")
    search_page.check("input[name=tricky]")
    expect(search_page).to_have_url(re.compile(r"tricky=on"))
    expect(search_page.locator("#search-results li")).to_have_count(
        search_page.locator("#search-results .badge.tricky").count()
    )
    assert search_page.evaluate("window.__sameDocument") is True


def test_pages_lead_to_the_last_result_with_the_filters_kept(page, seeded_catalog):
    page.goto("/search/?q=map")
    lede = page.locator("#search-results .lede")
    expect(lede).to_contain_text("1–25 shown")
    total = int(re.search(r"(\d+) results", lede.inner_text()).group(1))
    page.click("#page-next")
    expect(page.locator(".page-of")).to_contain_text("Page 2 of")
    expect(lede).to_contain_text(f"26–{min(total, 50)} shown")
    while page.locator("#page-next").count():
        page.click("#page-next")
    expect(page.locator("#page-previous")).to_be_visible()
    expect(lede).to_contain_text(f"–{total} shown")
    page.goto("/search/?language=python")
    page.click("#page-next")
    expect(page.locator(".search-page select[name=language]")).to_have_value("python")
    expect(page).to_have_url(re.compile(r"language=python&page=2"))
    expect(page.locator("#search-results .hit-part").first).to_contain_text("Python")
