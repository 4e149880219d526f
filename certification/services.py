"""Coordinators' decisions and the life of a certification.

Every state change here writes its audit event in the same transaction; e-mails go out and the
certificate PDF is queued only after the transaction commits. Deciding is a conditional UPDATE
from `pending`, so of two coordinators deciding at the same moment exactly one wins.
"""

import calendar
import datetime
import logging
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from actionplans.models import ActionPlan, Decision, Goal, PlanVersion, ProgressReport
from certification.models import Certification, ReminderLog
from core import audit, documents
from core.emails import send_email_on_commit
from core.public_cache import public_data_changed
from libraries.models import Membership

logger = logging.getLogger(__name__)

PLAN_DECISIONS = (Decision.APPROVED, Decision.CHANGES_REQUESTED, Decision.REJECTED)
REPORT_DECISIONS = (Decision.APPROVED, Decision.CHANGES_REQUESTED)


# --- helpers --------------------------------------------------------------------------------


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the month's last day where that day does not exist)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _members(library, *, leads_only: bool = False) -> list:
    memberships = Membership.objects.leads() if leads_only else Membership.objects.active()
    return [m.user for m in memberships.filter(library=library).select_related("user")]


def _check_may_decide(*, by, library) -> None:
    if by is None or not by.is_coordinator:
        raise PermissionDenied(_("Only a coordinator of the programme can decide on this."))
    if Membership.objects.active().filter(user=by, library=library).exists():
        raise PermissionDenied(
            _(
                "You are a member of %(library)s, so you cannot decide on its submissions. "
                "Ask another coordinator."
            )
            % {"library": library}
        )


def _already_decided(obj) -> ValidationError:
    who = obj.decided_by.name if obj.decided_by else _("another coordinator")
    when = (
        date_format(timezone.localtime(obj.decided_at), "DATETIME_FORMAT") if obj.decided_at else ""
    )
    return ValidationError(
        _("This has already been decided by %(who)s (%(when)s): %(decision)s.")
        % {"who": who, "when": when, "decision": obj.get_decision_display()},
        code="already_decided",
    )


def _certifications_changed() -> None:
    """Public pages and the programme PDF show who is certified."""
    public_data_changed()
    documents.request_render("programme")


def _queue_certificate(certification: Certification) -> None:
    from certification.tasks import render_certificate_task

    certification_id = certification.pk
    transaction.on_commit(lambda: render_certificate_task.delay(certification_id))


# --- plan versions --------------------------------------------------------------------------


def decide_plan_version(
    *,
    version: PlanVersion,
    decision: str,
    by,
    comment: str = "",
    item_comments: dict | None = None,
    agreed_requirements: str | None = None,
) -> PlanVersion:
    """Approve, ask for changes to, or reject a submitted plan version (the first decision wins).

    `item_comments` maps an initiative's uuid (in the snapshot) to a comment on it.
    `agreed_requirements`, when given, replaces the plan's individually agreed requirements.
    """
    if decision not in PLAN_DECISIONS:
        raise ValidationError(_("Choose a decision."), code="invalid")
    comment = (comment or "").strip()
    known = {item.get("uuid") for item in version.snapshot.get("initiatives", [])}
    item_comments = {
        str(uuid): text.strip()
        for uuid, text in (item_comments or {}).items()
        if str(uuid) in known and text and text.strip()
    }
    if decision == Decision.REJECTED and not comment:
        raise ValidationError(_("Give the reason for rejecting the plan."), code="required")
    if decision == Decision.CHANGES_REQUESTED and not (comment or item_comments):
        raise ValidationError(
            _("Say which changes you ask for, in the general comment or on single initiatives."),
            code="required",
        )
    plan = version.plan
    library = plan.library
    _check_may_decide(by=by, library=library)

    now = timezone.now()
    with transaction.atomic():
        won = PlanVersion.objects.filter(pk=version.pk, decision=Decision.PENDING).update(
            decision=decision,
            decided_by=by,
            decided_at=now,
            decision_comment=comment,
            item_comments=item_comments if decision == Decision.CHANGES_REQUESTED else {},
        )
        if not won:
            raise _already_decided(
                PlanVersion.objects.select_related("decided_by").get(pk=version.pk)
            )
        plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.status != ActionPlan.Status.SUBMITTED:
            raise ValidationError(
                _("The plan is no longer waiting for review (it is %(status)s).")
                % {"status": plan.get_status_display()},
                code="not_submitted",
            )
        if (
            agreed_requirements is not None
            and agreed_requirements.strip() != plan.agreed_requirements
        ):
            plan.agreed_requirements = agreed_requirements.strip()
            audit.record(
                actor=by,
                verb="plan.agreed_requirements_changed",
                target=plan,
                library=library,
                text=plan.agreed_requirements,
            )
        version.refresh_from_db()
        context = {
            "library": library,
            "plan": plan,
            "version": version,
            "coordinator": by,
            "CONTACT": settings.CONTACT_EMAIL,
        }

        if decision == Decision.APPROVED:
            plan.status = ActionPlan.Status.APPROVED
            plan.approved_at = now
            plan.save(update_fields=["status", "approved_at", "agreed_requirements", "updated_at"])
            superseded = list(
                ActionPlan.objects.filter(library=library, status=ActionPlan.Status.APPROVED)
                .exclude(pk=plan.pk)
                .values_list("pk", flat=True)
            )
            ActionPlan.objects.filter(pk__in=superseded).update(
                status=ActionPlan.Status.SUPERSEDED, updated_at=now
            )
            audit.record(
                actor=by,
                verb="plan.approved",
                target=version,
                library=library,
                version=version.number,
                comment=comment,
                superseded=superseded,
            )
            certification = issue_or_continue_certification(plan=plan, by=by)
            context["certification"] = certification
            send_email_on_commit(
                users=_members(library),
                template_prefix="certification/emails/plan_approved",
                context=context,
            )
            public_data_changed()
        elif decision == Decision.CHANGES_REQUESTED:
            plan.status = ActionPlan.Status.CHANGES_REQUESTED
            plan.save(update_fields=["status", "agreed_requirements", "updated_at"])
            audit.record(
                actor=by,
                verb="plan.changes_requested",
                target=version,
                library=library,
                version=version.number,
                comment=comment,
                item_comments=item_comments,
            )
            titles = {
                i["uuid"]: i.get("title", "") for i in version.snapshot.get("initiatives", [])
            }
            context["item_comments"] = [
                {"title": titles.get(uuid, ""), "comment": text}
                for uuid, text in item_comments.items()
            ]
            send_email_on_commit(
                users=_members(library),
                template_prefix="certification/emails/plan_changes_requested",
                context=context,
            )
        else:
            plan.status = ActionPlan.Status.REJECTED
            plan.save(update_fields=["status", "agreed_requirements", "updated_at"])
            audit.record(
                actor=by,
                verb="plan.rejected",
                target=version,
                library=library,
                version=version.number,
                reason=comment,
            )
            send_email_on_commit(
                users=_members(library),
                template_prefix="certification/emails/plan_rejected",
                context=context,
            )
    return version


# --- certifications -------------------------------------------------------------------------


def new_certificate_number(year: int) -> str:
    """`VMC-<year>-<4 digits>`, the digits drawn at random among the year's unused ones, so
    that numbers cannot be guessed by counting."""
    prefix = f"VMC-{year}-"
    used = set(
        Certification.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    )
    free = [n for n in range(1, 10000) if f"{prefix}{n:04d}" not in used]
    if not free:
        raise RuntimeError(f"No certificate numbers left for {year}")
    return f"{prefix}{secrets.choice(free):04d}"


def _create_certification(*, plan, issued_on: datetime.date) -> Certification:
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Certification.objects.create(
                    library=plan.library,
                    plan=plan,
                    number=new_certificate_number(issued_on.year),
                    issued_at=issued_on,
                    valid_until=add_months(issued_on, settings.CERTIFICATION_VALID_MONTHS),
                    status_changed_at=timezone.now(),
                )
        except IntegrityError:  # the same number drawn at the same moment: draw again
            if Certification.objects.filter(
                library=plan.library, status=Certification.Status.ACTIVE
            ).exists():
                raise
    raise RuntimeError("Could not draw a free certificate number")


def issue_or_continue_certification(
    *, plan: ActionPlan, by, issued_on: datetime.date | None = None
) -> Certification:
    """Approving a plan certifies the library: a new certification for a library without a
    valid one, otherwise the valid one goes on (now for this plan, valid at least a full period
    from today)."""
    today = issued_on or timezone.localdate()
    library = plan.library
    current = (
        Certification.objects.select_for_update()
        .filter(library=library, status=Certification.Status.ACTIVE)
        .first()
    )
    if current is None:
        certification = _create_certification(plan=plan, issued_on=today)
        audit.record(
            actor=by,
            verb="certification.issued",
            target=certification,
            library=library,
            number=certification.number,
            valid_until=certification.valid_until.isoformat(),
        )
    else:
        certification = current
        certification.plan = plan
        certification.valid_until = max(
            certification.valid_until, add_months(today, settings.CERTIFICATION_VALID_MONTHS)
        )
        certification.pdf_generated_at = None  # the stored certificate shows the old dates
        certification.save(update_fields=["plan", "valid_until", "pdf_generated_at"])
        audit.record(
            actor=by,
            verb="certification.continued",
            target=certification,
            library=library,
            number=certification.number,
            valid_until=certification.valid_until.isoformat(),
        )
    _certifications_changed()
    _queue_certificate(certification)
    return certification


def revoke_certification(*, certification: Certification, by, reason: str) -> Certification:
    if by is None or not by.is_coordinator:
        raise PermissionDenied(_("Only a coordinator of the programme can revoke a certification."))
    _check_may_decide(by=by, library=certification.library)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for revoking the certification."), code="required")
    now = timezone.now()
    with transaction.atomic():
        changed = Certification.objects.filter(
            pk=certification.pk, status=Certification.Status.ACTIVE
        ).update(
            status=Certification.Status.REVOKED,
            status_changed_at=now,
            revoked_reason=reason,
            revoked_by=by,
        )
        if not changed:
            raise ValidationError(
                _("Only a valid certification can be revoked."), code="not_active"
            )
        certification.refresh_from_db()
        library = certification.library
        audit.record(
            actor=by,
            verb="certification.revoked",
            target=certification,
            library=library,
            number=certification.number,
            reason=reason,
        )
        _certifications_changed()
        send_email_on_commit(
            users=_members(library),
            template_prefix="certification/emails/certification_revoked",
            context={"library": library, "certification": certification},
        )
    return certification


# --- progress reports -----------------------------------------------------------------------


def decide_report(
    *, report: ProgressReport, decision: str, by, comment: str = ""
) -> ProgressReport:
    """Accept a submitted progress report (extends the certification) or ask for changes."""
    if decision not in REPORT_DECISIONS:
        raise ValidationError(_("Choose a decision."), code="invalid")
    comment = (comment or "").strip()
    if decision == Decision.CHANGES_REQUESTED and not comment:
        raise ValidationError(_("Say which changes you ask for."), code="required")
    library = report.plan.library
    _check_may_decide(by=by, library=library)
    now = timezone.now()
    with transaction.atomic():
        new_status = (
            ProgressReport.Status.ACCEPTED
            if decision == Decision.APPROVED
            else ProgressReport.Status.CHANGES_REQUESTED
        )
        won = ProgressReport.objects.filter(
            pk=report.pk, decision=Decision.PENDING, status=ProgressReport.Status.SUBMITTED
        ).update(
            decision=decision,
            decided_by=by,
            decided_at=now,
            decision_comment=comment,
            status=new_status,
        )
        if not won:
            current = ProgressReport.objects.select_related("decided_by").get(pk=report.pk)
            if current.decision == Decision.PENDING:
                raise ValidationError(
                    _("This report is not waiting for review."), code="not_submitted"
                )
            raise _already_decided(current)
        report.refresh_from_db()
        context = {"library": library, "report": report, "coordinator": by}
        if decision == Decision.APPROVED:
            certification = (
                Certification.objects.select_for_update()
                .filter(library=library, status=Certification.Status.ACTIVE)
                .first()
            )
            extended = None
            if certification is not None:
                certification.valid_until = add_months(
                    certification.valid_until, settings.CERTIFICATION_VALID_MONTHS
                )
                certification.pdf_generated_at = None
                certification.save(update_fields=["valid_until", "pdf_generated_at"])
                extended = certification.valid_until.isoformat()
                audit.record(
                    actor=by,
                    verb="certification.extended",
                    target=certification,
                    library=library,
                    number=certification.number,
                    valid_until=extended,
                )
                _certifications_changed()
                _queue_certificate(certification)
            audit.record(
                actor=by,
                verb="report.accepted",
                target=report,
                library=library,
                year=report.year,
                comment=comment,
                valid_until=extended,
            )
            context["certification"] = certification
            send_email_on_commit(
                users=_members(library),
                template_prefix="certification/emails/report_accepted",
                context=context,
            )
        else:
            audit.record(
                actor=by,
                verb="report.changes_requested",
                target=report,
                library=library,
                year=report.year,
                comment=comment,
            )
            send_email_on_commit(
                users=_members(library),
                template_prefix="certification/emails/report_changes_requested",
                context=context,
            )
    return report


# --- the daily run --------------------------------------------------------------------------


def expire_lapsed(*, today: datetime.date | None = None) -> int:
    """Mark certifications whose validity and grace period have passed as expired."""
    today = today or timezone.localdate()
    expired = 0
    with transaction.atomic():
        lapsed = list(
            Certification.objects.select_for_update()
            .lapsed(today)
            .filter(status=Certification.Status.ACTIVE)
            .select_related("library")
        )
        for certification in lapsed:
            Certification.objects.filter(pk=certification.pk).update(
                status=Certification.Status.EXPIRED, status_changed_at=timezone.now()
            )
            audit.record(
                actor=None,
                verb="certification.expired",
                target=certification,
                library=certification.library,
                number=certification.number,
                valid_until=certification.valid_until.isoformat(),
            )
            expired += 1
        if expired:
            _certifications_changed()
    return expired


def _reminder_step(days_left: int) -> int | None:
    """The reminder due `days_left` days before the report is due: the nearest step at or
    above it (so a day missed by the scheduler is caught up the next day), none once due."""
    if days_left < 0:
        return None
    steps = [d for d in settings.REPORT_REMINDER_DAYS if days_left <= d]
    return min(steps) if steps else None


def send_report_reminders(*, today: datetime.date | None = None) -> int:
    """E-mail the leads of each certified library 60, 14 and 1 day(s) before its progress
    report is due (the due date is the certification's valid-until date). Each reminder is
    logged, so running this twice on the same day sends nothing twice."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=max(settings.REPORT_REMINDER_DAYS))
    waiting_report_plans = ProgressReport.objects.filter(
        status=ProgressReport.Status.SUBMITTED
    ).values("plan_id")
    candidates = (
        Certification.objects.filter(
            status=Certification.Status.ACTIVE, valid_until__gte=today, valid_until__lte=horizon
        )
        .exclude(plan_id__in=waiting_report_plans)
        .select_related("library__municipality")
    )
    sent = 0
    for certification in candidates:
        days_left = (certification.valid_until - today).days
        step = _reminder_step(days_left)
        if step is None:
            continue
        try:
            with transaction.atomic():
                ReminderLog.objects.create(
                    certification=certification,
                    due_date=certification.valid_until,
                    days_before=step,
                )
                audit.record(
                    actor=None,
                    verb="report.reminder_sent",
                    target=certification,
                    library=certification.library,
                    due_date=certification.valid_until.isoformat(),
                    days_before=step,
                )
                send_email_on_commit(
                    users=_members(certification.library, leads_only=True),
                    template_prefix="certification/emails/report_reminder",
                    context={
                        "library": certification.library,
                        "certification": certification,
                        "due_date": certification.valid_until,
                        "days_left": days_left,
                    },
                )
        except IntegrityError:  # already sent (by an earlier or a concurrent run)
            continue
        sent += 1
    return sent


def run_daily(*, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    return {
        "expired": expire_lapsed(today=today),
        "reminders": send_report_reminders(today=today),
    }


# --- the certificate PDF --------------------------------------------------------------------


def verify_url(number: str) -> str:
    from django.urls import reverse

    with translation.override(settings.LANGUAGE_CODE):
        return settings.SITE_URL + reverse("certification:verify", kwargs={"number": number})


def plan_goals(plan: ActionPlan) -> list[Goal]:
    return list(Goal.objects.filter(initiatives__plan=plan).distinct().order_by("number"))


def certificate_context(certification: Certification) -> dict:
    import segno

    from certification import certificate

    url = verify_url(certification.number)
    qr = segno.make(url, error="m")
    return {
        "certification": certification,
        "library": certification.library,
        "goals": plan_goals(certification.plan),
        "verify_url": url,
        "qr_data_uri": qr.svg_data_uri(scale=4, border=2),
        "PROGRAMME_NAME": settings.PROGRAMME_NAME,
        "issuer": certificate.issuer(),
        "signatory": certificate.signatory(certification),
    }


def render_certificate_pdf(certification: Certification) -> bytes:
    from core.pdf import render_pdf

    with translation.override(settings.LANGUAGE_CODE):
        return render_pdf("certification/certificate_pdf.html", certificate_context(certification))


def render_certificate(certification_id: int) -> Certification | None:
    """Render and store one certification's certificate (called by the worker)."""
    certification = (
        Certification.objects.select_related("library__municipality", "plan")
        .filter(pk=certification_id)
        .first()
    )
    if certification is None:
        return None
    content = render_certificate_pdf(certification)
    old_name = certification.pdf.name
    certification.pdf.save(f"{certification.number}.pdf", ContentFile(content), save=False)
    certification.pdf_generated_at = timezone.now()
    Certification.objects.filter(pk=certification.pk).update(
        pdf=certification.pdf.name, pdf_generated_at=certification.pdf_generated_at
    )
    if old_name and old_name != certification.pdf.name:
        certification.pdf.storage.delete(old_name)
    return certification
