"""Journey: a coordinator publishes a theme, the lead signs Ballerup up and picks a local
partner, the public theme page shows Ballerup on the map, and the contact person receives the
coordinator's message. axe-core checks every theme and partner page, at 320 px too."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from core.tasks import render_document
from tests import factories
from tests.e2e.axe import assert_accessible
from tests.e2e.pages import log_in
from themes.models import Theme

BALLERUP_CODE = "151"


@pytest.fixture(autouse=True)
def no_pdf_renders(monkeypatch):
    """The impact report's render is queued, not run in the live server (worker tests do)."""
    monkeypatch.setattr(render_document, "apply_async", lambda *args, **kwargs: None)


def test_a_theme_is_published_signed_up_for_and_its_contacts_get_the_message(
    page, browser, site, library, lead, staff, coordinator, mailoutbox
):
    theme = factories.ThemeFactory(
        title="UGE17 2027", slug="uge17-2027", status=Theme.Status.DRAFT, published_at=None
    )
    theme.days.create(date=datetime.date(2027, 4, 26), title="Klima og energi")
    theme.national_partners.add(factories.PartnerFactory(name="CONCITO"))
    factories.PartnerFactory(
        name="Ballerup Naturskole", kind="school", scope="local", municipality=library.municipality
    )
    factories.ThemeMaterialFactory(theme=theme, title="Aktivitetskit")

    coordinator_context = browser.new_context(locale="en-GB")
    try:
        desk = coordinator_context.new_page()
        desk.set_default_timeout(10_000)
        log_in(desk, site, coordinator)
        desk.goto(f"{site}/en/themes/new/")
        expect(desk.get_by_role("heading", level=1)).to_have_text("New theme")
        assert_accessible(desk, "the new theme form")
        desk.get_by_role("button", name="Save").click()
        expect(desk.get_by_role("alert").first).to_be_visible()
        assert_accessible(desk, "the theme form with errors")

        desk.goto(f"{site}/en/themes/{theme.slug}/")
        assert_accessible(desk, "the draft theme page")
        desk.get_by_role("link", name="Edit the theme").click()
        assert_accessible(desk, "the theme edit form")
        desk.go_back()
        desk.get_by_role("link", name="Publish the theme").click()
        assert_accessible(desk, "the publish confirmation")
        desk.get_by_role("button", name="Publish").click()
        expect(desk.get_by_role("status").first).to_contain_text("The theme is published")

        desk.goto(f"{site}/en/themes/{theme.slug}/materials/")
        assert_accessible(desk, "the toolbox page")
        desk.get_by_role("link", name=re.compile("^Delete")).first.click()
        assert_accessible(desk, "the delete material confirmation")
        desk.goto(f"{site}/en/partners/")
        assert_accessible(desk, "the national partners")
        desk.get_by_role("link", name=re.compile("^Edit CONCITO")).click()
        assert_accessible(desk, "the national partner form")
    finally:
        coordinator_context.close()

    # The lead signs Ballerup up and picks its local partner.
    log_in(page, site, lead)
    page.goto(f"{site}/en/themes/")
    assert_accessible(page, "the list of themes")
    page.get_by_role("link", name="UGE17 2027").click()
    page.get_by_role("link", name=f"Sign up {library.display_name}").click()
    assert_accessible(page, "the sign-up form")
    page.get_by_label(re.compile(r"^Contact person")).select_option(
        label=f"{staff.name} ({staff.email})"
    )
    page.get_by_label("Our plans").fill("Klimacafé hver dag i ugen.")
    page.get_by_role("checkbox", name="Ballerup Naturskole").check()
    page.get_by_role("button", name="Sign the library up").click()
    expect(page.get_by_role("status").first).to_contain_text("is signed up for UGE17 2027")
    page.get_by_role("link", name=re.compile("^Withdraw")).click()
    assert_accessible(page, "the withdraw confirmation")
    page.get_by_role("link", name="Keep the sign-up").click()
    page.goto(f"{site}/en/manage/{library.slug}/partners/?q=naturskole")
    assert_accessible(page, "the library's local partners")
    assert any(m.to == [staff.email] for m in mailoutbox), "the contact person was not told"

    # The public page shows Ballerup on the map and in the list, with its partner.
    visitor = browser.new_context(locale="en-GB").new_page()
    visitor.goto(f"{site}/en/themes/{theme.slug}/")
    expect(visitor.locator(f'path[data-code="{BALLERUP_CODE}"]')).to_have_attribute(
        "data-status", "signed_up"
    )
    expect(visitor.get_by_text(f"{library.display_name}: Ballerup Naturskole")).to_be_visible()
    assert_accessible(visitor, "the public theme page")

    # The coordinator writes to the contact persons; the message arrives and stays on the page.
    mailoutbox.clear()
    coordinator_context = browser.new_context(locale="en-GB")
    try:
        desk = coordinator_context.new_page()
        desk.set_default_timeout(10_000)
        log_in(desk, site, coordinator)
        desk.goto(f"{site}/en/themes/{theme.slug}/signups/")
        assert_accessible(desk, "the sign-up table")
        expect(desk.get_by_role("table")).to_contain_text("Ballerup Naturskole")
        desk.goto(f"{site}/en/themes/{theme.slug}/reports/")
        assert_accessible(desk, "the reports overview")
        desk.goto(f"{site}/en/themes/{theme.slug}/")
        desk.get_by_role("link", name="Write to the contact persons").click()
        assert_accessible(desk, "the message form")
        desk.get_by_label("Subject").fill("Plakaterne er klar")
        desk.get_by_label("Message").fill("Hent dem i værktøjskassen.")
        desk.get_by_role("button", name="Send").click()
        expect(desk.get_by_role("status").first).to_contain_text("The message is sent")
    finally:
        coordinator_context.close()
    assert [m.to for m in mailoutbox] == [[staff.email]]
    assert "Plakaterne er klar" in mailoutbox[0].subject
    page.goto(f"{site}/en/themes/{theme.slug}/")
    expect(page.get_by_role("heading", name="Plakaterne er klar")).to_be_visible()


def test_the_report_form_is_accessible(page, site, library, lead):
    today = datetime.date.today()
    theme = factories.ThemeFactory(
        slug="vores-natur", title="Vores natur",
        starts_on=today - datetime.timedelta(days=14), ends_on=today - datetime.timedelta(days=7),
        signup_deadline=today - datetime.timedelta(days=30),
    )  # fmt: skip
    factories.ThemeSignupFactory(theme=theme, library=library, contact=lead)
    log_in(page, site, lead)
    page.goto(f"{site}/en/themes/{theme.slug}/")
    page.get_by_role("link", name=re.compile("^Report what came of it")).click()
    assert_accessible(page, "the report form")
    page.get_by_role("button", name="Save the report").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    assert_accessible(page, "the report form with errors")
    page.get_by_label(re.compile(r"^Activities held")).fill("Naturvandring")
    page.get_by_label(re.compile(r"^Participants")).fill("40")
    page.get_by_role("button", name="Save the report").click()
    expect(page.get_by_role("status").first).to_contain_text("your report is saved")
