"""Failed logins and refused accesses go to the `verdensmaal.security` logger, without
passwords or tokens."""

import pytest
from django.test import Client

from accounts.security import safe_path
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

WRONG = "definitely-not-the-password-42"


def _messages(log):
    return [r.getMessage() for r in log.records if r.name == "verdensmaal.security"]


def test_a_failed_login_is_logged_without_the_password(client, staff, security_log):
    client.post("/en/accounts/login/", {"login": staff.email, "password": WRONG})
    logged = _messages(security_log)
    assert any("login failed" in m and staff.email in m for m in logged), logged
    assert not any(WRONG in m for m in logged)


def test_a_successful_login_is_not_logged_as_failed(client, staff, security_log):
    client.post("/en/accounts/login/", {"login": staff.email, "password": PASSWORD})
    assert not any("login failed" in m for m in _messages(security_log))


def test_a_refused_page_is_logged_with_403(login, staff, library, security_log):
    login(staff).get(f"/manage/{library.slug}/profile/?token=abc")
    logged = _messages(security_log)
    assert any(f"status=403 user={staff.pk} GET /manage/ballerup/profile/" in m for m in logged)
    assert not any("token=abc" in m for m in logged)


def test_another_librarys_page_is_logged_with_404(login, outsider, library, security_log):
    login(outsider).get(f"/manage/{library.slug}/members/")
    assert any(
        f"status=404 user={outsider.pk} GET /manage/ballerup/members/" in m
        for m in _messages(security_log)
    )


def test_a_csrf_failure_is_logged(staff, security_log):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    response = client.post("/join/ballerup/", {"message": "hej"})
    assert response.status_code == 403
    assert any("CSRF" in m and "status=403" in m for m in _messages(security_log))


def test_tokens_in_allauth_links_are_cut_out_of_logged_paths():
    assert (
        safe_path("/accounts/confirm-email/Mg:1xUw:SNDV/") == "/accounts/confirm-email/[redacted]/"
    )
    assert (
        safe_path("/en/accounts/password/reset/key/2-ck7z-abc123/?x=1")
        == "/en/accounts/password/reset/key/[redacted]/"
    )
