"""Passwords of 12 to 128 characters; sessions that end after 30 minutes idle and after 12
hours at most; an e-mail to the account when its password or e-mail address changes."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("length", [12, 64, 128])
def test_it_accepts_passwords_of_12_to_128_characters(length):
    validate_password(("grøn-omstilling-" * 10)[:length])


@pytest.mark.parametrize("length", [8, 11, 129, 500])
def test_it_refuses_shorter_or_longer_passwords(length):
    with pytest.raises(ValidationError):
        validate_password(("grøn-omstilling-" * 40)[:length])


def _signed_in(client) -> bool:
    return client.get("/dashboard/").status_code == 200


def test_a_session_ends_after_30_minutes_idle(client, staff):
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(staff)
        assert _signed_in(client)
        clock.shift(datetime.timedelta(minutes=29))
        assert _signed_in(client), "activity within 30 minutes keeps the session"
        clock.shift(datetime.timedelta(minutes=29))
        assert _signed_in(client), "each request renews the idle limit"
        clock.shift(datetime.timedelta(minutes=31))
        response = client.get("/dashboard/")
    assert response.status_code == 302 and "/accounts/login/" in response.headers["Location"]


def test_a_session_ends_after_12_hours_however_active(client, staff):
    start = datetime.datetime(2026, 3, 2, 7, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(staff)
        for _ in range(int(12 * 60 / 25)):  # a request every 25 minutes for 12 hours
            assert _signed_in(client)
            clock.shift(datetime.timedelta(minutes=25))
        clock.shift(datetime.timedelta(minutes=25))
        assert not _signed_in(client)


def test_changing_the_password_tells_the_account_by_email(client, staff, mailoutbox):
    client.force_login(staff)
    new = "en-helt-ny-adgangskode-2030"
    response = client.post(
        "/en/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )
    assert response.status_code == 302
    notices = [m for m in mailoutbox if staff.email in m.to]
    assert notices and re.search("password", notices[-1].subject, re.I)
    assert new not in notices[-1].body


def test_changing_the_email_address_tells_the_old_address(client, staff, mailoutbox):
    old = staff.email
    client.force_login(staff)
    client.post("/en/accounts/email/", {"action_add": "", "email": "soren@ny.example.org"})
    confirmation = next(m for m in mailoutbox if "soren@ny.example.org" in m.to)
    link = re.search(r"/accounts/confirm-email/[^\s/]+/", confirmation.body).group(0)
    client.post("/en" + link)
    staff.refresh_from_db()
    assert staff.email == "soren@ny.example.org"
    notices = [m for m in mailoutbox if old in m.to]
    assert notices, "the old address is told that the e-mail address changed"
