"""Small helpers for journeys: act as a person would (labels, roles, the keyboard)."""

import re
import time

from playwright.sync_api import expect

from tests.factories import PASSWORD, TOTP_SECRET

# "Password" but not "Password (again)"; labels end with a required marker.
PASSWORD_LABEL = re.compile(r"^Password(?! \(again\))")
TOTP_PERIOD = 30  # seconds (allauth's default)
CONFIRM_LINK = re.compile(r"https?://\S+/accounts/confirm-email/[^\s/]+/")


def tab_to(page, locator, *, max_presses: int = 40) -> None:
    """Press Tab until `locator` has the focus, as a keyboard user would; fail if it never
    gets it (it is not reachable by keyboard)."""
    for _ in range(max_presses):
        if locator.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{locator} cannot be reached with the Tab key")


def totp_code(user, secret: str = TOTP_SECRET) -> str:
    """The code the user's authenticator app shows now. allauth refuses a code used once in
    the same 30 s (replay protection, kept in the cache); a test may log the same user in
    twice, so the mark of an earlier use is dropped here, as if the next period had come.
    The portal allows no clock tolerance, so a code about to expire is not typed: like a
    person, the test waits for the next one."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from django.core.cache import cache

    left = TOTP_PERIOD - time.time() % TOTP_PERIOD
    if left < 3:
        time.sleep(left + 0.1)
    code = format_hotp_value(hotp_value(secret, int(time.time()) // TOTP_PERIOD))
    cache.delete(f"allauth.mfa.totp.used?user={user.pk}&code={code}")
    return code


def log_in(page, site: str, user_or_email, password: str = PASSWORD) -> None:
    """Log in on the login page; a user with TOTP (coordinators, operators; pass the user)
    types the code from their authenticator app on the second step."""
    email = getattr(user_or_email, "email", user_or_email)
    page.goto(f"{site}/en/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label(PASSWORD_LABEL).fill(password)
    page.get_by_role("button", name="Sign in").click()
    if "/2fa/authenticate/" in page.url:
        page.get_by_label("Code").fill(totp_code(user_or_email))
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My overview")


def confirmation_link(mailoutbox, address: str) -> str:
    mails = [m for m in mailoutbox if address in m.to]
    assert mails, f"no e-mail was sent to {address}"
    match = CONFIRM_LINK.search(mails[-1].body)
    assert match, f"no confirmation link in:\n{mails[-1].body}"
    return match.group(0)
