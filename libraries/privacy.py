"""The libraries app's part of personal data (accounts.privacy): memberships."""

from django.utils.translation import gettext as _

from accounts import privacy
from core import audit
from libraries.models import Membership


def export(user) -> list[dict]:
    return [
        {
            "library": m.library.display_name,
            "role": m.role,
            "status": m.status,
            "message": m.message,
            "requested_at": m.requested_at.isoformat(),
            "decided_at": m.decided_at.isoformat() if m.decided_at else None,
        }
        for m in Membership.objects.for_user(user).select_related("library__municipality")
    ]


def blockers(user) -> list[str]:
    """A library must keep a lead: its last lead hands the role over before leaving."""
    reasons = []
    for membership in (
        Membership.objects.leads().for_user(user).select_related("library__municipality")
    ):
        if (
            not Membership.objects.leads()
            .of_library(membership.library)
            .exclude(user=user)
            .exists()
        ):
            reasons.append(
                _(
                    "You are the only lead of %(library)s. Make another member lead first "
                    "(on the library's members page), then delete your account."
                )
                % {"library": membership.library.display_name}
            )
    return reasons


def forget(user, pseudonym: str) -> None:
    """Memberships end with the account (they are deleted with it); each library's log
    records that a former member left, and earlier events about the membership lose the name."""
    from django.contrib.contenttypes.models import ContentType

    from core.models import AuditEvent

    memberships = list(Membership.objects.for_user(user).select_related("library"))
    events = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Membership),
        object_id__in=[str(m.pk) for m in memberships],
    )
    for event in events:
        if "member" in event.data:
            event.data["member"] = pseudonym
            event.save(update_fields=["data"])
    for membership in memberships:
        if membership.status == Membership.Status.ACTIVE:
            audit.record(
                actor=None,
                verb="membership.ended",
                target=membership,
                library=membership.library,
                member=pseudonym,
                reason="account deleted",
            )


privacy.register(
    privacy.PersonalDataProvider(
        key="memberships",
        models=("libraries.Membership",),
        export=export,
        blockers=blockers,
        forget=forget,
    )
)
