"""E-mails as template sets (subject, text, HTML), each in its recipient's language."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import translation


def _render_plain(template_name: str, context: dict) -> str:
    """Subject and text body are plain text: no HTML escaping (a library called "Bøger & Co"
    must not arrive as "Bøger &amp; Co"). The HTML body is rendered with autoescaping as usual."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def render_email(template_prefix: str, context: dict, language: str) -> tuple[str, str, str]:
    with translation.override(language):
        context = {
            "SITE_URL": settings.SITE_URL,
            "PROGRAMME_NAME": settings.PROGRAMME_NAME,
            **context,
        }
        subject = _render_plain(f"{template_prefix}_subject.txt", context).strip()
        text = _render_plain(f"{template_prefix}_body.txt", context)
        html = render_to_string(f"{template_prefix}_body.html", context)
    return " ".join(subject.splitlines()), text, html


def send_email(*, users: Iterable, template_prefix: str, context: dict) -> int:
    """Send one e-mail per user, in that user's language. Returns how many were sent."""
    sent = 0
    for user in users:
        if not user.email:
            continue
        subject, text, html = render_email(
            template_prefix, {**context, "recipient": user}, user.language or settings.LANGUAGE_CODE
        )
        message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [user.email])
        message.attach_alternative(html, "text/html")
        sent += message.send()
    return sent


def send_email_on_commit(*, users: Iterable, template_prefix: str, context: dict) -> None:
    """Send after the surrounding transaction commits, so a rolled-back change mails nobody."""
    users = list(users)
    transaction.on_commit(
        lambda: send_email(users=users, template_prefix=template_prefix, context=context)
    )
