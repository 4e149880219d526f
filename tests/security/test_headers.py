"""The headers every response carries (as served by the test settings, DEBUG off)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def response(client):
    return client.get("/", secure=True)


def test_it_sends_a_content_security_policy_without_inline_scripts(response):
    policy = dict(
        part.strip().split(" ", 1)
        for part in response.headers["Content-Security-Policy"].split(";")
    )
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["frame-ancestors"] == "'none'"
    assert policy["default-src"] == "'self'"


def test_it_sends_hsts_over_https(response):
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]
    assert "includeSubDomains" in response.headers["Strict-Transport-Security"]


def test_it_sends_nosniff_referrer_policy_and_frame_options(response):
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_session_cookie_is_httponly_and_samesite(client, staff):
    from tests.factories import PASSWORD

    response = client.post("/en/accounts/login/", {"login": staff.email, "password": PASSWORD})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
