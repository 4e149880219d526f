"""Signing a test client in the way a real login does, without the round trips."""

import time

from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.account.internal.userkit import user_id_to_str


def sign_in(client, user, *, second_factor: bool | None = None):
    """force_login plus allauth's record of how the session authenticated: a password and,
    for users with an authenticator (coordinators, operators), the TOTP code, as after
    allauth's login with its MFA stage. `second_factor=False` leaves the code out: a session
    opened with a password alone."""
    from allauth.mfa.models import Authenticator

    client.force_login(user)
    if second_factor is None:
        second_factor = Authenticator.objects.filter(user=user).exists()
    records = [{"method": "password", "at": time.time(), "email": user.email}]
    if second_factor:
        records.append({"method": "mfa", "at": time.time(), "type": "totp"})
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
    session.save()
    return client
