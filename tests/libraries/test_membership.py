import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from core.models import AuditEvent
from libraries.models import Library, Membership
from tests import factories

pytestmark = pytest.mark.django_db


def _pending(user, library):
    return factories.MembershipFactory(
        user=user, library=library, status=Membership.Status.PENDING, decided_at=None
    )


def test_the_whole_journey_sign_up_confirm_join_and_be_accepted(
    client, lead, library, mailoutbox, django_capture_on_commit_callbacks
):
    response = client.post(
        "/accounts/signup/",
        {
            "name": "Nanna Ny",
            "email": "nanna@example.org",
            "password1": "et-langt-og-godt-kodeord",
            "password2": "et-langt-og-godt-kodeord",
        },
    )
    assert response.status_code == 302
    confirmation = mailoutbox[-1]
    assert confirmation.to == ["nanna@example.org"]
    confirm_url = next(
        word for word in confirmation.body.split() if "/accounts/confirm-email/" in word
    )
    path = confirm_url.split("testserver", 1)[-1]
    client.post(path)
    assert EmailAddress.objects.get(email="nanna@example.org").verified

    assert client.login(email="nanna@example.org", password="et-langt-og-godt-kodeord")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/join/{library.slug}/", {"message": "Jeg er ny i børneafdelingen."}
        )
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="nanna@example.org", library=library)
    assert membership.status == Membership.Status.PENDING
    assert mailoutbox[-1].to == [lead.email]

    client.force_login(lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/manage/{library.slug}/members/{membership.pk}/accept/")
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert membership.role == Membership.Role.STAFF
    assert mailoutbox[-1].to == ["nanna@example.org"]
    assert "medlem" in mailoutbox[-1].subject
    assert AuditEvent.objects.filter(verb="membership.accepted", library=library).exists()


def test_an_unconfirmed_email_cannot_log_in(client):
    factories.UserFactory(email="unconfirmed@example.org", verified=False)
    response = client.post(
        "/accounts/login/",
        {"login": "unconfirmed@example.org", "password": factories.PASSWORD},
    )
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_a_non_lead_cannot_accept_members(login, staff, library):
    newcomer = _pending(factories.UserFactory(), library)
    response = login(staff).post(f"/manage/{library.slug}/members/{newcomer.pk}/accept/")
    assert response.status_code == 403
    newcomer.refresh_from_db()
    assert newcomer.status == Membership.Status.PENDING


def test_staff_of_another_library_get_404_on_the_members_page(login, outsider, library):
    assert login(outsider).get(f"/manage/{library.slug}/members/").status_code == 404


def test_anonymous_visitors_are_sent_to_login(client, library):
    response = client.get(f"/manage/{library.slug}/members/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_user_cannot_accept_their_own_request(login, coordinator, library, lead):
    own = _pending(coordinator, library)
    response = login(coordinator).post(f"/manage/{library.slug}/members/{own.pk}/accept/")
    assert response.status_code == 403
    own.refresh_from_db()
    assert own.status == Membership.Status.PENDING


def test_the_last_lead_cannot_be_removed_or_demoted(login, lead, library):
    membership = Membership.objects.get(user=lead, library=library)
    client = login(lead)
    response = client.post(f"/manage/{library.slug}/members/{membership.pk}/remove/", follow=True)
    assert "sidste leder" in response.content.decode()
    client.post(f"/manage/{library.slug}/members/{membership.pk}/make-staff/")
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert membership.role == Membership.Role.LEAD


def test_a_lead_can_make_another_member_lead_and_then_step_down(login, lead, staff, library):
    client = login(lead)
    staff_membership = Membership.objects.get(user=staff, library=library)
    client.post(f"/manage/{library.slug}/members/{staff_membership.pk}/make-lead/")
    staff_membership.refresh_from_db()
    assert staff_membership.is_lead
    own = Membership.objects.get(user=lead, library=library)
    client.post(f"/manage/{library.slug}/members/{own.pk}/make-staff/")
    own.refresh_from_db()
    assert own.role == Membership.Role.STAFF


def test_a_library_without_a_lead_gets_its_first_lead_from_a_coordinator(login, coordinator):
    library = Library.objects.get(slug="dragoer")
    first = _pending(factories.UserFactory(), library)
    response = login(coordinator).post(f"/manage/{library.slug}/members/{first.pk}/accept/")
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.is_lead
    library.refresh_from_db()
    assert library.participating_since is not None


def test_asking_to_join_twice_gets_a_clear_message(login, library):
    user = factories.UserFactory()
    client = login(user)
    client.post(f"/join/{library.slug}/", {"message": "Hej"})
    response = client.post(f"/join/{library.slug}/", {"message": "Hej igen"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "allerede bedt om" in html
    assert "Hej igen" in html
    assert Membership.objects.filter(user=user, library=library).count() == 1


def test_the_join_page_searches_by_name_and_municipality(login):
    client = login(factories.UserFactory())
    html = client.get("/join/?q=Ballerup").content.decode()
    assert "Ballerup Bibliotekerne" in html
    assert "Rudersdal" not in html


def test_the_join_page_keeps_a_flat_query_count(login, django_assert_max_num_queries):
    client = login(factories.UserFactory())
    with django_assert_max_num_queries(8):
        client.get("/join/")


def test_declined_users_are_told_by_email(
    login, lead, library, mailoutbox, django_capture_on_commit_callbacks
):
    request = _pending(factories.UserFactory(email="decline-me@example.org"), library)
    with django_capture_on_commit_callbacks(execute=True):
        login(lead).post(f"/manage/{library.slug}/members/{request.pk}/decline/")
    request.refresh_from_db()
    assert request.status == Membership.Status.DECLINED
    assert mail.outbox[-1].to == ["decline-me@example.org"]
