"""Journey (c): a coordinator reviews Ballerup's submitted plan and asks for changes (a general
comment and one on an initiative); the lead sees the comments, edits and resubmits (version 2),
answering the comment on the initiative; the coordinator sees what changed and the answer, and
approves, which certifies the library. axe-core checks the review queue, the review page, the
decision form (empty and with errors) and the submit page with its answer fields."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.pages import log_in

GENERAL = "Beskriv hvordan personalet inddrages."
ON_INITIATIVE = "Indikatoren skal kunne måles."
ANSWER = "Vi måler nu produktionen hver måned."


@pytest.fixture
def certificates_queued(monkeypatch):
    """The certificate PDF is left to the worker (not run here), as in production, so the lead
    sees that it is being generated."""
    from certification.tasks import render_certificate_task

    queued = []
    monkeypatch.setattr(render_certificate_task, "delay", lambda pk: queued.append(pk))
    return queued


@pytest.fixture
def submitted_plan(library, lead):
    from actionplans.services import submit_plan
    from tests import factories

    plan = factories.ActionPlanFactory(library=library, created_by=lead)
    for area, title in [
        ("organisation", "Grøn indkøbspolitik"),
        ("operations", "Solceller på taget"),
        ("citizens", "Byttemarked i foyeren"),
    ]:
        factories.InitiativeFactory(plan=plan, area=area, title=title, goals=[12, 13])
    submit_plan(plan=plan, by=lead)
    return plan


def test_c_changes_are_asked_for_made_and_the_plan_approved(
    page, browser, site, submitted_plan, lead, coordinator, certificates_queued
):
    log_in(page, site, coordinator)
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name=re.compile("^Review")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page, "the review queue")
    queue = page.get_by_role("table", name="Submissions waiting for a decision")
    queue.get_by_role("row").filter(has_text="Ballerup").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Ballerup"))
    expect(page.get_by_text("first submitted version")).to_be_visible()
    assert_accessible(page, "the plan review page (version 1)")

    # Asking for changes without saying which is refused, next to the comment field.
    decision = page.get_by_role("region", name="Decision")
    decision.get_by_role("radio", name="Ask for changes").check()
    decision.get_by_role("button", name="Save decision").click()
    expect(page.get_by_role("alert")).to_be_focused()
    expect(page.get_by_label("Comment to the library")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "the decision form with validation errors")

    page.get_by_label("Comment to the library").fill(GENERAL)
    page.get_by_label("Comment on “Solceller på taget”").fill(ON_INITIATIVE)
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_role("status").first).to_contain_text("Your decision has been saved")
    assert_accessible(page, "the review page after the decision")

    # The lead sees both comments: the general one on top, the other next to the initiative.
    lead_context = browser.new_context(locale="en-GB")
    try:
        lead_page = lead_context.new_page()
        lead_page.set_default_timeout(10_000)
        log_in(lead_page, site, lead)
        lead_page.get_by_role("link", name="Action plan 2026–2028").click()
        asked = lead_page.get_by_role("region", name="The coordinator asked for changes")
        expect(asked).to_contain_text(GENERAL)
        initiative = lead_page.get_by_role("article", name="Solceller på taget")
        expect(initiative.get_by_role("note")).to_contain_text(ON_INITIATIVE)
        expect(
            lead_page.get_by_role("article", name="Grøn indkøbspolitik").get_by_role("note")
        ).to_have_count(0)
        assert_accessible(lead_page, "the plan with the coordinator's comments")

        initiative.get_by_role("link", name="Edit Solceller på taget").click()
        lead_page.get_by_label("Success indicator").fill("Kilowatt-timer om året, målt månedligt")
        lead_page.get_by_role("button", name="Save the initiative").click()
        expect(lead_page.get_by_role("status").first).to_contain_text("saved")
        lead_page.get_by_role("link", name="Submit the plan").click()
        lead_page.get_by_label("Your answer about “Solceller på taget”").fill(ANSWER)
        assert_accessible(lead_page, "the submit page with answers to the comments")
        lead_page.get_by_role("button", name="Submit the plan").click()
        expect(lead_page.get_by_role("status").first).to_contain_text("Version 2 of the plan")

        # The coordinator sees what changed and approves.
        page.goto(f"{site}/en/review/")
        queue = page.get_by_role("table", name="Submissions waiting for a decision")
        row = queue.get_by_role("row").filter(has_text="Ballerup")
        expect(row.get_by_role("cell").nth(2)).to_have_text("2")
        row.get_by_role("link").click()
        changes = page.get_by_role("region", name="What changed")
        changed = changes.get_by_role("table", name="Initiative changed: Solceller på taget")
        expect(changed).to_contain_text("Kilowatt-timer om året, målt månedligt")
        answers = page.get_by_role(
            "region", name="The library's answers to the comments on the previous version"
        )
        expect(answers).to_contain_text(ON_INITIATIVE)
        expect(answers).to_contain_text(ANSWER)
        assert_accessible(page, "the plan review page with changes (version 2)")
        page.get_by_role("radio", name=re.compile("Approve the plan")).check()
        page.get_by_role("button", name="Save decision").click()
        expect(page.get_by_role("status").first).to_contain_text("Your decision has been saved")

        from certification.models import Certification

        certification = Certification.objects.get(library=submitted_plan.library)
        history = page.get_by_role("table", name="Certifications")
        expect(history).to_contain_text(certification.number)

        # The lead sees the certificate, and that its PDF is being generated (announced).
        lead_page.goto(f"{site}/en/dashboard/")
        panel = lead_page.get_by_role("region", name="Certification")
        expect(panel).to_contain_text(certification.number)
        expect(panel.get_by_role("status")).to_contain_text("The certificate is being generated")
        assert_accessible(lead_page, "the lead's dashboard with a new certificate")
    finally:
        lead_context.close()

    assert certificates_queued == [certification.pk]
    submitted_plan.refresh_from_db()
    assert submitted_plan.status == "approved"
    assert list(submitted_plan.versions.values_list("number", "decision").order_by("number")) == [
        (1, "changes_requested"),
        (2, "approved"),
    ]
