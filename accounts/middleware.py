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

# Pages a coordinator or operator who HAS an authenticator, in a session that has not used it,
# may reach: entering the code and signing out. Not the other MFA pages: with a password alone
# they could show recovery codes or swap the authenticator for one of their own.
SECOND_FACTOR_PENDING_URL_NAMES = frozenset(
    {"mfa_reauthenticate", "mfa_authenticate", "account_logout", "healthz", "set_language"}
)


def needs_two_factor(user) -> bool:
    """Coordinators and operators must use TOTP two-factor authentication, and so must
    anyone else the admin lets in (is_staff)."""
    return user.is_authenticated and (user.is_superuser or user.is_staff or user.is_coordinator)


def has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def used_second_factor(request) -> bool:
    """Did this session sign in (or re-authenticate) with an authenticator, not a password
    alone? allauth records each authentication step of the session."""
    from allauth.account.authentication import get_authentication_records

    return any(
        record.get("method") == "mfa"
        for record in get_authentication_records(request, request.user)
    )


def second_factor_pending(request) -> bool:
    """A user who must use two-factor and has an authenticator, in a session that has not
    used it yet: only the code opens the portal to them."""
    user = request.user
    return needs_two_factor(user) and has_totp(user) and not used_second_factor(request)


class RequireTwoFactorMiddleware:
    """Coordinators and operators reach the portal and the admin only with two-factor:
    without a TOTP authenticator they are sent to set one up; with one, but in a session that
    did not use it (one that skipped allauth's MFA stage), they are asked for the code first.
    The few pages above are exempt."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.exempt_prefixes = tuple(
            prefix for prefix in (settings.STATIC_URL, settings.MEDIA_URL) if prefix
        )

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not needs_two_factor(user) or self._static(request):
            return self.get_response(request)
        name = self._url_name(request)
        if not has_totp(user):
            if not (name.startswith("mfa_") or name in TWO_FACTOR_EXEMPT_URL_NAMES):
                return self._set_up(request)
        elif not used_second_factor(request) and name not in SECOND_FACTOR_PENDING_URL_NAMES:
            return self._enter_code(request)
        return self.get_response(request)

    @staticmethod
    def _set_up(request):
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

    @staticmethod
    def _enter_code(request):
        from django.contrib import messages
        from django.contrib.auth import REDIRECT_FIELD_NAME
        from django.http import HttpResponseRedirect
        from django.shortcuts import resolve_url
        from django.urls import reverse
        from django.utils.http import urlencode
        from django.utils.translation import gettext as _

        messages.warning(
            request,
            _(
                "This session was opened with your password alone. Enter the code from your "
                "authenticator app to continue."
            ),
        )
        # A form sent meanwhile cannot be replayed: back to the page, or to the dashboard.
        if request.method in ("GET", "HEAD"):
            back = request.get_full_path()
        else:
            back = resolve_url(settings.LOGIN_REDIRECT_URL)
        return HttpResponseRedirect(
            reverse("mfa_reauthenticate") + "?" + urlencode({REDIRECT_FIELD_NAME: back})
        )

    def _static(self, request) -> bool:
        return request.path.startswith(self.exempt_prefixes)

    @staticmethod
    def _url_name(request) -> str:
        from django.urls import Resolver404, resolve

        try:
            match = resolve(request.path_info)
        except Resolver404:
            return ""
        return match.url_name or ""
