"""Read queries for the coordinators' pages. Each runs a fixed number of queries."""

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actionplans.models import (
    ActionPlan,
    Decision,
    Goal,
    PlanVersion,
    ProgressReport,
)
from certification.models import Certification
from core.review_queue import QueueItem, QueueProvider
from libraries.models import Library

# --- the review queue -----------------------------------------------------------------------


def pending_versions():
    return PlanVersion.objects.filter(
        decision=Decision.PENDING, plan__status=ActionPlan.Status.SUBMITTED
    )


def pending_reports():
    return ProgressReport.objects.filter(
        decision=Decision.PENDING, status=ProgressReport.Status.SUBMITTED
    )


def plan_version_url(version: PlanVersion) -> str:
    return reverse(
        "certification:plan_review",
        kwargs={"plan": version.plan.uuid, "number": version.number},
    )


def report_url(report: ProgressReport) -> str:
    return reverse("certification:report_review", kwargs={"uuid": report.uuid})


def _oldest_first(submissions, region_code: str | None):
    """Waiting submissions (of one region, if given) in the order they came in."""
    if region_code:
        submissions = submissions.filter(plan__library__municipality__region__code=region_code)
    return submissions.order_by("submitted_at")


def _queue_item(library, **fields) -> QueueItem:
    municipality = library.municipality
    return QueueItem(
        library_name=library.display_name,
        municipality_name=municipality.name,
        region_code=municipality.region.code,
        **fields,
    )


def _version_items(region_code: str | None = None):
    # The snapshot (the whole plan as JSON) is the bulk of a version row and the queue does not
    # show it: decoding 200 of them took most of the queue's time at 1,000 libraries.
    versions = (
        pending_versions()
        .select_related("plan__library__municipality__region")
        .defer("snapshot", "item_comments", "decision_comment")
    )
    label = str(gettext_lazy("Action plan"))
    for version in _oldest_first(versions, region_code):
        yield _queue_item(
            version.plan.library,
            kind="plan",
            kind_label=label,
            title=_("Action plan %(start)s–%(end)s")
            % {"start": version.plan.period_start, "end": version.plan.period_end},
            submitted_at=version.submitted_at,
            url=plan_version_url(version),
            version_number=version.number,
        )


def _report_items(region_code: str | None = None):
    reports = pending_reports().select_related("plan__library__municipality__region")
    label = str(gettext_lazy("Progress report"))
    for report in _oldest_first(reports, region_code):
        yield _queue_item(
            report.plan.library,
            kind="report",
            kind_label=label,
            title=_("Progress report %(year)s") % {"year": report.year},
            submitted_at=report.submitted_at,
            url=report_url(report),
        )


PROVIDERS = (
    QueueProvider(
        kind="plan",
        label=gettext_lazy("Action plans"),
        count=lambda: pending_versions().count(),
        items=_version_items,
        url_for=plan_version_url,
    ),
    QueueProvider(
        kind="report",
        label=gettext_lazy("Progress reports"),
        count=lambda: pending_reports().count(),
        items=_report_items,
        url_for=report_url,
    ),
)


# --- a submitted plan version ----------------------------------------------------------------


def previous_version(version: PlanVersion) -> PlanVersion | None:
    """The version to compare with: the plan's previous submission, or, for a new plan's first
    submission, the last approved version of the plan it was copied from."""
    earlier = (
        PlanVersion.objects.filter(plan=version.plan, number__lt=version.number)
        .order_by("-number")
        .first()
    )
    if earlier is None and version.plan.copied_from_id:
        earlier = (
            PlanVersion.objects.filter(
                plan_id=version.plan.copied_from_id, decision=Decision.APPROVED
            )
            .order_by("-number")
            .first()
        )
    return earlier


def library_history(library: Library) -> dict:
    """Earlier versions (with decisions), progress reports and certifications of a library."""
    versions = list(
        PlanVersion.objects.filter(plan__library=library)
        .select_related("plan", "decided_by", "submitted_by")
        .order_by("-submitted_at")
    )
    reports = list(
        ProgressReport.objects.filter(plan__library=library)
        .exclude(status=ProgressReport.Status.DRAFT)
        .select_related("plan", "decided_by")
        .order_by("-year")
    )
    certifications = list(
        Certification.objects.filter(library=library).order_by("-issued_at", "-pk")
    )
    for version in versions:
        version.review_url = plan_version_url(version)
    for report in reports:
        report.review_url = report_url(report)
    return {"versions": versions, "reports": reports, "certifications": certifications}


# --- the coordinators' overview --------------------------------------------------------------


def overview_counts() -> dict:
    participating = Library.objects.participating().count()
    submitted = (
        ActionPlan.objects.filter(status=ActionPlan.Status.SUBMITTED)
        .values("library")
        .distinct()
        .count()
    )
    # Valid and lapsed as on the verify page and the public pages (grace period included).
    certified_ids = Certification.objects.valid().values("library")
    certified = certified_ids.distinct().count()
    expired = (
        Certification.objects.lapsed()
        .exclude(library__in=certified_ids)
        .values("library")
        .distinct()
        .count()
    )
    return {
        "participating": participating,
        "submitted": submitted,
        "certified": certified,
        "expired": expired,
    }


def certifications_per_year() -> list[dict]:
    return list(
        Certification.objects.annotate(year=ExtractYear("issued_at"))
        .values("year")
        .annotate(count=Count("pk"))
        .order_by("year")
    )


def goal_coverage() -> list[Goal]:
    """Every SDG with the number of libraries whose approved plan covers it, most covered first."""
    return list(
        Goal.objects.annotate(
            libraries=Count(
                "initiatives__plan__library",
                filter=Q(initiatives__plan__status=ActionPlan.Status.APPROVED),
                distinct=True,
            )
        ).order_by("-libraries", "number")
    )
