from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from accounts.middleware import second_factor_pending
from accounts.security import client_ip
from core.text import absolute_url


@dataclass(frozen=True)
class PortalSite:
    """What allauth's e-mails call `current_site`. Without django.contrib.sites allauth uses
    the request's host as the site's name, so e-mails greeted "Hej fra 127.0.0.1"."""

    name: str
    domain: str


def portal_site() -> PortalSite:
    return PortalSite(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.name = form.cleaned_data.get("name", "")
        user.language = translation.get_language() or user.language
        if commit:
            user.save()
        return user

    def get_client_ip(self, request) -> str:
        """The address allauth's rate limits key on: the same one the security log shows."""
        address = client_ip(request)
        if not address:
            raise PermissionDenied("Unable to determine the client's address")
        return address

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """The key of the per-key part of the `login_failed` limit. allauth uses the login
        alone, so anyone could lock an account out by typing wrong passwords for it; with the
        client address added, only that client is slowed down (the per-ip part still limits
        it across accounts)."""
        login_key = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{login_key}:{client_ip(request)}"

    def get_reauthentication_methods(self, user) -> list[dict]:
        """While a session still owes its second factor, the code is the only way on: the
        password would only lead back to the code page (accounts.middleware)."""
        methods = super().get_reauthentication_methods(user)
        request = context.request
        if request is not None and user.is_authenticated and second_factor_pending(request):
            methods = [method for method in methods if method["id"] != "reauthenticate"]
        return methods

    def send_mail(self, template_prefix, email, context):
        super().send_mail(template_prefix, email, {**context, "current_site": portal_site()})

    # Links in allauth's e-mails use the portal's public address (SITE_URL), like every other
    # e-mail, QR code and feed, not whatever Host the request came in on.
    def get_email_confirmation_url(self, request, emailconfirmation):
        return absolute_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key):
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return absolute_url(path.replace("UID-KEY", quote(key)))
