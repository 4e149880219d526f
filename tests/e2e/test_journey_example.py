"""Journey (e): a staff member writes an example and submits it; a coordinator approves it in
moderation; it is then in the public inspiration catalogue and on its own page. axe-core checks
the example form (empty and with errors) and the moderation pages."""

import re

from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.pages import log_in

TITLE = "Repair café i biblioteket"
SUMMARY = "Frivillige reparerer borgernes ting en lørdag om måneden."


def test_e_an_example_is_submitted_approved_and_published(
    page, browser, site, library, staff, coordinator
):
    log_in(page, site, staff)
    examples = page.get_by_role("region", name="Examples for the inspiration catalogue")
    examples.get_by_role("link", name="Write a new example").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New example")
    assert_accessible(page, "the empty example form")

    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert").first).to_be_focused()
    expect(page.get_by_label("Title")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "the example form with validation errors")

    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Short summary").fill(SUMMARY)
    page.get_by_label(re.compile("^What we did")).fill(
        "Vi samarbejder med **Repair Café Danmark**."
    )
    page.get_by_label(re.compile("^What we learned")).fill("Faste datoer giver faste gæster.")
    page.get_by_role("radio", name="Citizen-facing work").check()
    page.get_by_role("checkbox", name=re.compile("^12 ")).check()
    page.get_by_label(re.compile("^SDG targets")).fill("12.5")
    page.get_by_label("New tags").fill("reparation, genbrug")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").first).to_contain_text("The draft is saved")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert_accessible(page, "the draft example")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "A coordinator will look at the example"
    )

    # Not public yet.
    page.goto(f"{site}/en/inspiration/")
    expect(page.get_by_role("link", name=TITLE)).to_have_count(0)

    coordinator_context = browser.new_context(locale="en-GB")
    try:
        moderator = coordinator_context.new_page()
        moderator.set_default_timeout(10_000)
        log_in(moderator, site, coordinator)
        moderator.goto(f"{site}/en/review/")
        queue = moderator.get_by_role("table", name="Submissions waiting for a decision")
        queue.get_by_role("link", name=TITLE).click()
        expect(moderator.get_by_role("heading", level=1)).to_have_text(f"Review “{TITLE}”")
        assert_accessible(moderator, "the example moderation page")
        moderator.get_by_role("button", name="Approve and publish").click()
        expect(moderator.get_by_role("status").first).to_contain_text("approved and published")
    finally:
        coordinator_context.close()

    page.goto(f"{site}/en/inspiration/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text(SUMMARY)).to_be_visible()
    expect(page.get_by_role("strong").filter(has_text="Repair Café Danmark")).to_be_visible()
    expect(page.get_by_role("heading", name="What we learned")).to_be_visible()
    expect(page.get_by_text("Faste datoer giver faste gæster.")).to_be_visible()
    assert_accessible(page, "the published example")
