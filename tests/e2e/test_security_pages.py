"""The pages issue 12 adds, seen in a browser: the 'too many attempts' page and the prompt for
the authenticator code in a session opened with a password alone (axe-core, 320 px)."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.pages import PASSWORD_LABEL, totp_code
from tests.sessions import sign_in

pytestmark = pytest.mark.e2e


def test_too_many_logins_get_a_page_in_the_portal_s_layout(page, site, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "1/m/ip"}
    for _ in range(2):
        page.goto(f"{site}/en/accounts/login/")
        page.get_by_label("Email").fill("someone@example.org")
        page.get_by_label(PASSWORD_LABEL).fill("not-the-password-at-all")
        page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Too many "))
    expect(page.get_by_role("navigation", name="Main navigation")).to_be_visible()
    assert_accessible(page, "the 'too many attempts' page")


def test_a_password_only_session_is_asked_for_the_code_and_then_reaches_the_admin(
    page, site, operator
):
    client = Client()
    sign_in(client, operator, second_factor=False)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site}]
    )
    page.goto(f"{site}/en/admin/")
    expect(page.get_by_role("status")).to_contain_text("password alone")
    expect(page.get_by_text("Use your password")).to_have_count(0)  # it would lead back here
    assert_accessible(page, "the authenticator code prompt")
    page.get_by_label("Code").fill(totp_code(operator))
    page.get_by_role("button").filter(has_text="Confirm").click()
    expect(page).to_have_url(f"{site}/en/admin/")
    expect(page.get_by_text("Site administration")).to_be_visible()
