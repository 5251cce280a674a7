import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_bookmark_is_found_from_the_bookmarks_page(page, seeded_catalog, viewport):
    if viewport == "phone":
        page.set_viewport_size(PHONE)
    get_user_model().objects.create_user("ada", "ada@example.com", "a-long-pass-phrase")
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "ada")
    page.fill("input[name=password]", "a-long-pass-phrase")
    page.click("button[type=submit]:has-text('Log in')")
    page.goto("/q/go/1035/")
    page.locator("button.bookmark").click()
    expect(page.locator("button.bookmark")).to_have_attribute("aria-pressed", "true")
    page.goto("/dashboard/")
    page.locator("#my-notes").click()
    expect(page).to_have_url("/notes/")
    expect(page.locator("#mine-list li[data-question='1035'] .marker.bookmarked")).to_be_visible()
    page.fill(".search-page input[name=q]", "singleflight")
    expect(page.locator("#mine-list")).to_contain_text("matching “singleflight”")
    page.fill(".search-page input[name=q]", "zeppelin")
    expect(page.locator("#mine-list li.empty")).to_be_visible()
    page.fill(".search-page input[name=q]", "stampede")
    page.locator("#mine-list li[data-question='1035'] a").click()
    expect(page).to_have_url("/q/go/1035/")
    page.goto(page.locator(".crumbs a").nth(1).get_attribute("href"))
    expect(page.locator(".question-list .marker.bookmarked")).to_have_count(1)
