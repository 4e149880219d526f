"""Personal data: export what the portal holds about a user, delete an account.

What a person wrote for a library (plans, examples, decisions) stays with the library: those
foreign keys are SET_NULL and pages show "former member" where the author is gone. Audit events
keep a pseudonym instead of the name.
"""

import hashlib
import hmac

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import privacy
from core import audit
from core.models import AuditEvent

# Rows exported in their own section (or holding secrets that must never be exported).
_EXPORTED_SEPARATELY = {
    "core.auditevent",
    "account.emailaddress",
    "mfa.authenticator",
}


def pseudonym(user) -> str:
    """A stable label for a deleted account: not reversible without the secret key."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"user:{user.pk}".encode(), hashlib.sha256
    ).hexdigest()
    return f"former member #{digest[:8]}"


def _iso(value):
    return value.isoformat() if value else None


def _linked_records(user, skip: set[str]) -> list[dict]:
    """Every other row that points at the user through a foreign key (e.g. "submitted by"),
    found from the models themselves so a new app's rows are included without a change here."""
    records = []
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in skip or label in _EXPORTED_SEPARATELY:
            continue
        for field in model._meta.get_fields():
            if (
                isinstance(field, models.ForeignKey)
                and field.related_model is not None
                and field.related_model._meta.label == settings.AUTH_USER_MODEL
            ):
                for obj in model._default_manager.filter(**{field.name: user}).order_by("pk"):
                    records.append(
                        {
                            "type": str(model._meta.verbose_name),
                            "model": label,
                            "id": str(getattr(obj, "uuid", obj.pk)),
                            "relation": field.name,
                            "description": str(obj),
                        }
                    )
    return records


def export_personal_data(*, user) -> dict:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    data = {
        "exported_at": _iso(timezone.now()),
        "account": {
            "email": user.email,
            "name": user.name,
            "job_title": user.job_title,
            "language": user.language,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "is_coordinator": user.is_coordinator,
        },
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        # The kind of second factor only; never its secret.
        "two_factor": [
            {"type": a.type, "created_at": _iso(a.created_at), "last_used_at": _iso(a.last_used_at)}
            for a in Authenticator.objects.filter(user=user).order_by("pk")
        ],
        "activity": [
            {
                "at": _iso(e.at),
                "event": e.verb,
                "library": str(e.library) if e.library_id else None,
                "details": e.data,
            }
            for e in AuditEvent.objects.filter(actor=user).select_related("library__municipality")
        ],
    }
    claimed = set()
    for provider in privacy.providers():
        data[provider.key] = provider.export(user)
        claimed.update(label.lower() for label in provider.models)
    data["records_linked_to_you"] = _linked_records(user, claimed)
    return data


def deletion_blockers(*, user) -> list[str]:
    return [reason for provider in privacy.providers() for reason in provider.blockers(user)]


@transaction.atomic
def delete_account(*, user) -> str:
    """Delete the account; returns the pseudonym its audit events now carry.

    Raises ValidationError (with every reason) if something must happen first, such as
    handing over the lead role of a library.
    """
    blockers = deletion_blockers(user=user)
    if blockers:
        raise ValidationError(blockers)
    label = pseudonym(user)
    AuditEvent.objects.filter(actor=user).update(actor_label=label)
    for provider in privacy.providers():
        provider.forget(user, label)
    audit.record(actor=None, verb="account.deleted", pseudonym=label)
    user.delete()
    return label


@transaction.atomic
def update_profile(*, user, name: str, job_title: str) -> bool:
    """Change the user's name and job title; returns whether anything changed."""
    changes = {
        field: value
        for field, value in (("name", name.strip()), ("job_title", job_title.strip()))
        if getattr(user, field) != value
    }
    if not changes:
        return False
    for field, value in changes.items():
        setattr(user, field, value)
    user.save(update_fields=list(changes))
    audit.record(actor=user, verb="account.profile_changed", target=user, fields=sorted(changes))
    return True


def account_deleted_message() -> str:
    return _(
        "Your account has been deleted. Your name and email address are gone from the portal; "
        "the log of changes keeps a pseudonym."
    )
