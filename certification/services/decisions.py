"""Coordinators' decisions on submitted plan versions and progress reports.

certification decides who may decide (certification.permissions.check_may_decide: a
coordinator without a conflict of interest), what a decision needs (a reason to reject, the
changes asked for), and what follows for the certification; actionplans' services apply the
decision to the plan or report (actionplans.services.decisions: the conditional update from
`pending`, so of two coordinators deciding at once exactly one wins). Each outcome is one
function below; all of it commits in one transaction, and the library is told after commit.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from actionplans.models import ActionPlan, Decision, PlanVersion, ProgressReport
from actionplans.services import decisions as plan_decisions
from certification.permissions import check_may_decide
from certification.services.certifications import (
    extend_certification,
    issue_or_continue_certification,
)
from certification.services.notify import tell_library

PLAN_DECISIONS = plan_decisions.PLAN_DECISIONS
REPORT_DECISIONS = plan_decisions.REPORT_DECISIONS


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
    item_comments = plan_decisions.known_item_comments(version, item_comments)
    if decision == Decision.REJECTED and not comment:
        raise ValidationError(_("Give the reason for rejecting the plan."), code="required")
    if decision == Decision.CHANGES_REQUESTED and not (comment or item_comments):
        raise ValidationError(
            _("Say which changes you ask for, in the general comment or on single initiatives."),
            code="required",
        )
    check_may_decide(by=by, library=version.plan.library)
    with transaction.atomic():
        plan = plan_decisions.apply_version_decision(
            version=version,
            decision=decision,
            by=by,
            comment=comment,
            item_comments=item_comments,
            agreed_requirements=agreed_requirements,
        )
        PLAN_OUTCOMES[decision](version=version, plan=plan, by=by)
    return version


def _plan_approved(*, version: PlanVersion, plan: ActionPlan, by) -> None:
    """Approving a plan certifies the library (or continues its certification)."""
    certification = issue_or_continue_certification(plan=plan, by=by)
    tell_library(
        plan.library,
        "plan_approved",
        plan=plan,
        version=version,
        coordinator=by,
        certification=certification,
        url=_plan_url(plan),
    )


def _plan_url(plan: ActionPlan) -> str:
    return reverse("actionplans:plan_detail", args=[plan.uuid])


def _report_url(report: ProgressReport) -> str:
    return reverse("actionplans:report_detail", args=[report.uuid])


def _plan_changes_requested(*, version: PlanVersion, plan: ActionPlan, by) -> None:
    titles = {item["uuid"]: item.get("title", "") for item in version.snapshot["initiatives"]}
    tell_library(
        plan.library,
        "plan_changes_requested",
        plan=plan,
        version=version,
        coordinator=by,
        item_comments=[
            {"title": titles.get(uuid, ""), "comment": text}
            for uuid, text in version.item_comments.items()
        ],
        url=_plan_url(plan),
    )


def _plan_rejected(*, version: PlanVersion, plan: ActionPlan, by) -> None:
    tell_library(
        plan.library,
        "plan_rejected",
        plan=plan,
        version=version,
        coordinator=by,
        url=reverse("actionplans:version_detail", args=[plan.uuid, version.number]),
    )


PLAN_OUTCOMES = {
    Decision.APPROVED: _plan_approved,
    Decision.CHANGES_REQUESTED: _plan_changes_requested,
    Decision.REJECTED: _plan_rejected,
}


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
    check_may_decide(by=by, library=library)
    with transaction.atomic():
        report = plan_decisions.apply_report_decision(
            report=report, decision=decision, by=by, comment=comment
        )
        REPORT_OUTCOMES[decision](report=report, library=library, by=by)
    return report


def _report_accepted(*, report: ProgressReport, library, by) -> None:
    """An accepted report extends the library's valid certification."""
    certification = extend_certification(library=library, by=by)
    tell_library(
        library,
        "report_accepted",
        report=report,
        coordinator=by,
        certification=certification,
        url=_report_url(report),
    )


def _report_changes_requested(*, report: ProgressReport, library, by) -> None:
    tell_library(
        library, "report_changes_requested", report=report, coordinator=by, url=_report_url(report)
    )


REPORT_OUTCOMES = {
    Decision.APPROVED: _report_accepted,
    Decision.CHANGES_REQUESTED: _report_changes_requested,
}
