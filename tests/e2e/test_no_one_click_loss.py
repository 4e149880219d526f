"""Journey (issue 16, item 5): nothing is lost with one click. A newcomer withdraws a request
to join after a page that says what happens; staff delete a draft example only after
confirming; the lead chooses a logo in a profile form that fails validation, sees it still
attached and saves it without choosing it again. axe-core checks each confirmation page and
the form with the kept file."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.pages import log_in


@pytest.fixture
def newcomer(library):
    from libraries.models import Membership
    from tests import factories

    user = factories.UserFactory(name="Nina Nyansat")
    factories.MembershipFactory(user=user, library=library, status=Membership.Status.PENDING)
    return user


@pytest.fixture
def logo_file(tmp_path):
    path = tmp_path / "logo.png"
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "#19486A").save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


def test_a_newcomer_withdraws_a_request_after_confirming(page, site, newcomer, library):
    from libraries.models import Membership

    log_in(page, site, newcomer)
    page.get_by_role("link", name=re.compile("^Withdraw the request")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Withdraw your request to join Ballerup Bibliotekerne?"
    )
    assert_accessible(page, "the confirmation to withdraw a request")
    page.get_by_role("button", name="Yes, withdraw the request").click()
    expect(page.get_by_role("status").first).to_contain_text("has been withdrawn")
    assert not Membership.objects.filter(user=newcomer).exists()


def test_staff_delete_a_draft_example_only_after_confirming(page, site, staff, library):
    from inspiration.models import Example
    from tests import factories

    draft = factories.ExampleFactory(
        library=library, status="draft", approved_at=None, title="Byttemarked i foyeren"
    )
    log_in(page, site, staff)
    page.goto(f"{site}/en/examples/{draft.slug}/")
    page.get_by_role("link", name="Delete").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete “Byttemarked i foyeren”?")
    expect(page.get_by_text("This cannot be undone.")).to_be_visible()
    assert_accessible(page, "the confirmation to delete an example")
    page.get_by_role("link", name="No, keep it").click()
    assert Example.objects.filter(pk=draft.pk).exists()
    page.get_by_role("link", name="Delete").click()
    page.get_by_role("button", name="Yes, delete the example").click()
    expect(page.get_by_role("status").first).to_contain_text("The example is deleted")
    assert not Example.objects.filter(pk=draft.pk).exists()


def test_a_logo_chosen_in_a_form_with_an_error_stays_attached(page, site, lead, library, logo_file):
    log_in(page, site, lead)
    page.goto(f"{site}/en/manage/{library.slug}/profile/")
    page.get_by_label("Postcode").fill("27")
    page.get_by_label("Logo").set_input_files(logo_file)
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("alert").first).to_be_focused()
    expect(page.get_by_text("Still attached:")).to_contain_text("logo.png")
    assert_accessible(page, "the profile form with a kept logo")
    page.get_by_label("Postcode").fill("2750")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("status").first).to_contain_text("profile has been saved")
    library.refresh_from_db()
    assert library.logo.name.startswith("logos/")
