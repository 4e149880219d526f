"""Writing audit events. Call `record` inside the same transaction as the change it records."""

from django.contrib.contenttypes.models import ContentType

from core.models import AuditEvent


def actor_label(user) -> str:
    if user is None:
        return "system"
    return f"{user.name} <{user.email}>" if user.name else user.email


def record(*, actor, verb: str, target=None, library=None, **data) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        actor_label=actor_label(actor),
        verb=verb,
        library=library,
        content_type=ContentType.objects.get_for_model(target) if target is not None else None,
        object_id=str(target.pk) if target is not None else "",
        data=data,
    )
