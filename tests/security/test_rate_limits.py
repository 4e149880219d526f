"""allauth's rate limits, set explicitly (settings.ACCOUNT_RATE_LIMITS), keyed on the real
client address behind the trusted proxy hop, and shown on a page in the portal's layout.
Every test starts with an empty cache (tests/conftest.py), where allauth keeps its counts."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.test import Client

from tests import factories
from tests.sessions import sign_in

pytestmark = pytest.mark.django_db

WRONG = "definitely-not-the-password-42"


def client_at(address: str, **headers) -> Client:
    return Client(REMOTE_ADDR=address, **headers)


def log_in(client, email, password=factories.PASSWORD, **extra):
    return client.post("/accounts/login/", {"login": email, "password": password}, **extra)


def signed_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


def refused_as_too_many(response) -> bool:
    """allauth's form error for the `login_failed` limit, in the page's language."""
    from allauth.account.adapter import get_adapter

    message = str(get_adapter().error_messages["too_many_login_attempts"])
    return response.status_code == 200 and message in response.content.decode()


def test_the_limits_are_set_explicitly_and_only_with_real_allauth_settings():
    assert not hasattr(settings, "ACCOUNT_RATE_LIMITS_ENABLED")
    for action in (
        "login",
        "login_failed",
        "signup",
        "reset_password",
        "reset_password_from_key",
        "confirm_email",
        "change_password",
        "manage_email",
        "reauthenticate",
    ):
        assert settings.ACCOUNT_RATE_LIMITS.get(action), action


def test_ten_bad_passwords_from_one_client_do_not_lock_the_owner_out_elsewhere(staff):
    attacker = client_at("203.0.113.7")
    responses = [log_in(attacker, staff.email, WRONG) for _ in range(10)]
    assert refused_as_too_many(responses[-1])
    assert not signed_in(log_in(attacker, staff.email)), "the attacking client stays slowed"

    owner = client_at("198.51.100.2")
    assert signed_in(log_in(owner, staff.email))


def test_one_client_is_slowed_down_across_accounts():
    client = client_at("203.0.113.8")
    for number in range(10):
        log_in(client, f"nobody{number}@example.org", WRONG)
    assert refused_as_too_many(log_in(client, "someone-else@example.org", WRONG))


def test_behind_the_proxy_the_limit_follows_the_address_the_proxy_saw(
    settings, staff, security_log
):
    settings.TRUSTED_PROXY_HOPS = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    # The attacker writes a new first X-Forwarded-For entry each time; the proxy appends the
    # address it really saw.
    attacker = [
        log_in(
            client_at(proxy),
            staff.email,
            WRONG,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.9",
        )
        for n in range(6)
    ]
    assert refused_as_too_many(attacker[-1])
    owner = log_in(client_at(proxy), staff.email, HTTP_X_FORWARDED_FOR="198.51.100.3")
    assert signed_in(owner)
    logged = [r.getMessage() for r in security_log.records if "login failed" in r.getMessage()]
    assert logged and all("ip=203.0.113.9" in line for line in logged)


def test_wrong_two_factor_codes_are_limited_per_account(operator):
    client = client_at("203.0.113.10")
    log_in(client, operator.email)
    for _ in range(5):
        client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    code = format_hotp_value(hotp_value(factories.TOTP_SECRET, int(time.time()) // 30))
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 200, "even the right code waits after five wrong ones"
    assert "_auth_user_id" not in client.session


def test_too_many_logins_from_one_client_get_the_portal_s_429_page():
    client = client_at("203.0.113.11")
    statuses = [log_in(client, "x@example.org", WRONG).status_code for _ in range(31)]
    assert statuses[:30].count(429) == 0
    response = log_in(client, "x@example.org", WRONG)
    assert response.status_code == 429
    html = response.content.decode()
    assert '<html lang="da">' in html and 'class="site-header"' in html
    assert "<h1>For mange" in html and "Too many" not in html  # in Danish
    english = client.post("/en/accounts/login/", {"login": "x@example.org", "password": WRONG})
    assert english.status_code == 429 and "<h1>Too many" in english.content.decode()


def _signup(client, number):
    password = "et-langt-og-godt-kodeord"
    return client.post(
        "/accounts/signup/",
        {
            "name": "Nanna Ny",
            "email": f"nanna{number}@example.org",
            "password1": password,
            "password2": password,
        },
    )


def test_sign_ups_are_limited_per_client():
    client = client_at("203.0.113.12")
    assert all(_signup(client, n).status_code == 302 for n in range(20))
    assert _signup(client, 21).status_code == 429
    assert _signup(client_at("198.51.100.4"), 22).status_code == 302


def test_password_reset_mails_to_one_address_are_limited(staff, mailoutbox):
    for n in range(5):
        response = client_at(f"203.0.113.{20 + n}").post(
            "/accounts/password/reset/", {"email": staff.email}
        )
        assert response.status_code == 302
    assert len(mailoutbox) == 5
    response = client_at("203.0.113.30").post("/accounts/password/reset/", {"email": staff.email})
    assert response.status_code == 429
    assert len(mailoutbox) == 5


def test_password_reset_links_are_limited_per_client():
    client = client_at("203.0.113.13")
    for _ in range(20):
        client.post("/accounts/password/reset/key/1-set-password/", {})
    assert client.post("/accounts/password/reset/key/1-set-password/", {}).status_code == 429


@pytest.mark.parametrize(
    ("path", "data", "allowed"),
    [
        ("/accounts/password/change/", {"oldpassword": WRONG}, 5),
        ("/accounts/email/", {"action_add": "", "email": "x"}, 10),
        ("/accounts/reauthenticate/", {"password": WRONG}, 10),
    ],
)
def test_signed_in_users_are_limited_per_account(client, staff, path, data, allowed):
    sign_in(client, staff)
    assert all(client.post(path, data).status_code != 429 for _ in range(allowed))
    assert client.post(path, data).status_code == 429


def test_confirmation_mails_to_one_address_wait_three_minutes(client, staff, mailoutbox):
    sign_in(client, staff)
    client.post("/accounts/email/", {"action_add": "", "email": "ny@example.org"})
    sent = len(mailoutbox)
    client.post("/accounts/email/", {"action_send": "", "email": "ny@example.org"})
    assert len(mailoutbox) == sent


def test_the_rate_limit_page_exists_in_both_languages():
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string
    from django.test import RequestFactory
    from django.utils import translation

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with translation.override("en"):
        html = render_to_string("429.html", request=request)
    assert re.search(r"<h1>Too many \w+</h1>", html)
