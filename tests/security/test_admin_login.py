"""The admin sits behind the portal's own login (allauth: rate limits, two-factor), and no
coordinator or operator with an authenticator gets anywhere on a password alone."""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from tests import factories
from tests.sessions import sign_in

pytestmark = pytest.mark.django_db

CODE_PAGE = "/accounts/2fa/reauthenticate/"


def target(response) -> tuple[str, str]:
    """The path a redirect goes to and its `next`."""
    from urllib.parse import parse_qs, urlsplit

    assert response.status_code == 302, response.status_code
    url = urlsplit(response.headers["Location"])
    return url.path, parse_qs(url.query).get("next", [""])[0]


def current_code(offset=0):
    return format_hotp_value(hotp_value(factories.TOTP_SECRET, int(time.time()) // 30 + offset))


@pytest.mark.parametrize(
    ("path", "back"),
    [("/admin/login/", "/admin/login/"), ("/admin/login/?next=/admin/core/", "/admin/core/")],
)
def test_an_anonymous_visitor_is_sent_to_the_portal_login(client, path, back):
    assert target(client.get(path)) == ("/accounts/login/", back)


def test_the_admin_index_leads_an_anonymous_visitor_to_the_portal_login(client):
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/accounts/login/?next=%2Fadmin%2F"
    assert 'name="password"' in response.content.decode()


def test_the_admin_s_own_login_form_does_not_sign_anyone_in(client, operator):
    response = client.post(
        "/admin/login/", {"username": operator.email, "password": factories.PASSWORD}
    )
    assert target(response)[0] == "/accounts/login/"
    assert "_auth_user_id" not in client.session


def test_the_english_admin_login_leads_to_the_english_portal_login(client):
    assert target(client.get("/en/admin/login/?next=/en/admin/")) == (
        "/en/accounts/login/",
        "/en/admin/",
    )


def test_signed_in_library_staff_are_refused(login, staff):
    assert login(staff).get("/admin/login/").status_code == 403


def test_a_signed_in_coordinator_goes_on_to_the_admin(login, coordinator):
    response = login(coordinator).get("/admin/login/")
    assert response.status_code == 302 and response.headers["Location"] == "/admin/"


@pytest.mark.parametrize("who", ["coordinator", "operator"])
@pytest.mark.parametrize("path", ["/admin/", "/review/", "/dashboard/", "/libraries/"])
def test_a_password_only_session_is_asked_for_the_code(client, request, who, path):
    user = request.getfixturevalue(who)
    sign_in(client, user, second_factor=False)
    assert target(client.get(path)) == (CODE_PAGE, path)


def test_a_session_without_any_record_counts_as_password_only(client, operator):
    client.force_login(operator)  # e.g. a login path that skipped allauth's stages
    assert client.get("/admin/").headers["Location"].startswith(CODE_PAGE)


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/2fa/",
        "/accounts/2fa/totp/deactivate/",
        "/accounts/2fa/recovery-codes/",
        "/accounts/2fa/recovery-codes/generate/",
        "/accounts/reauthenticate/",
        "/accounts/password/change/",
    ],
)
def test_a_password_only_session_cannot_touch_the_second_factor(client, operator, path):
    sign_in(client, operator, second_factor=False)
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith(CODE_PAGE)


def test_the_code_page_offers_no_way_round_the_code(client, operator):
    sign_in(client, operator, second_factor=False)
    page = client.get(CODE_PAGE + "?next=/admin/").content.decode()
    assert "/accounts/reauthenticate/" not in page


def test_entering_the_code_opens_the_admin(client, operator):
    sign_in(client, operator, second_factor=False)
    assert client.get(CODE_PAGE + "?next=/admin/").status_code == 200
    response = client.post(CODE_PAGE + "?next=/admin/", {"code": current_code()})
    assert response.status_code == 302 and response.headers["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_does_not(client, operator):
    sign_in(client, operator, second_factor=False)
    client.post(CODE_PAGE, {"code": "000000"})
    assert client.get("/admin/").status_code == 302


def test_a_real_login_with_totp_reaches_the_admin(client, operator):
    response = client.post(
        "/accounts/login/?next=/admin/",
        {"login": operator.email, "password": factories.PASSWORD},
    )
    assert response.headers["Location"].startswith("/accounts/2fa/authenticate/")
    response = client.post("/accounts/2fa/authenticate/", {"code": current_code()})
    assert response.status_code == 302 and response.headers["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/libraries/library/").status_code == 200


@pytest.mark.django_db(transaction=True)  # allauth records the new authenticator on commit
def test_setting_up_totp_counts_as_using_it(client):
    """A coordinator made to set up TOTP has just typed a code from it: no second prompt."""
    coordinator = factories.CoordinatorFactory(totp=False)
    sign_in(client, coordinator)
    session = client.session
    session["account_authentication_methods"][0]["reauthenticated"] = True
    session.save()
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = page.context["form"].secret
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post("/accounts/2fa/totp/activate/", {"code": code})
    assert response.status_code == 302
    assert client.get("/dashboard/").status_code == 200


def test_anyone_the_admin_lets_in_needs_two_factor(client):
    """An is_staff user who is neither superuser nor coordinator reaches the admin too."""
    user = factories.UserFactory(is_staff=True)
    sign_in(client, user)
    assert target(client.get("/admin/")) == ("/accounts/2fa/totp/activate/", "")
