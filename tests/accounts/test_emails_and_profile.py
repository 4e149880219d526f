"""allauth's e-mails name the portal and link to its public address; confirming one's e-mail
signs one in; one's details (name, job title) are edited on the account pages."""

import re

import pytest
from allauth.account.models import EmailAddress

from accounts.models import User
from core.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db

CONFIRM_PATH = re.compile(r"https?://[^/\s]+(/(?:en/)?accounts/confirm-email/[^\s/]+/)")


def _signup(client, prefix=""):
    return client.post(
        f"{prefix}/accounts/signup/",
        {
            "name": "Nanna Ny",
            "email": "nanna@example.org",
            "password1": "et-langt-og-godt-kodeord",
            "password2": "et-langt-og-godt-kodeord",
        },
    )


def test_the_confirmation_email_names_the_portal_and_links_to_its_public_address(
    client, mailoutbox, settings
):
    settings.SITE_URL = "https://verdensmaal.example.org"
    _signup(client, prefix="")  # the request comes in as http://testserver
    message = mailoutbox[-1]
    assert message.subject.startswith("[Verdensmålsportalen] ")
    assert "testserver" not in message.body
    assert "127.0.0.1" not in message.body
    assert "Verdensmålsportalen" in message.body
    assert "https://verdensmaal.example.org/accounts/confirm-email/" in message.body


def test_the_password_reset_link_uses_the_public_address(client, mailoutbox, settings, staff):
    settings.SITE_URL = "https://verdensmaal.example.org"
    client.post("/en/accounts/password/reset/", {"email": staff.email})
    body = mailoutbox[-1].body
    assert "https://verdensmaal.example.org/en/accounts/password/reset/key/" in body
    assert "testserver" not in body


def test_confirming_the_email_in_the_same_browser_signs_the_user_in(client, mailoutbox):
    response = _signup(client)
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session  # mandatory verification: not signed in yet
    path = CONFIRM_PATH.search(mailoutbox[-1].body).group(1)
    response = client.post(path)
    assert response.status_code == 302
    user = User.objects.get(email="nanna@example.org")
    assert EmailAddress.objects.get(user=user).verified
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get(response["Location"], follow=True).status_code == 200


def test_confirming_in_another_browser_confirms_but_asks_to_sign_in(client, mailoutbox):
    from django.test import Client

    _signup(client)
    path = CONFIRM_PATH.search(mailoutbox[-1].body).group(1)
    other_browser = Client()
    response = other_browser.post(path)
    assert response.status_code == 302
    assert "_auth_user_id" not in other_browser.session
    assert EmailAddress.objects.get(email="nanna@example.org").verified


def test_the_profile_page_saves_name_and_job_title(login, coordinator):
    client = login(coordinator)
    response = client.get("/accounts/profile/")
    assert response.status_code == 200
    assert 'autocomplete="organization-title"' in response.content.decode()
    response = client.post(
        "/accounts/profile/", {"name": "Karin Koordinator", "job_title": "Verdensmålskoordinator"}
    )
    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert (coordinator.name, coordinator.job_title) == (
        "Karin Koordinator",
        "Verdensmålskoordinator",
    )
    event = AuditEvent.objects.get(verb="account.profile_changed")
    assert event.data == {"fields": ["job_title", "name"]}


def test_the_profile_page_needs_a_name_and_keeps_what_was_typed(login, staff):
    response = login(staff).post("/accounts/profile/", {"name": " ", "job_title": "Bibliotekar"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_name_error"' in html
    assert 'value="Bibliotekar"' in html


def test_the_job_title_is_in_the_personal_data_export(login):
    user = factories.UserFactory(job_title="Formidler")
    data = login(user).get("/accounts/privacy/export/").json()
    assert data["account"]["job_title"] == "Formidler"
