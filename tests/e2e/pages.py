"""Small helpers for journeys: act as a person would (labels, roles, the keyboard)."""

import re

from playwright.sync_api import expect

from tests.factories import PASSWORD

# "Password" but not "Password (again)"; labels end with a required marker.
PASSWORD_LABEL = re.compile(r"^Password(?! \(again\))")
CONFIRM_LINK = re.compile(r"https?://\S+/accounts/confirm-email/[^\s/]+/")


def tab_to(page, locator, *, max_presses: int = 40) -> None:
    """Press Tab until `locator` has the focus, as a keyboard user would; fail if it never
    gets it (it is not reachable by keyboard)."""
    for _ in range(max_presses):
        if locator.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{locator} cannot be reached with the Tab key")


def log_in(page, site: str, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{site}/en/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label(PASSWORD_LABEL).fill(password)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My overview")


def confirmation_link(mailoutbox, address: str) -> str:
    mails = [m for m in mailoutbox if address in m.to]
    assert mails, f"no e-mail was sent to {address}"
    match = CONFIRM_LINK.search(mails[-1].body)
    assert match, f"no confirmation link in:\n{mails[-1].body}"
    return match.group(0)
