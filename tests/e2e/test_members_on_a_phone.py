"""A lead manages the library's members on a phone (375 px, and 320 px): every request and
member is one block with its buttons on screen, nothing scrolls sideways."""

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.pages import log_in

PHONE = {"width": 375, "height": 812}

# A scrolling box with something to scroll (the tables' own .table-scroll included), or
# anything reaching past the window's right edge (visually hidden 1 px things aside).
SIDEWAYS = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll('main *')].filter(el => {
    const overflow = getComputedStyle(el).overflowX;
    const rect = el.getBoundingClientRect();
    return ((overflow === 'auto' || overflow === 'scroll') && el.scrollWidth > el.clientWidth + 1)
      || (rect.width > 1 && rect.right > width + 1);
  }).map(el => el.outerHTML.slice(0, 100));
}"""


@pytest.fixture
def members(e2e_db):
    from libraries.models import Library, Membership
    from tests import factories

    library = Library.objects.get(slug="ballerup")
    lead = factories.UserFactory(email="lead@ballerup.example.org", name="Lene Leder")
    factories.LeadMembershipFactory(user=lead, library=library)
    staff = factories.UserFactory(
        email="soeren.staalgaard-christiansen@ballerup.example.org", name="Søren Stålgaard"
    )
    factories.MembershipFactory(user=staff, library=library)
    for name, email in [
        ("Nina Nyansat", "nina@ballerup.example.org"),
        ("Per Prøve", "per@ballerup.example.org"),
    ]:
        factories.MembershipFactory(
            user=factories.UserFactory(email=email, name=name),
            library=library,
            status=Membership.Status.PENDING,
            decided_at=None,
            message="Jeg er ny formidler i Ballerup og vil gerne være med i arbejdet.",
        )
    return lead


def assert_on_screen(page, locator) -> None:
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"] + 1, box


@pytest.mark.parametrize("width", [375, 320])
def test_a_lead_manages_members_on_a_phone_without_scrolling_sideways(
    browser, site, members, width
):
    context = browser.new_context(locale="en-GB", viewport={**PHONE, "width": width})
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        log_in(page, site, members)
        page.goto(f"{site}/en/manage/ballerup/members/")
        assert page.evaluate(SIDEWAYS) == []
        for name in ("Accept Nina Nyansat", "Accept Per Prøve", "Make lead Søren Stålgaard"):
            assert_on_screen(page, page.get_by_role("button", name=name))
        # Declining and removing ask first, on a page of their own.
        for name in ("Decline Nina Nyansat", "Remove Søren Stålgaard"):
            assert_on_screen(page, page.get_by_role("link", name=name))
        assert_accessible(page, f"the members page at {width} px", narrow=False)

        page.get_by_role("button", name="Accept Nina Nyansat").click()
        expect(page.get_by_role("status").first).to_contain_text("Nina Nyansat is now a member")
        page.get_by_role("link", name="Decline Per Prøve").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Decline the request from Per Prøve?"
        )
        assert page.evaluate(SIDEWAYS) == []
        assert_accessible(page, f"the confirmation to decline at {width} px", narrow=False)
        page.get_by_role("button", name="Yes, decline the request").click()
        expect(page.get_by_role("button", name="Accept Per Prøve")).to_have_count(0)
        page.get_by_role("button", name="Make lead Nina Nyansat").click()
        expect(page.get_by_role("button", name="Make staff Nina Nyansat")).to_be_visible()
        assert page.evaluate(SIDEWAYS) == []
        assert_on_screen(page, page.get_by_role("link", name="Remove Nina Nyansat"))
    finally:
        context.close()
