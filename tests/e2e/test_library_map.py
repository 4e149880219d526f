"""The libraries' filters and map in a browser: choosing a region narrows the municipalities
(with JavaScript), the map follows the filters, and the capital area's small municipalities
are reached with the keyboard."""

import re

from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.pages import tab_to


def municipality_regions(page) -> set[str]:
    return set(
        page.locator("#id_municipality option[data-region]").evaluate_all(
            "options => options.map(o => o.dataset.region)"
        )
    )


def test_choosing_a_region_narrows_the_municipalities(page, site, certified_library):
    page.goto(f"{site}/en/libraries/")
    municipality = page.get_by_label("Municipality")
    assert municipality.locator("option").count() == 99  # "All" and 98 municipalities

    page.get_by_label("Region").select_option(label="Region Hovedstaden")
    assert municipality_regions(page) == {"1084"}
    options = municipality.locator("option")
    expect(options.first).to_have_text("All municipalities")
    expect(municipality.locator("option", has_text="Frederiksberg")).to_have_count(1)
    expect(municipality.locator("option", has_text="Odense")).to_have_count(0)
    municipality.select_option(label="Ballerup")

    # Another region: Ballerup is not in it, so the choice goes back to all municipalities.
    page.get_by_label("Region").select_option(label="Region Syddanmark")
    assert municipality_regions(page) == {"1083"}
    expect(municipality).to_have_value("")

    # No region: every municipality again.
    page.get_by_label("Region").select_option(label="All regions")
    expect(municipality.locator("option")).to_have_count(99)

    # The form sends what was chosen; the list and the map follow it.
    page.get_by_label("Region").select_option(label="Region Hovedstaden")
    page.get_by_label("Status", exact=True).select_option(label="Certified")
    page.get_by_role("button", name="Show libraries").click()
    expect(page).to_have_url(re.compile(r"region=1084"))
    expect(page.get_by_text("Not among the libraries you chose (97)")).to_be_visible()
    assert_accessible(page, "the filtered list of libraries with its map")


def test_the_region_filter_works_without_javascript(browser, site, certified_library):
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    try:
        page = context.new_page()
        page.goto(f"{site}/en/libraries/")
        page.get_by_label("Region").select_option(label="Region Hovedstaden")
        assert page.get_by_label("Municipality").locator("option").count() == 99
        page.get_by_label("Municipality").select_option(label="Ballerup")
        page.get_by_role("button", name="Show libraries").click()
        expect(
            page.get_by_role("table", name=re.compile("Participating libraries"))
        ).to_contain_text("Ballerup")
    finally:
        context.close()


def test_the_capital_areas_municipalities_are_reached_with_the_keyboard(
    page, site, certified_library
):
    page.goto(f"{site}/en/libraries/")
    capital = page.get_by_role("group", name="The capital area, magnified")
    ballerup = capital.get_by_role("link", name=re.compile(r"^Ballerup: Ballerup Bibliotekerne"))
    expect(ballerup).to_have_count(1)
    expect(capital.get_by_role("link", name=re.compile(r"^Frederiksberg: "))).to_have_count(1)
    tab_to(page, ballerup, max_presses=200)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/en/libraries/ballerup/$"))
