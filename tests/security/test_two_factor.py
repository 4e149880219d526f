"""Coordinators and operators must use TOTP two-factor authentication."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

SETUP = "/accounts/2fa/totp/activate/"


@pytest.mark.parametrize("factory", [factories.CoordinatorFactory, factories.OperatorFactory])
def test_without_totp_they_are_sent_to_set_it_up(client, factory):
    user = factory(totp=False)
    client.force_login(user)
    for path in ("/dashboard/", "/", "/manage/ballerup/members/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"] == SETUP


def test_they_may_set_it_up_sign_out_and_manage_their_email(client):
    client.force_login(factories.CoordinatorFactory(totp=False))
    # The setup page asks to confirm the password first; both are reachable.
    setup = client.get(SETUP)
    assert setup.status_code in (200, 302)
    if setup.status_code == 302:
        assert "/accounts/reauthenticate/" in setup.headers["Location"]
        assert client.get(setup.headers["Location"]).status_code == 200
    assert client.get("/accounts/2fa/").status_code == 200
    assert client.get("/accounts/email/").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302


def test_with_totp_they_go_where_they_asked(login, coordinator, operator):
    assert login(coordinator).get("/dashboard/").status_code == 200
    assert login(operator).get("/dashboard/").status_code == 200


def test_other_users_are_not_asked_for_two_factor(login, staff, lead):
    assert login(staff).get("/dashboard/").status_code == 200
    assert login(lead).get("/dashboard/").status_code == 200


def test_signing_in_with_totp_asks_for_the_code(client, coordinator):
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    response = client.post(
        "/en/accounts/login/", {"login": coordinator.email, "password": factories.PASSWORD}
    )
    assert response.headers["Location"] == "/en/accounts/2fa/authenticate/"
    assert client.get("/en/dashboard/").status_code == 302  # not signed in yet
    counters = list(yield_hotp_counters_from_time())
    counter = counters[len(counters) // 2]  # the current period
    code = format_hotp_value(hotp_value(factories.TOTP_SECRET, counter))
    response = client.post("/en/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302
    assert client.get("/en/dashboard/").status_code == 200


def test_the_demo_coordinator_and_operator_have_totp_with_the_printed_secret():
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

    from libraries.demo import DEMO_TOTP_SECRET, build_context

    context = build_context(library_count=1, examples=0, password="demo-password-2030")
    assert any(DEMO_TOTP_SECRET in line for line in context.log)
    for email in ("coordinator@example.org", "operator@example.org"):
        authenticator = Authenticator.objects.get(user__email=email, type="totp")
        secret = TOTP(authenticator).instance.data["secret"]
        from allauth.mfa.utils import decrypt

        assert decrypt(secret) == DEMO_TOTP_SECRET
    assert format_hotp_value(hotp_value(DEMO_TOTP_SECRET, 1))  # a valid base32 secret
