import pytest
from playwright.sync_api import expect

from tests.browser.editor import replace_code

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

LOOP_CLOSURES = """package main

import "fmt"

func main() {
	var prints []func()
	for i := 0; i < 3; i++ {
		prints = append(prints, func() { fmt.Print(i) })
	}
	for _, p := range prints {
		p()
	}
	fmt.Println()
}
"""


def test_loop_variables_print_333_on_go_1_21_and_012_on_current_go_side_by_side(
        page, seeded_catalog, celery_worker_process, screenshot):
    page.goto("/q/go-deck/31/")
    page.click("#just-show-me")
    replace_code(page, LOOP_CLOSURES)
    page.click("#compare-button")

    columns = page.locator(".run-compare .run-column")
    expect(columns).to_have_count(2)
    old, new = columns.all()
    # The column's own heading (a finished run adds its "Output" heading inside the column).
    expect(old.locator(":scope > h3")).to_have_text("Go 1.21")
    expect(new.locator(":scope > h3")).to_have_text("Go 1.27")
    expect(old.locator(".stdout")).to_have_text("333", timeout=60_000)
    expect(new.locator(".stdout")).to_have_text("012", timeout=60_000)
    expect(old.locator(".run-meta")).to_contain_text("go1.21.")
    # The snippet is version-dependent: its own answer for each toolchain sits above the run.
    expect(old.locator(".expected")).to_have_text("3 3 3")
    expect(new.locator(".expected")).to_have_text("0 1 2")
    screenshot(page, "question-go-versions")


def test_the_comparison_is_offered_only_after_the_prediction_and_only_for_go(page, seeded_catalog):
    page.goto("/q/go-deck/31/")
    expect(page.locator("#compare-button")).to_be_hidden()
    page.click("#just-show-me")
    expect(page.locator("#compare-button")).to_have_text("Run on Go 1.21 and Go 1.27")
    page.goto("/q/python/1/")
    page.click("#just-show-me")
    expect(page.locator("#compare-button")).to_be_hidden()
