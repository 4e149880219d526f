"""Every change to themes, sign-ups, materials, messages and reports: who may, what it writes,
what it audits and whom it tells. Views, tasks and seed_demo call these."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit, documents
from core.emails import send_email, send_email_on_commit
from core.public_cache import public_data_changed
from libraries.models import Membership
from libraries.permissions import library_access
from partners.models import Partner
from partners.services import find_or_create_local
from themes.models import Theme, ThemeDay, ThemeMaterial, ThemeMessage, ThemeReport, ThemeSignup
from themes.permissions import can_manage_themes, may_change_signup, may_report

IMPACT_REPORT = "theme_impact"
THEME_FIELDS = (
    "number",
    "title",
    "slug",
    "summary",
    "description",
    "starts_on",
    "ends_on",
    "signup_deadline",
    "commitment",
)


class EditConflict(Exception):
    """Someone else saved the theme after the editor loaded it."""

    def __init__(self, current):
        super().__init__("edit conflict")
        self.current = current


def _require_coordinator(by) -> None:
    if not can_manage_themes(by):
        raise PermissionDenied(_("Only the programme's coordinators manage themes."))


def _request_impact_render(theme: Theme) -> None:
    """A published theme's sign-ups and reports are public (theme page, library profiles,
    impact report): refresh what shows them."""
    if theme.status == Theme.Status.PUBLISHED:
        public_data_changed()
        documents.request_render(IMPACT_REPORT, theme.slug)


# --- Themes ----------------------------------------------------------------------------------


def _set_relations(theme, *, goals, national_partners, days) -> None:
    theme.goals.set(goals)
    theme.national_partners.set(national_partners)
    if days is not None:
        theme.days.all().delete()
        ThemeDay.objects.bulk_create(
            ThemeDay(
                theme=theme, date=day["date"], title=day["title"], description=day["description"]
            )
            for day in days
        )


@transaction.atomic
def create_theme(*, by, data: dict, goals=(), national_partners=(), days=None) -> Theme:
    """A new draft theme. `days`: [{"date", "title", "description"}] for the weekday programme."""
    _require_coordinator(by)
    theme = Theme.objects.create(created_by=by, **{name: data[name] for name in THEME_FIELDS})
    _set_relations(theme, goals=goals, national_partners=national_partners, days=days or [])
    audit.record(actor=by, verb="theme.created", target=theme, title=theme.title)
    return theme


@transaction.atomic
def update_theme(
    *, theme: Theme, by, lock_version: int, data: dict, goals=(), national_partners=(), days=None
) -> Theme:
    """Save the theme if nobody saved it since `lock_version` was read."""
    _require_coordinator(by)
    fields = {name: data[name] for name in THEME_FIELDS if name in data}
    updated = Theme.objects.filter(pk=theme.pk, lock_version=lock_version).update(
        **fields, lock_version=F("lock_version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise EditConflict(Theme.objects.get(pk=theme.pk))
    theme.refresh_from_db()
    _set_relations(theme, goals=goals, national_partners=national_partners, days=days)
    audit.record(actor=by, verb="theme.changed", target=theme, fields=sorted(fields))
    _request_impact_render(theme)
    return theme


@transaction.atomic
def publish_theme(*, theme: Theme, by) -> Theme:
    _require_coordinator(by)
    theme = Theme.objects.select_for_update().get(pk=theme.pk)
    if theme.status == Theme.Status.PUBLISHED:
        return theme
    theme.status = Theme.Status.PUBLISHED
    theme.published_at = timezone.now()
    theme.lock_version += 1
    theme.save(update_fields=["status", "published_at", "lock_version", "updated_at"])
    audit.record(actor=by, verb="theme.published", target=theme, title=theme.title)
    _request_impact_render(theme)
    documents.request_render("programme")  # its cover counts the published themes
    return theme


# --- Sign-ups --------------------------------------------------------------------------------


def _check_contacts(library, contact, second_contact) -> None:
    member_ids = set(
        Membership.objects.active().of_library(library).values_list("user_id", flat=True)
    )
    errors = {}
    if contact is None or contact.pk not in member_ids:
        errors["contact"] = _("Choose the contact person among the library's members.")
    if second_contact is not None:
        if second_contact.pk not in member_ids:
            errors["second_contact"] = _("Choose the second contact among the library's members.")
        elif contact is not None and second_contact.pk == contact.pk:
            errors["second_contact"] = _("The second contact must be another person.")
    if errors:
        raise ValidationError(errors)


def _require_may_change(theme, library, by) -> None:
    access = library_access(by, library)
    if not may_change_signup(by, theme, access):
        if access.is_member:
            raise PermissionDenied(
                _("The sign-up deadline has passed. Ask a coordinator to change it.")
            )
        raise PermissionDenied(_("Only the library's own staff can sign it up."))


def _contacts_of(signup: ThemeSignup) -> list:
    return [user for user in (signup.contact, signup.second_contact) if user is not None]


def _tell_contacts(signup: ThemeSignup, template: str) -> None:
    users = _contacts_of(signup)
    send_email_on_commit(
        users=users,
        template_prefix=f"themes/emails/{template}",
        context={
            "theme_title": signup.theme.title,
            "library_name": signup.library.display_name,
            "url": signup.theme.get_absolute_url(),
            "deadline": signup.theme.signup_deadline,
        },
    )


@transaction.atomic
def sign_up(
    *, theme: Theme, library, by, contact, second_contact=None, note: str = "", local_partners=(),
    new_partner_name: str = "", new_partner_kind: str = "",
) -> ThemeSignup:  # fmt: skip
    """Sign `library` up (or change its sign-up, or sign it up again after a withdrawal).

    `new_partner_name`: a local partner not in the list; a partner already registered under
    the same (normalised) name is picked instead of a duplicate added."""
    if theme.status != Theme.Status.PUBLISHED:
        raise ValidationError(_("The theme is not published yet."))
    _require_may_change(theme, library, by)
    _check_contacts(library, contact, second_contact)
    local_partners = list(local_partners)
    if new_partner_name.strip():
        if new_partner_kind not in Partner.Kind.values:
            raise ValidationError({"new_partner_kind": _("Choose the kind of partner.")})
        local_partners.append(
            find_or_create_local(
                by=by,
                name=new_partner_name,
                kind=new_partner_kind,
                municipality=library.municipality,
            )
        )
    signup = ThemeSignup.objects.select_for_update().filter(theme=theme, library=library).first()
    verb = "theme.signup_changed"
    if signup is None:
        signup = ThemeSignup(theme=theme, library=library, signed_up_by=by)
        verb = "theme.signed_up"
    elif signup.withdrawn_at is not None:
        signup.withdrawn_at = None
        signup.signed_up_at = timezone.now()
        signup.signed_up_by = by
        verb = "theme.signed_up"
    signup.contact, signup.second_contact, signup.note = contact, second_contact, note
    if signup.pk:
        signup.lock_version += 1
    signup.save()
    signup.local_partners.set(local_partners)
    audit.record(
        actor=by,
        verb=verb,
        target=signup,
        library=library,
        theme=theme.slug,
        contact=contact.email,
        partners=sorted(p.name for p in local_partners),
    )
    _tell_contacts(signup, "signed_up" if verb == "theme.signed_up" else "signup_changed")
    _request_impact_render(theme)
    return signup


@transaction.atomic
def withdraw(*, signup: ThemeSignup, by) -> ThemeSignup:
    _require_may_change(signup.theme, signup.library, by)
    signup = (
        ThemeSignup.objects.select_for_update().select_related("theme", "library").get(pk=signup.pk)
    )
    if signup.withdrawn_at is not None:
        return signup
    signup.withdrawn_at = timezone.now()
    signup.lock_version += 1
    signup.save(update_fields=["withdrawn_at", "lock_version", "updated_at"])
    audit.record(
        actor=by,
        verb="theme.withdrawn",
        target=signup,
        library=signup.library,
        theme=signup.theme.slug,
    )
    _tell_contacts(signup, "withdrawn")
    _request_impact_render(signup.theme)
    return signup


# --- Toolbox ---------------------------------------------------------------------------------


@transaction.atomic
def add_material(
    *,
    theme: Theme,
    by,
    kind: str,
    title: str,
    description: str = "",
    file=None,
    url: str = "",
    alt_text: str = "",
    visibility: str,
) -> ThemeMaterial:
    _require_coordinator(by)
    if kind == ThemeMaterial.Kind.LINK and not url:
        raise ValidationError({"url": _("Give the link's address.")})
    if kind != ThemeMaterial.Kind.LINK and not file:
        raise ValidationError({"file": _("Choose a file.")})
    if kind == ThemeMaterial.Kind.IMAGE and not alt_text.strip():
        raise ValidationError({"alt_text": _("Describe the image for those who cannot see it.")})
    material = ThemeMaterial.objects.create(
        theme=theme,
        kind=kind,
        title=title,
        description=description,
        file=file if kind != ThemeMaterial.Kind.LINK else None,
        url=url if kind == ThemeMaterial.Kind.LINK else "",
        alt_text=alt_text if kind == ThemeMaterial.Kind.IMAGE else "",
        visibility=visibility,
    )
    audit.record(actor=by, verb="theme.material_added", target=material, theme=theme.slug)
    return material


@transaction.atomic
def delete_material(*, material: ThemeMaterial, by) -> None:
    _require_coordinator(by)
    audit.record(actor=by, verb="theme.material_deleted", target=material, title=material.title)
    material.file.delete(save=False)
    material.delete()


# --- Messages and reminders ------------------------------------------------------------------


def contact_persons(theme: Theme) -> list:
    """Every contact and second contact of the theme's active sign-ups, each once."""
    users = {}
    for signup in (
        ThemeSignup.objects.active().filter(theme=theme).select_related("contact", "second_contact")
    ):
        for user in (signup.contact, signup.second_contact):
            if user is not None and user.is_active:
                users.setdefault(user.pk, user)
    return list(users.values())


@transaction.atomic
def post_message(*, theme: Theme, by, subject: str, body: str) -> ThemeMessage:
    """Keep the message on the theme's page and have the worker e-mail each contact person."""
    _require_coordinator(by)
    message = ThemeMessage.objects.create(theme=theme, subject=subject, body=body, sent_by=by)
    audit.record(actor=by, verb="theme.message_posted", target=message, theme=theme.slug)
    from themes.tasks import send_theme_message_task

    transaction.on_commit(lambda: send_theme_message_task.delay(message.pk))
    return message


def deliver_message(message_id: int) -> int:
    """Send one e-mail per contact person of the message's theme (the worker calls this)."""
    message = ThemeMessage.objects.select_related("theme").get(pk=message_id)
    recipients = contact_persons(message.theme)
    sent = send_email(
        users=recipients,
        template_prefix="themes/emails/message",
        context={
            "theme_title": message.theme.title,
            "subject": message.subject,
            "body": message.body,
            "url": message.theme.get_absolute_url(),
        },
    )
    ThemeMessage.objects.filter(pk=message.pk).update(recipient_count=sent)
    return sent


def missing_reports(theme: Theme) -> list[ThemeSignup]:
    return list(
        ThemeSignup.objects.active()
        .filter(theme=theme, report__isnull=True)
        .select_related("library__municipality__region", "contact", "second_contact")
        .order_by("library__municipality__name", "pk")
    )


def request_reminders(*, theme: Theme, by) -> None:
    _require_coordinator(by)
    audit.record(actor=by, verb="theme.reminder_requested", target=theme)
    from themes.tasks import send_report_reminders_task

    transaction.on_commit(lambda: send_report_reminders_task.delay(theme.pk))


def send_report_reminders(theme_id: int) -> int:
    """E-mail the contact persons of every signed-up library that has not reported yet."""
    theme = Theme.objects.get(pk=theme_id)
    sent = 0
    for signup in missing_reports(theme):
        sent += send_email(
            users=_contacts_of(signup),
            template_prefix="themes/emails/report_reminder",
            context={
                "theme_title": theme.title,
                "library_name": signup.library.display_name,
                "url": theme.get_absolute_url(),
            },
        )
    return sent


# --- After the week --------------------------------------------------------------------------


@transaction.atomic
def save_report(
    *,
    signup: ThemeSignup,
    by,
    activities: str,
    participants: int,
    what_worked: str = "",
    partners=(),
    goals=(),
    today: datetime.date | None = None,
) -> ThemeReport:
    access = library_access(by, signup.library)
    if not (access.is_member or access.is_coordinator):
        raise PermissionDenied
    if not may_report(signup.theme, today):
        raise ValidationError(_("Reports can be written once the theme has started."))
    report, created = ThemeReport.objects.update_or_create(
        signup=signup,
        defaults={
            "activities": activities,
            "participants": participants,
            "what_worked": what_worked,
            "submitted_by": by,
        },
    )
    report.partners.set(partners)
    report.goals.set(goals)
    audit.record(
        actor=by,
        verb="theme.report_submitted" if created else "theme.report_changed",
        target=report,
        library=signup.library,
        theme=signup.theme.slug,
        participants=participants,
    )
    _request_impact_render(signup.theme)
    return report
