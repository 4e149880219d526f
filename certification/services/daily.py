"""The daily run (Celery beat, certification.daily): upcoming plans whose period has begun
become current (and take the certification with them); certifications past their validity and
grace period expire; leads are reminded before a progress report is due."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from actionplans import services as plan_services
from actionplans.models import ProgressReport
from certification.models import Certification, ReminderLog
from certification.services.certifications import certifications_changed, follow_started_plans
from certification.services.notify import tell_library
from core import audit


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
            certifications_changed()
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
        .select_related("library__municipality", "plan")
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
                tell_library(
                    certification.library,
                    "report_reminder",
                    leads_only=True,
                    certification=certification,
                    due_date=certification.valid_until,
                    days_left=days_left,
                    url=reverse("actionplans:plan_detail", args=[certification.plan.uuid])
                    + "#reports-title",
                )
        except IntegrityError:  # already sent (by an earlier or a concurrent run)
            continue
        sent += 1
    return sent


def run_daily(*, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    started = plan_services.start_due_plans(today=today)
    if started:
        certifications_changed()
    return {
        "plans_started": len(started),
        "certifications_moved": follow_started_plans(started),
        "expired": expire_lapsed(today=today),
        "reminders": send_report_reminders(today=today),
    }
