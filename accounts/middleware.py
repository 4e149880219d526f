import time

from django.conf import settings
from django.contrib.auth import logout

_STARTED = "session_started_at"


class SessionLifetimeMiddleware:
    """End a signed-in session after SESSION_ABSOLUTE_LIFETIME, however active it is.

    The idle limit is SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.max_seconds = settings.SESSION_ABSOLUTE_LIFETIME.total_seconds()

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get(_STARTED)
            now = time.time()
            if started is None:
                request.session[_STARTED] = now
            elif now - started > self.max_seconds:
                logout(request)
        return self.get_response(request)


# Pages a coordinator or operator without two-factor may still reach: setting it up (allauth's
# MFA pages and the re-authentication they ask for), signing out, and the e-mail pages.
TWO_FACTOR_EXEMPT_URL_NAMES = frozenset(
    {
        "account_logout",
        "account_email",
        "account_confirm_email",
        "account_email_verification_sent",
        "account_reauthenticate",
        "healthz",
        "set_language",
    }
)


def needs_two_factor(user) -> bool:
    """Coordinators and operators must use TOTP two-factor authentication."""
    return user.is_authenticated and (user.is_superuser or user.is_coordinator)


def has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class RequireTwoFactorMiddleware:
    """Send a signed-in coordinator or operator without a TOTP authenticator to the page that
    sets one up, whatever they asked for (the few pages above excepted)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.exempt_prefixes = tuple(
            prefix for prefix in (settings.STATIC_URL, settings.MEDIA_URL) if prefix
        )

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and needs_two_factor(user)
            and not self._exempt(request)
            and not has_totp(user)
        ):
            from django.contrib import messages
            from django.shortcuts import redirect
            from django.utils.translation import gettext as _

            messages.warning(
                request,
                _(
                    "Coordinators and operators must use two-factor authentication. "
                    "Set up an authenticator app to continue."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _exempt(self, request) -> bool:
        from django.urls import Resolver404, resolve

        if request.path.startswith(self.exempt_prefixes):
            return True
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        name = match.url_name or ""
        return name.startswith("mfa_") or name in TWO_FACTOR_EXEMPT_URL_NAMES
