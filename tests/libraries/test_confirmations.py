"""No one-click loss (issue 16, item 5): removing a member, declining a request to join and
withdrawing one's own request each ask first, on a page that says what will happen; GET only
shows it, POST does it."""

import pytest

from core.models import AuditEvent
from libraries.models import Membership
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(library):
    user = factories.UserFactory(name="Nina Nyansat")
    factories.MembershipFactory(
        user=user, library=library, status=Membership.Status.PENDING, message="Jeg er ny."
    )
    return user


def test_the_members_page_links_to_the_confirmations_instead_of_acting(
    login, lead, staff, newcomer, library
):
    html = login(lead).get(f"/en/manage/{library.slug}/members/").content.decode()
    staff_pk = Membership.objects.get(user=staff).pk
    pending_pk = Membership.objects.get(user=newcomer).pk
    assert f'href="/en/manage/{library.slug}/members/{staff_pk}/remove/"' in html
    assert f'href="/en/manage/{library.slug}/members/{pending_pk}/decline/"' in html
    assert f'action="/en/manage/{library.slug}/members/{staff_pk}/remove/"' not in html


def test_removing_a_member_asks_first_and_says_what_happens(login, lead, staff, library):
    membership = Membership.objects.get(user=staff, library=library)
    url = f"/en/manage/{library.slug}/members/{membership.pk}/remove/"
    client = login(lead)
    html = client.get(url).content.decode()
    assert f"Remove {staff.name} from" in html
    assert "will no longer be able to see or edit" in html
    assert 'method="post"' in html
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE  # GET changed nothing
    response = client.post(url)
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == Membership.Status.REMOVED


def test_declining_asks_first_and_shows_the_message(
    login, lead, newcomer, library, mailoutbox, django_capture_on_commit_callbacks
):
    membership = Membership.objects.get(user=newcomer)
    url = f"/en/manage/{library.slug}/members/{membership.pk}/decline/"
    client = login(lead)
    html = client.get(url).content.decode()
    assert "Decline the request from Nina Nyansat?" in html and "Jeg er ny." in html
    assert not mailoutbox
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.DECLINED
    assert [m.to for m in mailoutbox] == [[newcomer.email]]


def test_a_confirmation_page_only_exists_for_a_membership_it_applies_to(
    login, lead, staff, newcomer, library
):
    client = login(lead)
    active = Membership.objects.get(user=staff).pk
    pending = Membership.objects.get(user=newcomer).pk
    assert client.get(f"/manage/{library.slug}/members/{active}/decline/").status_code == 404
    assert client.get(f"/manage/{library.slug}/members/{pending}/remove/").status_code == 404


def test_one_click_remove_and_decline_are_gone_from_the_generic_action(login, lead, staff, library):
    """The old one-click actions went through member_action; the paths now ask first (GET)
    and no other action name removes anybody."""
    membership = Membership.objects.get(user=staff)
    response = login(lead).post(f"/manage/{library.slug}/members/{membership.pk}/kick/")
    assert response.status_code == 404


def test_a_user_withdraws_their_own_request_after_confirming(login, newcomer, library):
    client = login(newcomer)
    dashboard = client.get("/en/dashboard/").content.decode()
    assert f'href="/en/join/{library.slug}/withdraw/"' in dashboard
    html = client.get(f"/en/join/{library.slug}/withdraw/").content.decode()
    assert "Withdraw your request to join" in html
    assert Membership.objects.filter(user=newcomer).exists()
    response = client.post(f"/en/join/{library.slug}/withdraw/")
    assert response.status_code == 302
    assert not Membership.objects.filter(user=newcomer).exists()
    assert AuditEvent.objects.filter(verb="membership.withdrawn").exists()
    # Nothing left to withdraw.
    assert client.get(f"/en/join/{library.slug}/withdraw/").status_code == 404


def test_nobody_withdraws_someone_elses_request(login, lead, newcomer, library):
    assert login(lead).post(f"/join/{library.slug}/withdraw/").status_code == 404
    assert Membership.objects.filter(user=newcomer).exists()
