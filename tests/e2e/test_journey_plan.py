"""Journey (b): the lead of Ballerup writes an action plan with an initiative in each of the
three areas (SDGs picked, a success indicator each) and submits it; the plan is then locked
and version 1 exists. One initiative is written with the keyboard only. axe-core checks the
plan form and the initiative form, empty and with validation errors, on the way."""

import re

from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.pages import log_in, tab_to

INITIATIVES = [
    # area, title, SDG label, indicator
    (
        "Organisation",
        "Grøn indkøbspolitik",
        "12 Responsible consumption and production",
        "Andel af indkøb med miljømærke",
    ),
    (
        "Operations",
        "Solceller på taget",
        "7 Affordable and clean energy",
        "Kilowatt-timer produceret om året",
    ),
    (
        "Citizen-facing work",
        "Byttemarked i foyeren",
        "11 Sustainable cities and communities",
        "200 besøgende om året",
    ),
]


def add_initiative_with_the_keyboard(page, area, title, goal, indicator):
    """Tab from field to field, type, tick the SDG with Space, send with Enter."""
    expect(page.get_by_label("Area")).to_have_value(re.compile(".+"))
    expect(page.get_by_label("Area").locator("option:checked")).to_have_text(area)
    tab_to(page, page.get_by_label("Title"))
    page.keyboard.type(title)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Description")).to_be_focused()
    page.keyboard.type("Vi gør det sammen med personalet.")
    tab_to(page, page.get_by_role("checkbox", name=goal))
    page.keyboard.press("Space")
    expect(page.get_by_role("checkbox", name=goal)).to_be_checked()
    tab_to(page, page.get_by_label("Success indicator"))
    page.keyboard.type(indicator)
    tab_to(page, page.get_by_role("button", name="Add the initiative"), max_presses=60)
    page.keyboard.press("Enter")


def add_initiative(page, area, title, goal, indicator):
    page.get_by_role("link", name=f"Add an initiative under “{area}”").click()
    page.get_by_label("Title").fill(title)
    page.get_by_role("checkbox", name=goal).check()
    page.get_by_label("Success indicator").fill(indicator)
    page.get_by_role("button", name="Add the initiative").click()


def test_b_the_lead_writes_and_submits_a_plan(page, site, library, lead):
    log_in(page, site, lead)
    page.get_by_role("link", name="All the library's plans").click()
    page.get_by_role("link", name="Start a new plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("New action plan"))
    assert_accessible(page, "the empty plan form")

    # A mistake first: the error summary takes the focus and the field says what is wrong.
    page.get_by_label("First year").fill("1999")
    page.get_by_role("button", name="Create the plan").click()
    expect(page.get_by_role("alert")).to_be_focused()
    expect(page.get_by_label("First year")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "the plan form with validation errors")

    page.get_by_label("First year").fill("2026")
    page.get_by_label("Last year").fill("2028")
    page.get_by_label("Vision").fill("Biblioteket er et grønt fællesskab.")
    page.get_by_label("Principles").fill("Vi genbruger før vi køber\nVi inddrager borgerne")
    page.get_by_label("Responsible in management").fill("Lene Leder")
    page.get_by_role("button", name="Create the plan").click()
    expect(page.get_by_role("status")).to_contain_text("The plan has been created.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Action plan 2026–2028")
    not_done = (
        page.get_by_role("region", name="Ready to submit?")
        .get_by_role("listitem")
        .filter(has_text="Not done:")
    )
    expect(not_done).not_to_have_count(0)
    assert_accessible(page, "a new, empty plan")

    # The first initiative with the keyboard only; the form is checked empty and with errors.
    area, title, goal, indicator = INITIATIVES[0]
    page.get_by_role("link", name=f"Add an initiative under “{area}”").click()
    assert_accessible(page, "the empty initiative form")
    page.get_by_label("SDG targets (optional)").fill("99.9")
    page.get_by_role("button", name="Add the initiative").click()
    expect(page.get_by_role("alert")).to_be_focused()
    expect(page.get_by_label("Title")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "the initiative form with validation errors")
    page.get_by_label("SDG targets (optional)").fill("")
    add_initiative_with_the_keyboard(page, area, title, goal, indicator)
    expect(page.get_by_role("status")).to_contain_text(f"“{title}” has been added.")

    for initiative in INITIATIVES[1:]:
        add_initiative(page, *initiative)
        expect(page.get_by_role("status")).to_contain_text(f"“{initiative[1]}” has been added.")

    for area, title, goal, _indicator in INITIATIVES:
        section = page.get_by_role("region", name=re.compile(f"^{re.escape(area)}"))
        initiative = section.get_by_role("article", name=title)
        expect(initiative).to_contain_text(goal.split(" ", 1)[1])
    expect(not_done).to_have_count(0)
    assert_accessible(page, "the plan with three initiatives")

    page.get_by_role("link", name="Submit the plan").click()
    assert_accessible(page, "the submit page")
    page.get_by_role("button", name="Submit the plan").click()
    expect(page.get_by_role("status")).to_contain_text("Version 1 of the plan has been submitted")

    # Locked: no edit buttons, and editing by URL is refused.
    expect(page.get_by_text("waiting for the coordinator's review")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Edit"))).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("^Add an initiative"))).to_have_count(0)
    expect(page.get_by_role("link", name="Submit the plan")).to_have_count(0)
    versions = page.get_by_role("table", name="Submitted versions")
    expect(versions.get_by_role("row")).to_have_count(2)
    assert_accessible(page, "the submitted plan")

    from actionplans.models import ActionPlan

    plan = ActionPlan.objects.get(library=library)
    response = page.goto(f"{site}/en/plans/{plan.uuid}/edit/")
    assert response.status == 403
    assert plan.status == "submitted"
    assert list(plan.versions.values_list("number", flat=True)) == [1]
    snapshot = plan.versions.get().snapshot
    assert sorted(i["area"] for i in snapshot["initiatives"]) == [
        "citizens",
        "operations",
        "organisation",
    ]
