"""The life of a certification: issued or continued when a plan is approved, extended when a
progress report is accepted, revoked by a coordinator (and expired by the daily run). Numbers
are drawn at random; every change refreshes the public pages and the programme PDF and queues
the certificate PDF after commit."""

import calendar
import datetime
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplans.models import ActionPlan, Decision
from certification.models import Certification
from certification.permissions import check_may_decide
from certification.services.notify import tell_library
from core import audit, documents
from core.public_cache import public_data_changed


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the month's last day where that day does not exist)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def certifications_changed() -> None:
    """Public pages and the programme PDF show who is certified."""
    public_data_changed()
    documents.request_render("programme")


def queue_certificate(certification: Certification) -> None:
    from certification import tasks  # lazily: tasks import services (see services/__init__.py)

    tasks.render_certificate_task.delay_on_commit(certification.pk)


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


def _create_certification(
    *, plan, issued_on: datetime.date, valid_until: datetime.date | None = None
) -> Certification:
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Certification.objects.create(
                    library=plan.library,
                    plan=plan,
                    number=new_certificate_number(issued_on.year),
                    issued_at=issued_on,
                    valid_until=valid_until
                    or add_months(issued_on, settings.CERTIFICATION_VALID_MONTHS),
                    status_changed_at=timezone.now(),
                )
        except IntegrityError:  # the same number drawn at the same moment: draw again
            if Certification.objects.filter(
                library=plan.library, status=Certification.Status.ACTIVE
            ).exists():
                raise
    raise RuntimeError("Could not draw a free certificate number")


def _locked_valid_certification(library) -> Certification | None:
    return (
        Certification.objects.select_for_update()
        .filter(library=library, status=Certification.Status.ACTIVE)
        .first()
    )


def _changed(certification: Certification, *, verb: str, by) -> Certification:
    """Record a new or changed validity, refresh what shows it, and queue a new certificate."""
    audit.record(
        actor=by,
        verb=verb,
        target=certification,
        library=certification.library,
        number=certification.number,
        valid_until=certification.valid_until.isoformat(),
    )
    certifications_changed()
    queue_certificate(certification)
    return certification


def _prolong(certification: Certification, valid_until: datetime.date, **fields) -> None:
    certification.valid_until = valid_until
    certification.pdf_generated_at = None  # the stored certificate shows the old dates
    for name, value in fields.items():
        setattr(certification, name, value)
    certification.save(update_fields=["valid_until", "pdf_generated_at", *fields])


def plan_takes_effect_on(plan: ActionPlan, today: datetime.date) -> datetime.date:
    """The day an approved plan becomes the library's current plan: today, or the first day
    of its period for an upcoming plan (actionplans.services.decisions.takes_effect_now)."""
    if plan.status == ActionPlan.Status.UPCOMING:
        return max(today, datetime.date(plan.period_start, 1, 1))
    return today


def issue_or_continue_certification(
    *, plan: ActionPlan, by, issued_on: datetime.date | None = None
) -> Certification:
    """Approving a plan certifies the library: a new certification for a library without a
    valid one, otherwise the valid one goes on, valid at least a full period from the day the
    plan takes effect (so a plan approved for the next period never outlives its
    certificate). The certification moves to the plan once it is current; an upcoming plan
    takes it over when its period starts (follow_started_plans)."""
    today = issued_on or timezone.localdate()
    full_period = add_months(plan_takes_effect_on(plan, today), settings.CERTIFICATION_VALID_MONTHS)
    current = _locked_valid_certification(plan.library)
    if current is None:
        certification = _create_certification(plan=plan, issued_on=today, valid_until=full_period)
        return _changed(certification, verb="certification.issued", by=by)
    fields = {} if plan.status == ActionPlan.Status.UPCOMING else {"plan": plan}
    _prolong(current, max(current.valid_until, full_period), **fields)
    return _changed(current, verb="certification.continued", by=by)


def follow_started_plans(plans) -> int:
    """The valid certification of each library whose upcoming plan has just started now
    belongs to that plan (its validity was set when the plan was approved)."""
    moved = 0
    for plan in plans:
        with transaction.atomic():
            certification = _locked_valid_certification(plan.library)
            if certification is None or certification.plan_id == plan.pk:
                continue
            certification.plan = plan
            certification.pdf_generated_at = None
            certification.save(update_fields=["plan", "pdf_generated_at"])
            _changed(certification, verb="certification.plan_started", by=None)
            moved += 1
    return moved


def extend_certification(*, library, by) -> Certification | None:
    """An accepted progress report extends the library's valid certification by a period."""
    certification = _locked_valid_certification(library)
    if certification is None:
        return None
    months = settings.CERTIFICATION_VALID_MONTHS
    _prolong(certification, add_months(certification.valid_until, months))
    return _changed(certification, verb="certification.extended", by=by)


def revoke_certification(*, certification: Certification, by, reason: str) -> Certification:
    if by is None or not by.is_coordinator:
        raise PermissionDenied(_("Only a coordinator of the programme can revoke a certification."))
    check_may_decide(by=by, library=certification.library)
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
        certifications_changed()
        tell_library(
            library,
            "certification_revoked",
            certification=certification,
            url=reverse("certification:verify", args=[certification.number]),
        )
    return certification


def certifications_signed_by(user):
    """Certifications whose certificate names `user` as its signatory: the coordinator who
    approved the certified plan (certification.certificate.signatory)."""
    return Certification.objects.filter(
        plan__versions__decision=Decision.APPROVED, plan__versions__decided_by=user
    ).distinct()


def rerender_certificates_signed_by(*, user) -> int:
    """The signatory's account is being deleted: their certificates are rendered again once it
    is gone (without a signatory), replacing the files that named them."""
    certifications = list(certifications_signed_by(user))
    for certification in certifications:
        queue_certificate(certification)
    return len(certifications)
