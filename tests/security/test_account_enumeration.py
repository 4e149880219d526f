"""Sign-up and password reset answer alike whether or not an address has an account."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "et-langt-og-godt-kodeord"


def sign_up(client, email):
    return client.post(
        "/accounts/signup/",
        {"name": "Nanna Ny", "email": email, "password1": PASSWORD, "password2": PASSWORD},
        follow=True,
    )


def test_sign_up_with_a_registered_address_reads_like_any_other(client, staff, mailoutbox):
    known = sign_up(client, staff.email)
    client.logout()
    unknown = sign_up(client, "ny-person@example.org")
    assert known.redirect_chain == unknown.redirect_chain
    assert known.status_code == unknown.status_code == 200
    assert "aria-invalid" not in known.content.decode()
    # The owner learns someone tried; the new address gets its confirmation.
    assert {tuple(m.to) for m in mailoutbox} == {(staff.email,), ("ny-person@example.org",)}


def test_password_reset_reads_the_same_for_any_address(client, staff, mailoutbox):
    known = client.post("/accounts/password/reset/", {"email": staff.email}, follow=True)
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.org"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert known.content.decode().replace(staff.email, "X") == unknown.content.decode().replace(
        "nobody@example.org", "X"
    )
    assert any(staff.email in m.to for m in mailoutbox)


def test_the_taken_address_is_not_given_away_by_the_sign_up_form(client):
    factories.UserFactory(email="taken@example.org")
    response = client.post(
        "/accounts/signup/",
        {"name": "T", "email": "taken@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
