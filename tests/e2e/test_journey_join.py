"""Journey (a): a librarian signs up, confirms the e-mail, asks to join Ballerup, the lead
accepts, and the librarian is a member. axe-core checks every page on the way (and at 320 px)."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.pages import PASSWORD_LABEL, confirmation_link, log_in, tab_to

NEW_EMAIL = "mette@ballerup.example.org"
NEW_PASSWORD = "grøn-omstilling-på-biblioteket"


@pytest.fixture
def ballerup_lead(e2e_db):
    from libraries.models import Library
    from tests import factories

    library = Library.objects.get(slug="ballerup")
    library.participating_since = library.participating_since or library.created_at.date()
    library.save()
    user = factories.UserFactory(email="lead@ballerup.example.org", name="Lene Leder")
    factories.LeadMembershipFactory(user=user, library=library)
    return user


def test_a_librarian_signs_up_and_joins_a_library(page, browser, site, mailoutbox, ballerup_lead):
    page.goto(f"{site}/en/")
    assert_accessible(page, "the front page")

    page.get_by_role("link", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page, "the empty sign-up form")

    # Sending the empty form shows the error summary, focused, linking to the fields.
    page.get_by_role("button", name="Sign up").click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link").first).to_be_visible()
    expect(page.get_by_label("Email")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "the sign-up form with validation errors")

    # The summary's link takes the keyboard user to the field.
    summary.get_by_role("link", name=re.compile("Email")).press("Enter")
    expect(page.get_by_label("Email")).to_be_focused()

    # Fill in the form with the keyboard only: Tab from field to field, Enter to send.
    tab_to(page, page.get_by_label("Full name"))
    page.keyboard.type("Mette Formidler")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Email")).to_be_focused()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(NEW_EMAIL)
    page.keyboard.press("Tab")
    expect(page.get_by_label(PASSWORD_LABEL)).to_be_focused()
    page.keyboard.type(NEW_PASSWORD)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password (again)")).to_be_focused()
    page.keyboard.type(NEW_PASSWORD)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Confirm your email"))
    assert_accessible(page, "the 'verify your e-mail' page")

    # Confirm the address from the e-mail.
    page.goto(confirmation_link(mailoutbox, NEW_EMAIL))
    assert_accessible(page, "the e-mail confirmation page")
    page.get_by_role("button", name="Confirm").click()

    # Confirming in the browser that signed up signs the librarian in.
    expect(page.get_by_role("heading", level=1)).to_have_text("My overview")
    assert_accessible(page, "the empty dashboard")

    # Ask to join Ballerup.
    page.get_by_role("link", name="Ask to join your library").click()
    assert_accessible(page, "the list of libraries to join")
    page.get_by_label("Search by library, town or municipality").fill("Ballerup")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=re.compile("Ask to join .*Ballerup")).click()
    assert_accessible(page, "the join request form")
    page.get_by_label("Message to the library (optional)").fill("I run the reading clubs.")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("status")).to_contain_text("has been sent")
    expect(page.get_by_text("Request waiting for an answer")).to_be_visible()
    assert_accessible(page, "the dashboard with a pending request")

    # The lead is told by e-mail, and accepts in their own browser.
    assert any(ballerup_lead.email in m.to for m in mailoutbox)
    lead_context = browser.new_context(locale="en-GB")
    try:
        lead_page = lead_context.new_page()
        log_in(lead_page, site, ballerup_lead.email)
        lead_page.get_by_role("link", name=re.compile("Mette Formidler asks to join")).click()
        assert_accessible(lead_page, "the members page with a request")
        lead_page.get_by_role("button", name="Accept Mette Formidler").click()
        expect(lead_page.get_by_role("status")).to_contain_text("Mette Formidler is now a member")
        assert_accessible(lead_page, "the members page after accepting")
    finally:
        lead_context.close()

    # The librarian is now a member of Ballerup.
    page.reload()
    card = (
        page.get_by_role("region", name="My libraries")
        .get_by_role("listitem")
        .filter(has=page.get_by_role("heading", name=re.compile("Ballerup")))
    )
    expect(card).to_contain_text("Staff")
    expect(card.get_by_role("link", name="Members")).to_be_visible()

    from libraries.models import Membership

    membership = Membership.objects.get(user__email=NEW_EMAIL)
    assert (membership.library.slug, membership.status) == ("ballerup", "active")
