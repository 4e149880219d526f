"""Progress reports of an approved plan: started per plan year, edited, submitted."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplans.models import ActionPlan, InitiativeProgress, ProgressReport
from actionplans.permissions import report_editable
from actionplans.selectors import initiatives_of, report_missing, report_years
from actionplans.services.checks import EditConflict, lock_plan, require_member
from actionplans.services.notify import tell_coordinators
from core import audit, review_queue


def _record(report: ProgressReport, *, verb: str, by) -> None:
    audit.record(actor=by, verb=verb, target=report, library=report.plan.library, year=report.year)


@transaction.atomic
def create_report(*, plan: ActionPlan, year: int, by) -> ProgressReport:
    """Start the progress report for one plan year (or return the one already started)."""
    plan = lock_plan(plan)
    require_member(plan, by)
    if plan.status != ActionPlan.Status.APPROVED:
        raise ValidationError(_("Progress reports can only be written for an approved plan."))
    if year not in report_years(plan):
        raise ValidationError(
            _("A progress report can be written for the plan's years up to this year.")
        )
    existing = ProgressReport.objects.filter(plan=plan, year=year).first()
    if existing is not None:
        return existing
    report = ProgressReport.objects.create(plan=plan, year=year)
    for initiative in initiatives_of(plan):
        InitiativeProgress.objects.create(
            report=report, initiative=initiative, status=initiative.status
        )
    _record(report, verb="report.created", by=by)
    return report


def _lock_report(report: ProgressReport) -> ProgressReport:
    return (
        ProgressReport.objects.select_for_update().select_related("plan__library").get(pk=report.pk)
    )


ENTRY_FIELDS = ("status", "result", "indicator_value", "evidence_links", "photo_alt")


@transaction.atomic
def update_report(
    *, report: ProgressReport, by, lock_version: int, summary: str, entries: dict
) -> ProgressReport:
    """Save a report's summary and entries (`entries`: entry pk -> dict of ENTRY_FIELDS and
    optionally `photo`: a new file, or False to remove the photo)."""
    report = _lock_report(report)
    require_member(report.plan, by)
    if not report_editable(report):
        raise PermissionDenied(_("This progress report has been submitted and is locked."))
    updated = ProgressReport.objects.filter(pk=report.pk, lock_version=lock_version).update(
        summary=summary, lock_version=F("lock_version") + 1
    )
    if not updated:
        raise EditConflict(report)
    for entry in report.entries.all():
        values = entries.get(entry.pk)
        if values is None:
            continue
        for name in ENTRY_FIELDS:
            if name in values:
                setattr(entry, name, values[name])
        photo = values.get("photo")
        if photo is False and entry.photo:
            entry.photo = None  # the file goes from storage once this commits (django-cleanup)
            entry.photo_alt = ""
        elif photo:
            entry.photo.save(photo.name, photo, save=False)  # the old file goes on commit
        entry.save()
    _record(report, verb="report.updated", by=by)
    report.refresh_from_db()
    return report


@transaction.atomic
def submit_report(*, report: ProgressReport, by) -> ProgressReport:
    """The lead submits the year's progress report to the coordinators."""
    report = _lock_report(report)
    membership = require_member(report.plan, by)
    if not membership.is_lead:
        raise PermissionDenied(_("Only the library's lead can submit the progress report."))
    if not report_editable(report):
        raise ValidationError(_("This progress report has already been submitted."))
    missing = report_missing(report)
    if missing:
        raise ValidationError([_("The report is not complete yet:"), *missing], code="incomplete")
    now = timezone.now()
    ProgressReport.objects.filter(pk=report.pk).update(
        status=ProgressReport.Status.SUBMITTED,
        submitted_at=now,
        submitted_by=by,
        decision="pending",
        lock_version=F("lock_version") + 1,
    )
    report.refresh_from_db()
    _record(report, verb="report.submitted", by=by)
    tell_coordinators(
        "report_submitted",
        report=report,
        plan=report.plan,
        library=report.plan.library,
        submitted_by=by,
        url=review_queue.review_url(
            "report",
            report,
            default=reverse("actionplans:report_detail", args=[report.uuid]),
        ),
    )
    return report
