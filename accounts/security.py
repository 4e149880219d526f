"""Security events to the `verdensmaal.security` logger: failed logins and refused accesses.

Never logged: passwords, tokens (the keys in e-mail confirmation and password reset links are
cut out of paths), query strings, session or CSRF values.
"""

import logging
import re

from allauth.mfa.signals import authenticator_added
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.http import Http404

logger = logging.getLogger("verdensmaal.security")

# allauth's links that carry a secret in the path.
_TOKEN_IN_PATH = re.compile(r"(confirm-email|password/reset/key|login/code/confirm)/[^/]+")


def safe_path(path: str) -> str:
    """The request path without its query string and with any token replaced."""
    return _TOKEN_IN_PATH.sub(r"\1/[redacted]", path.split("?", 1)[0])


def client_ip(request) -> str:
    """The client's address: the one the trusted proxy hops saw (settings.TRUSTED_PROXY_HOPS),
    never an X-Forwarded-For entry the client could have written itself."""
    if request is None:
        return ""
    hops = settings.TRUSTED_PROXY_HOPS
    forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


@receiver(authenticator_added, dispatch_uid="verdensmaal.security.totp_activated")
def count_activation_as_second_factor(sender, request, user, authenticator, **kwargs):
    """Setting up TOTP means typing a code from the new authenticator: the session has used
    its second factor (accounts.middleware asks for a code otherwise)."""
    from allauth.account.internal.flows.login import record_authentication

    if request is not None and getattr(request, "user", None) == user:
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)


def _who(request) -> str:
    user = getattr(request, "user", None)
    return f"user={user.pk}" if user is not None and user.is_authenticated else "user=anonymous"


@receiver(user_login_failed, dispatch_uid="verdensmaal.security.login_failed")
def log_failed_login(sender, credentials, request=None, **kwargs):
    # Django has already masked the sensitive credentials; log only the login name given.
    login = credentials.get("email") or credentials.get("username") or credentials.get("login")
    logger.warning("login failed login=%r ip=%s", str(login or "")[:254], client_ip(request))


def log_refused(request, status: int, reason: str) -> None:
    logger.warning(
        "access refused status=%s %s %s %s ip=%s reason=%s",
        status,
        _who(request),
        request.method,
        safe_path(request.path),
        client_ip(request),
        reason,
    )


class RefusedAccessLogMiddleware:
    """Log the 403s and, for signed-in users, the 404s that views raise (the access-checked
    getters answer 404 to users who may not see an object). Anonymous 404s are ordinary
    missing pages and are not logged here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            log_refused(request, 403, "permission denied")
        elif isinstance(exception, Http404) and request.user.is_authenticated:
            log_refused(request, 404, "not found or not visible to this user")
        return None


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: log, then explain in the portal's layout (templates/403_csrf.html;
    Django's own view renders it without the request, so without the layout's context)."""
    from django.shortcuts import render

    log_refused(request, 403, f"CSRF: {reason}")
    return render(request, "403_csrf.html", status=403)


# --- The admin site ---------------------------------------------------------------------------


def may_use_admin(request) -> bool:
    """AdminSite.has_permission: operators (is_staff) and coordinators, who edit the programme
    texts there (each ModelAdmin decides what they may touch)."""
    user = request.user
    return user.is_authenticated and user.is_active and (user.is_staff or user.is_coordinator)


def admin_login(request, extra_context=None):
    """AdminSite.login: the admin has no login form of its own. Visitors sign in on the
    portal's allauth login (rate limits, two-factor for coordinators and operators) and come
    back; signed-in users who may use the admin go to it, others are refused."""
    from allauth.account.decorators import secure_admin_login
    from django.shortcuts import redirect

    if not request.user.is_authenticated:
        # allauth's wrapper: a redirect to LOGIN_URL with a safe `next`.
        return secure_admin_login(lambda request: None)(request)
    if not may_use_admin(request):
        raise PermissionDenied
    return redirect("admin:index")
