"""axe-core (WCAG 2.0/2.1 A and AA) and the 320 px reflow check on every page the journeys do
not already cover: the public pages, the forms empty and with validation errors, the dashboard
of each role and the coordinators' pages. One test per role keeps the set-up shared."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.pages import log_in


def form_with_errors(page, button, label: str, invalid_field) -> None:
    """Send the form, check the error summary takes the focus and the field is marked
    invalid, then check the page."""
    page.get_by_role("button", name=button).click()
    expect(page.get_by_role("alert").first).to_be_focused()
    expect(invalid_field).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, label)


@pytest.fixture
def submitted_example(library, staff):
    from django.utils import timezone

    from inspiration.models import Example
    from tests import factories

    return factories.ExampleFactory(
        library=library,
        title="Grøn kantineaftale",
        slug="groen-kantineaftale",
        status=Example.Status.SUBMITTED,
        approved_at=None,
        submitted_at=timezone.now(),
    )


@pytest.fixture
def pending_plan(other_library, outsider):
    """Rudersdal's plan, submitted by its lead and waiting for a coordinator."""
    from actionplans.services import submit_plan
    from tests import factories

    plan = factories.ActionPlanFactory(library=other_library, created_by=outsider)
    for area in ("organisation", "operations", "citizens"):
        factories.InitiativeFactory(plan=plan, area=area, goals=[4, 12])
    submit_plan(plan=plan, by=outsider)
    return plan


@pytest.fixture
def submitted_report(certified_library, lead):
    from django.utils import timezone

    from actionplans.models import InitiativeProgress, ProgressReport
    from tests import factories

    plan = certified_library.certification.plan
    report = factories.ProgressReportFactory(
        plan=plan,
        year=plan.period_start,
        status=ProgressReport.Status.SUBMITTED,
        submitted_by=lead,
        submitted_at=timezone.now(),
        summary="Et godt år med mange besøgende.",
    )
    for initiative in plan.initiatives.all():
        InitiativeProgress.objects.create(
            report=report, initiative=initiative, status="running", result="Gik godt."
        )
    return report


def test_public_pages(page, site, certified_library):
    number = certified_library.certification.number
    example = certified_library.example

    # Before the first render the catalogue PDF is "being generated", said in a status region.
    response = page.goto(f"{site}/en/inspiration/catalogue.pdf")
    assert response.status == 503
    expect(
        page.get_by_role("status").filter(has_text="being made in the background")
    ).to_be_visible()
    assert_accessible(page, "the 'document is being generated' page")

    for path, label, status in [
        ("/", "the front page (Danish)", 200),
        ("/en/", "the front page", 200),
        ("/en/libraries/", "the list of libraries with the map", 200),
        ("/libraries/?status=certified", "the certified libraries (Danish)", 200),
        (f"/en/libraries/{certified_library.slug}/", "a library's public profile", 200),
        ("/en/inspiration/", "the inspiration catalogue", 200),
        (f"/en/inspiration/{example.slug}/", "an example", 200),
        (f"/en/verify/{number}/", "the verification page (valid)", 200),
        ("/en/verify/VMC-2020-9999/", "the verification page (unknown number)", 404),
        ("/en/accessibility/", "the accessibility statement", 200),
        ("/accessibility/", "the accessibility statement (Danish)", 200),
        ("/en/privacy/", "the privacy page", 200),
        ("/en/no-such-page/", "the 404 page", 404),
    ]:
        response = page.goto(site + path)
        assert response.status == status, path
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        assert_accessible(page, f"{label} ({path})")

    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("not found", re.I))

    page.goto(f"{site}/en/accounts/login/")
    assert_accessible(page, "the empty login form")
    form_with_errors(page, "Sign in", "the login form with errors", page.get_by_label("Email"))


def test_member_pages(page, browser, site, certified_library, lead, staff):
    from tests import factories

    # A staff member's dashboard.
    log_in(page, site, staff)
    assert_accessible(page, "the staff member's dashboard")

    # The lead: dashboard, plan, library profile form, progress report form.
    context = browser.new_context(locale="en-GB")
    try:
        lead_page = context.new_page()
        lead_page.set_default_timeout(10_000)
        log_in(lead_page, site, lead)
        assert_accessible(lead_page, "the lead's dashboard")

        lead_page.goto(f"{site}/en/manage/{certified_library.slug}/profile/")
        assert_accessible(lead_page, "the library profile form")
        lead_page.get_by_label("Website").fill("ikke en adresse")
        form_with_errors(
            lead_page,
            "Save profile",
            "the library profile form with errors",
            lead_page.get_by_label("Website"),
        )
        lead_page.get_by_label("Website").fill("https://bib.ballerup.dk/")
        lead_page.get_by_role("button", name="Save profile").click()
        expect(lead_page.get_by_role("status").first).to_contain_text(re.compile("saved", re.I))

        lead_page.goto(f"{site}/en/manage/{certified_library.slug}/members/")
        assert_accessible(lead_page, "the members page")

        plan = certified_library.certification.plan
        lead_page.goto(f"{site}/en/plans/{plan.uuid}/")
        assert_accessible(lead_page, "an approved plan")
        lead_page.get_by_role("button", name=f"Write the report for {plan.period_start}").click()
        expect(lead_page.get_by_role("heading", level=1)).to_contain_text("report")
        assert_accessible(lead_page, "the empty progress report form")
        value = lead_page.get_by_label("Number against the indicator (optional)").first
        value.fill("mange")
        form_with_errors(
            lead_page, "Save the report", "the progress report form with errors", value
        )
        value.fill("120")
        lead_page.get_by_role("button", name="Save the report").click()
        expect(lead_page.get_by_role("status").first).to_contain_text(
            "The progress report has been saved."
        )
    finally:
        context.close()

    # Someone without a library asks to join one.
    newcomer = factories.UserFactory(email="ny@example.org", name="Nina Ny")
    context = browser.new_context(locale="en-GB")
    try:
        newcomer_page = context.new_page()
        newcomer_page.set_default_timeout(10_000)
        log_in(newcomer_page, site, newcomer)
        assert_accessible(newcomer_page, "the dashboard of someone without a library")
        newcomer_page.goto(f"{site}/en/join/{certified_library.slug}/")
        assert_accessible(newcomer_page, "the empty join request form")
        # Its one field is optional and the browser stops at its length limit, so the form
        # cannot be sent with an error; the limit itself is checked.
        message = newcomer_page.get_by_label("Message to the library (optional)")
        expect(message).to_have_attribute("maxlength", "1000")
    finally:
        context.close()


def test_coordinator_pages(
    page, site, certified_library, coordinator, pending_plan, submitted_report, submitted_example
):
    log_in(page, site, coordinator)
    # A coordinator lands on their work: the oldest submissions and the queue's size.
    expect(page.get_by_role("heading", name="Waiting for your review")).to_be_visible()
    expect(page.get_by_role("table", name="Waiting longest").get_by_role("row")).to_have_count(4)
    expect(page.get_by_role("link", name="See the review queue (3 waiting)")).to_be_visible()
    assert_accessible(page, "the coordinator's dashboard")

    # Their job title, printed on the certificates they sign, is theirs to edit.
    page.goto(f"{site}/en/accounts/profile/")
    assert_accessible(page, "the 'my details' page")
    page.get_by_label("Full name").fill("")
    form_with_errors(
        page, "Save", "the 'my details' page with errors", page.get_by_label("Full name")
    )
    page.get_by_label("Full name").fill("Cora Koordinator")
    page.get_by_label("Job title").fill("Verdensmålskoordinator")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").first).to_contain_text("saved")

    page.goto(f"{site}/en/review/")
    expect(
        page.get_by_role("table", name="Submissions waiting for a decision").get_by_role("row")
    ).to_have_count(4)
    assert_accessible(page, "the review queue with a plan, a report and an example")

    page.goto(f"{site}/en/review/plans/{pending_plan.uuid}/v1/")
    assert_accessible(page, "a plan review page")

    page.goto(f"{site}/en/review/reports/{submitted_report.uuid}/")
    assert_accessible(page, "a report review page")
    form_with_errors(
        page,
        "Save decision",
        "the report decision form with errors",
        page.get_by_role("radio", name="Ask for changes"),
    )

    page.goto(f"{site}/en/review/examples/{submitted_example.slug}/")
    assert_accessible(page, "the example moderation page")

    page.goto(f"{site}/en/review/overview/")
    assert_accessible(page, "the coordinators' overview")

    # Rudersdal's log has events (the plan was submitted through the service).
    page.goto(f"{site}/en/review/libraries/{pending_plan.library.slug}/log/")
    expect(page.get_by_role("table", name="Events")).not_to_contain_text("No events yet.")
    assert_accessible(page, "the library's audit log")


def test_error_pages(page, browser, site, settings, staff):
    """A refused form (CSRF), too many requests (429) and the 500 page, in the layout."""
    from django.core.cache import cache
    from django.test import RequestFactory

    from portal.errors import server_error

    # The login form sent after the CSRF cookie is gone (a page left open too long, say).
    page.goto(f"{site}/en/accounts/login/")
    page.context.clear_cookies()
    page.get_by_label("Email").fill(staff.email)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The form could not be sent")
    assert_accessible(page, "the refused-form (CSRF) page")

    cache.clear()
    settings.ACCOUNT_RATE_LIMITS = {"reset_password": "1/m/key"}
    try:
        for _attempt in range(2):
            page.goto(f"{site}/accounts/password/reset/")
            page.get_by_label("E-mail").fill(staff.email)
            page.get_by_role("button", name="Send link").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("For mange forsøg")
        assert_accessible(page, "the 429 page (Danish)")
    finally:
        cache.clear()

    html = server_error(RequestFactory().get("/en/boom/")).content.decode()
    page.route(
        f"{site}/en/boom/",
        lambda route: route.fulfill(status=500, body=html, content_type="text/html"),
    )
    page.goto(f"{site}/en/boom/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Something went wrong")
    assert_accessible(page, "the 500 page")
