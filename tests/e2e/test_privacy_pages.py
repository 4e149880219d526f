"""The account's "My data" pages in a browser: reachable from the account pages, accessible,
and the delete form's errors shown as everywhere else."""

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.pages import log_in


@pytest.fixture
def member(e2e_db):
    from libraries.models import Library
    from tests import factories

    user = factories.UserFactory(email="soren@ballerup.example.org", name="Søren Stab")
    factories.MembershipFactory(user=user, library=Library.objects.get(slug="ballerup"))
    return user


def test_a_member_finds_their_data_and_the_delete_form(page, site, member):
    log_in(page, site, member.email)
    page.get_by_role("link", name="My account").click()
    assert_accessible(page, "the e-mail addresses page")
    page.get_by_role("navigation", name="My account").get_by_role("link", name="My data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My data")
    assert_accessible(page, "the 'my data' page")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download my data (JSON)").click()
    assert download.value.suggested_filename.endswith(".json")

    page.get_by_role("link", name="Delete my account").click()
    assert_accessible(page, "the empty delete-account form")
    page.get_by_role("button", name="Delete my account for good").click()
    expect(page.get_by_role("alert")).to_be_focused()
    expect(page.get_by_label("Your password")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "the delete-account form with an error")
