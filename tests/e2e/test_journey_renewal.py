"""Journey (c2), the renewal: Ballerup's plan 2026–2028 is approved and certified. The lead
starts the next plan as a copy, changes the indicator of one initiative and submits it; the
coordinator's review compares it with the approved plan and shows only that initiative as
changed (no copied initiative as new or removed). Approved for the next period, the new plan
is upcoming: the public profile still shows the running plan, with the next one marked
"kommende". axe-core checks the new-plan form and the renewal review page."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.pages import log_in

NEW_INDICATOR = "Antal byttede ting, talt hver måned"


@pytest.fixture
def approved_and_certified(library, lead, coordinator):
    """Plan 2026–2028, submitted and approved through the services (version 1)."""
    from actionplans.models import Decision
    from actionplans.services import submit_plan
    from certification.services import decide_plan_version
    from tests import factories

    plan = factories.ActionPlanFactory(library=library, created_by=lead)
    for area, title in [
        ("organisation", "Grøn indkøbspolitik"),
        ("operations", "Solceller på taget"),
        ("citizens", "Byttemarked i foyeren"),
    ]:
        factories.InitiativeFactory(plan=plan, area=area, title=title, goals=[12, 13])
    version = submit_plan(plan=plan, by=lead)
    decide_plan_version(version=version, decision=Decision.APPROVED, by=coordinator)
    plan.refresh_from_db()
    return plan


def test_c2_a_renewal_review_shows_only_the_real_change(
    page, browser, site, approved_and_certified, library, lead, coordinator
):
    log_in(page, site, lead)
    page.goto(f"{site}/en/plans/{library.slug}/new/")
    expect(page.get_by_label("Start as a copy of the last approved plan")).to_be_checked()
    assert_accessible(page, "the new plan form with the copy option")
    page.get_by_role("button", name=re.compile("Create|Start")).click()
    expect(page.get_by_role("status").first).to_contain_text("The plan has been created")
    expect(page.get_by_role("heading", level=1)).to_contain_text("2029–2031")

    initiative = page.get_by_role("article", name="Byttemarked i foyeren")
    initiative.get_by_role("link", name="Edit Byttemarked i foyeren").click()
    page.get_by_label("Success indicator").fill(NEW_INDICATOR)
    page.get_by_role("button", name="Save the initiative").click()
    expect(page.get_by_role("status").first).to_contain_text("saved")
    page.get_by_role("link", name="Submit the plan").click()
    page.get_by_role("button", name="Submit the plan").click()
    expect(page.get_by_role("status").first).to_contain_text("Version 1 of the plan")

    coordinator_context = browser.new_context(locale="en-GB")
    try:
        review = coordinator_context.new_page()
        review.set_default_timeout(10_000)
        log_in(review, site, coordinator)
        review.goto(f"{site}/en/review/")
        queue = review.get_by_role("table", name="Submissions waiting for a decision")
        queue.get_by_role("row").filter(has_text="Ballerup").get_by_role("link").click()
        changes = review.get_by_role("region", name="What changed")
        expect(changes).to_contain_text("Compared with version 1 of the plan 2026–2028")
        tables = changes.get_by_role("table", name=re.compile("^Initiative changed"))
        expect(tables).to_have_count(1)
        changed = changes.get_by_role("table", name="Initiative changed: Byttemarked i foyeren")
        expect(changed).to_contain_text(NEW_INDICATOR)
        expect(changes.get_by_role("heading", name="Initiatives added")).to_have_count(0)
        expect(changes.get_by_role("heading", name="Initiatives removed")).to_have_count(0)
        assert_accessible(review, "the renewal review page")

        review.get_by_role("radio", name=re.compile("Approve the plan")).check()
        review.get_by_role("button", name="Save decision").click()
        expect(review.get_by_role("status").first).to_contain_text("Your decision has been saved")
    finally:
        coordinator_context.close()

    # The running plan stays on the public profile until 2029; the next one is upcoming.
    page.goto(f"{site}/libraries/{library.slug}/")
    expect(page.get_by_role("heading", name="Handleplan 2026–2028")).to_be_visible()
    expect(page.get_by_text("Kommende", exact=True)).to_be_visible()
    approved_and_certified.refresh_from_db()
    assert approved_and_certified.status == "approved"
