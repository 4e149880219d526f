from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse
from django.utils import translation

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

    def send_mail(self, template_prefix, email, context):
        super().send_mail(template_prefix, email, {**context, "current_site": portal_site()})

    # Links in allauth's e-mails use the portal's public address (SITE_URL), like every other
    # e-mail, QR code and feed, not whatever Host the request came in on.
    def get_email_confirmation_url(self, request, emailconfirmation):
        return absolute_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key):
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return absolute_url(path.replace("UID-KEY", quote(key)))
