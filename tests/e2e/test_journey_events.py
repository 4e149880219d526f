"""Journey (events): a staff member adds an event that carries out an initiative of the
library's approved plan during a theme; a visitor finds it in the public calendar by SDG and
region, opens it and downloads its .ics. axe-core checks every events page on the way, and the
staff pages the journey does not pass through (cancel, participants, speakers, feeds)."""

import re
from pathlib import Path

import icalendar
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.pages import log_in

TITLE = "Reparationscafé i UGE17"


def test_staff_add_an_event_and_the_public_finds_it_and_downloads_it(
    page, browser, site, certified_library, staff, lead
):
    from events.models import Event
    from tests import factories

    library = certified_library
    theme = factories.ThemeFactory(title="UGE17 2027")

    log_in(page, site, staff)
    page.goto(f"{site}/en/manage/{library.slug}/events/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Events of")
    assert_accessible(page, "the library's events")
    page.get_by_role("link", name="Add an event").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an event")
    assert_accessible(page, "the empty event form")

    page.get_by_role("button", name="Save event").click()
    expect(page.get_by_role("alert").first).to_be_focused()
    expect(page.get_by_label("Title")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "the event form with validation errors")

    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Description (Markdown)").fill("Vi reparerer **sammen**.")
    page.get_by_label("Starts").fill("2027-04-27T16:00")
    page.get_by_label("Ends").fill("2027-04-27T19:00")
    page.get_by_label("Address", exact=True).fill("Banegårdspladsen 1, 2750 Ballerup")
    page.get_by_role("checkbox", name=re.compile("^12 ")).check()
    page.get_by_label("Theme").select_option(label=theme.title)
    page.get_by_label("Initiative of the action plan it carries out").select_option(
        label="Byttemarked i foyeren (Citizen-facing work)"
    )
    page.get_by_role("button", name="Save event").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    event = Event.objects.get(title=TITLE)
    assert event.theme == theme and event.initiative.title == "Byttemarked i foyeren"
    assert_accessible(page, "the event page")

    # The staff pages the journey does not otherwise visit.
    for path, label in [
        (f"/en/manage/{library.slug}/events/{event.slug}/cancel/", "the cancel confirmation"),
        (f"/en/manage/{library.slug}/events/{event.slug}/participants/", "the participants form"),
        (f"/en/manage/{library.slug}/events/{event.slug}/speakers/", "the speakers page"),
        (f"/en/manage/{library.slug}/events/{event.slug}/delete/", "the delete confirmation"),
    ]:
        page.goto(site + path)
        assert_accessible(page, label)

    # A visitor, not signed in, in Danish.
    visitor_context = browser.new_context(locale="da-DK", accept_downloads=True)
    try:
        visitor = visitor_context.new_page()
        visitor.set_default_timeout(10_000)
        visitor.goto(f"{site}/events/")
        assert_accessible(visitor, "the public calendar")
        visitor.get_by_role("combobox", name="Verdensmål").select_option("12")
        visitor.get_by_role("combobox", name="Region").select_option(
            library.municipality.region.code
        )
        visitor.get_by_role("button", name="Vis arrangementer").click()
        expect(visitor).to_have_url(re.compile(r"goal=12"))
        visitor.get_by_role("link", name=TITLE).click()
        expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
        with visitor.expect_download() as download_info:
            visitor.get_by_role("link", name="Føj til kalender (.ics)").click()
        calendar = icalendar.Calendar.from_ical(Path(download_info.value.path()).read_bytes())
        [component] = calendar.walk("VEVENT")
        assert str(component["SUMMARY"]) == TITLE
        assert str(component["UID"]) == event.ical_uid

        visitor.goto(f"{site}/events/recordings/")
        assert_accessible(visitor, "the recordings archive")
    finally:
        visitor_context.close()

    # The lead's calendar feed page.
    lead_context = browser.new_context(locale="en-GB")
    try:
        lead_page = lead_context.new_page()
        lead_page.set_default_timeout(10_000)
        log_in(lead_page, site, lead)
        feed = factories.EventFeedFactory(
            library=library, last_result="error", last_error="The calendar took too long."
        )
        lead_page.goto(f"{site}/en/manage/{library.slug}/events/feeds/")
        expect(lead_page.get_by_text("The calendar took too long.")).to_be_visible()
        assert_accessible(lead_page, "the calendar feed page")
        lead_page.get_by_role("link", name=re.compile("^Disconnect")).click()
        expect(lead_page.get_by_role("heading", level=1)).to_have_text("Disconnect the calendar?")
        assert_accessible(lead_page, "the disconnect confirmation")
        assert feed.pk
    finally:
        lead_context.close()
