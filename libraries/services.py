"""State changes of libraries and memberships. Each writes its audit event in the same
transaction and tells the people concerned by e-mail once it has committed."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.emails import send_email_on_commit
from core.public_cache import public_data_changed
from libraries.models import Library, Membership
from libraries.permissions import can_manage_library


@transaction.atomic
def request_membership(*, user, library: Library, message: str = "") -> Membership:
    existing = Membership.objects.open().for_user(user).of_library(library).first()
    if existing is not None:
        if existing.status == Membership.Status.ACTIVE:
            raise ValidationError(
                _("You are already a member of %(library)s.") % {"library": library}
            )
        raise ValidationError(
            _("You have already asked to join %(library)s. The library's lead will answer soon.")
            % {"library": library}
        )
    try:
        with transaction.atomic():
            membership = Membership.objects.create(user=user, library=library, message=message)
    except IntegrityError:  # a double click that raced the check above
        raise ValidationError(
            _("You have already asked to join %(library)s.") % {"library": library}
        ) from None
    audit.record(actor=user, verb="membership.requested", target=membership, library=library)
    leads = Membership.objects.leads().of_library(library).users()
    from accounts.models import User

    recipients = leads or list(User.objects.coordinators())
    send_email_on_commit(
        users=recipients,
        template_prefix="libraries/emails/join_requested",
        context={"membership": membership, "library": library, "requester": user},
    )
    return membership


@transaction.atomic
def withdraw_request(*, membership: Membership, by) -> None:
    """The person who asked to join takes the request back (before it is answered): it is
    deleted, as if never sent; the audit log keeps that it was."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.user_id != by.pk:
        raise PermissionDenied(_("Only the person who asked can withdraw the request."))
    if membership.status != Membership.Status.PENDING:
        raise ValidationError(_("The request has already been answered."))
    _record(membership, verb="membership.withdrawn", by=by)
    membership.delete()


def _locked(membership: Membership, *, by, answering: bool = False) -> Membership:
    """The membership, locked, once `by` may manage it: the library's lead or a coordinator,
    and, `answering` a request, not the person who asked."""
    membership = (
        Membership.objects.select_for_update().select_related("library").get(pk=membership.pk)
    )
    if answering and membership.user_id == by.pk:
        raise PermissionDenied(_("You cannot decide on your own request."))
    if not can_manage_library(by, membership.library):
        raise PermissionDenied(_("Only the library's lead or a coordinator can do that."))
    if answering and membership.status != Membership.Status.PENDING:
        raise ValidationError(_("This request has already been answered."))
    return membership


def _record(membership: Membership, *, verb: str, by, **data) -> None:
    audit.record(
        actor=by,
        verb=verb,
        target=membership,
        library=membership.library,
        member=str(membership.user),
        **data,
    )


def _answer(membership: Membership, *, status: str, by, template: str | None, fields=()) -> None:
    """Close a request (accepted, declined, removed), record it and tell the member."""
    membership.status = status
    membership.decided_at = timezone.now()
    membership.decided_by = by
    membership.save(update_fields=["status", "decided_at", "decided_by", *fields])
    if template:
        send_email_on_commit(
            users=[membership.user],
            template_prefix=f"libraries/emails/{template}",
            context={"membership": membership, "library": membership.library},
        )


@transaction.atomic
def accept_membership(*, membership: Membership, by) -> Membership:
    """Accept a pending request. A library without a lead gets its first member as lead,
    and only a coordinator may appoint that first lead."""
    membership = _locked(membership, by=by, answering=True)
    library = membership.library
    if not Membership.objects.leads().of_library(library).exists():
        if not by.is_coordinator:
            raise PermissionDenied(_("Only a coordinator can accept a library's first lead."))
        membership.role = Membership.Role.LEAD
    _answer(
        membership,
        status=Membership.Status.ACTIVE,
        by=by,
        template="join_accepted",
        fields=["role"],
    )
    if library.participating_since is None:
        library.participating_since = timezone.localdate()
        library.save(update_fields=["participating_since", "updated_at"])
        public_data_changed()
    _record(membership, verb="membership.accepted", by=by, role=membership.role)
    return membership


@transaction.atomic
def decline_membership(*, membership: Membership, by) -> Membership:
    membership = _locked(membership, by=by, answering=True)
    _answer(membership, status=Membership.Status.DECLINED, by=by, template="join_declined")
    _record(membership, verb="membership.declined", by=by)
    return membership


def _lock_leads(library: Library) -> list[Membership]:
    return list(Membership.objects.leads().of_library(library).select_for_update())


@transaction.atomic
def set_role(*, membership: Membership, role: str, by) -> Membership:
    membership = _locked(membership, by=by)
    if membership.status != Membership.Status.ACTIVE:
        raise ValidationError(_("Only active members can change role."))
    leads = _lock_leads(membership.library)
    if role == Membership.Role.STAFF and membership.is_lead and len(leads) <= 1:
        raise ValidationError(
            _("A library must keep at least one lead. Make another member lead first.")
        )
    membership.role = role
    membership.save(update_fields=["role"])
    _record(membership, verb="membership.role_changed", by=by, role=role)
    return membership


@transaction.atomic
def remove_member(*, membership: Membership, by) -> Membership:
    membership = _locked(membership, by=by)
    if membership.status != Membership.Status.ACTIVE:
        raise ValidationError(_("This person is not an active member."))
    leads = _lock_leads(membership.library)
    if membership.is_lead and len(leads) <= 1:
        raise ValidationError(_("The last lead cannot be removed. Make another member lead first."))
    membership.ended_at = timezone.now()
    _answer(membership, status=Membership.Status.REMOVED, by=by, template=None, fields=["ended_at"])
    _record(membership, verb="membership.removed", by=by)
    return membership


@transaction.atomic
def update_profile(*, form, by) -> Library:
    """Save a valid LibraryProfileForm and record which fields changed."""
    library = form.save()
    public_data_changed()
    audit.record(
        actor=by,
        verb="library.profile_updated",
        target=library,
        library=library,
        fields=sorted(form.changed_data),
    )
    return library
