"""A coordinator's decision applied to a plan version or a progress report.

certification decides who may decide, what a decision needs (a reason to reject, ...) and what
follows for the library's certification, and tells the library; this module is the one place
that changes a plan's or a report's state because of a decision. It is called inside
certification's transaction, so the decision, the plan's new state, their audit events and the
certification commit together or not at all.

Deciding is a conditional UPDATE from `pending`: of two coordinators deciding at the same
moment exactly one wins, the other gets a ValidationError with code "already_decided".
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from actionplans.models import ActionPlan, Decision, PlanVersion, ProgressReport
from core import audit

PLAN_DECISIONS = (Decision.APPROVED, Decision.CHANGES_REQUESTED, Decision.REJECTED)
REPORT_DECISIONS = (Decision.APPROVED, Decision.CHANGES_REQUESTED)

PLAN_STATUS_AFTER = {
    Decision.APPROVED: ActionPlan.Status.APPROVED,
    Decision.CHANGES_REQUESTED: ActionPlan.Status.CHANGES_REQUESTED,
    Decision.REJECTED: ActionPlan.Status.REJECTED,
}
REPORT_STATUS_AFTER = {
    Decision.APPROVED: ProgressReport.Status.ACCEPTED,
    Decision.CHANGES_REQUESTED: ProgressReport.Status.CHANGES_REQUESTED,
}


def known_item_comments(version: PlanVersion, item_comments: dict | None) -> dict:
    """The comments on single initiatives (uuid → text) that name an initiative of the
    version's snapshot and say something, stripped."""
    known = {item.get("uuid") for item in version.snapshot.get("initiatives", [])}
    return {
        str(uuid): text.strip()
        for uuid, text in (item_comments or {}).items()
        if str(uuid) in known and text and text.strip()
    }


def already_decided(obj) -> ValidationError:
    who = obj.decided_by.name if obj.decided_by else _("another coordinator")
    when = (
        date_format(timezone.localtime(obj.decided_at), "DATETIME_FORMAT") if obj.decided_at else ""
    )
    return ValidationError(
        _("This has already been decided by %(who)s (%(when)s): %(decision)s.")
        % {"who": who, "when": when, "decision": obj.get_decision_display()},
        code="already_decided",
    )


def takes_effect_now(plan: ActionPlan, *, today: datetime.date) -> bool:
    """THE plan succession rule (change it here, and only here): an approved plan becomes the
    library's current plan at once, unless its period starts in a later year and the library
    has a current approved plan. Then the running plan stays current and the new one is
    upcoming until its first year begins (start_due_plans, run daily)."""
    if plan.period_start <= today.year:
        return True
    return not (
        ActionPlan.objects.filter(library_id=plan.library_id, status=ActionPlan.Status.APPROVED)
        .exclude(pk=plan.pk)
        .exists()
    )


def supersede_earlier_plans(plan: ActionPlan, *, at, statuses=None) -> list[int]:
    """Mark the library's other approved (and upcoming) plans superseded by `plan`. Returns
    their ids."""
    statuses = statuses or [ActionPlan.Status.APPROVED, ActionPlan.Status.UPCOMING]
    superseded = list(
        ActionPlan.objects.filter(library_id=plan.library_id, status__in=statuses)
        .exclude(pk=plan.pk)
        .values_list("pk", flat=True)
    )
    ActionPlan.objects.filter(pk__in=superseded).update(
        status=ActionPlan.Status.SUPERSEDED, updated_at=at
    )
    return superseded


@transaction.atomic
def start_due_plans(*, today: datetime.date | None = None) -> list[ActionPlan]:
    """Upcoming plans whose first year has begun become current; the plans they follow are
    superseded. Returns the plans that started (run daily by certification's daily run, which
    moves the certification on to them)."""
    today = today or timezone.localdate()
    now = timezone.now()
    due = list(
        ActionPlan.objects.select_for_update()
        .filter(status=ActionPlan.Status.UPCOMING, period_start__lte=today.year)
        .select_related("library")
        .order_by("library_id", "period_start")
    )
    started = []
    for plan in due:
        plan.status = ActionPlan.Status.APPROVED
        plan.save(update_fields=["status", "updated_at"])
        superseded = supersede_earlier_plans(plan, at=now, statuses=[ActionPlan.Status.APPROVED])
        audit.record(
            actor=None,
            verb="plan.started",
            target=plan,
            library=plan.library,
            period=f"{plan.period_start}-{plan.period_end}",
            superseded=superseded,
        )
        started.append(plan)
    return started


@transaction.atomic
def apply_version_decision(
    *,
    version: PlanVersion,
    decision: str,
    by,
    comment: str = "",
    item_comments: dict | None = None,
    agreed_requirements: str | None = None,
    today: datetime.date | None = None,
) -> ActionPlan:
    """Record `decision` on a pending version and move its plan on (approved, or upcoming
    when it follows a running plan: takes_effect_now; changes requested; rejected).
    `item_comments` are kept only when changes are requested; `agreed_requirements`, when
    given, replaces the plan's. Returns the plan as it now is; `version` is refreshed in
    place."""
    if decision not in PLAN_DECISIONS:
        raise ValueError(decision)
    item_comments = item_comments or {}
    now = timezone.now()
    won = PlanVersion.objects.filter(pk=version.pk, decision=Decision.PENDING).update(
        decision=decision,
        decided_by=by,
        decided_at=now,
        decision_comment=comment,
        item_comments=item_comments if decision == Decision.CHANGES_REQUESTED else {},
    )
    if not won:
        raise already_decided(PlanVersion.objects.select_related("decided_by").get(pk=version.pk))
    plan = ActionPlan.objects.select_for_update().select_related("library").get(pk=version.plan_id)
    if plan.status != ActionPlan.Status.SUBMITTED:
        raise ValidationError(
            _("The plan is no longer waiting for review (it is %(status)s).")
            % {"status": plan.get_status_display()},
            code="not_submitted",
        )
    library = plan.library
    if agreed_requirements is not None and agreed_requirements.strip() != plan.agreed_requirements:
        plan.agreed_requirements = agreed_requirements.strip()
        audit.record(
            actor=by,
            verb="plan.agreed_requirements_changed",
            target=plan,
            library=library,
            text=plan.agreed_requirements,
        )
    version.refresh_from_db()
    plan.status = PLAN_STATUS_AFTER[decision]
    fields = ["status", "agreed_requirements", "updated_at"]
    if decision == Decision.APPROVED:
        plan.approved_at = now
        if not takes_effect_now(plan, today=today or timezone.localdate()):
            plan.status = ActionPlan.Status.UPCOMING
        plan.save(update_fields=[*fields, "approved_at"])
        superseded = supersede_earlier_plans(
            plan,
            at=now,
            statuses=None
            if plan.status == ActionPlan.Status.APPROVED
            else [ActionPlan.Status.UPCOMING],
        )
        details = {"comment": comment, "superseded": superseded, "status": plan.status}
        verb = "plan.approved"
    elif decision == Decision.CHANGES_REQUESTED:
        plan.save(update_fields=fields)
        details = {"comment": comment, "item_comments": item_comments}
        verb = "plan.changes_requested"
    else:
        plan.save(update_fields=fields)
        details = {"reason": comment}
        verb = "plan.rejected"
    audit.record(
        actor=by, verb=verb, target=version, library=library, version=version.number, **details
    )
    return plan


@transaction.atomic
def apply_report_decision(
    *, report: ProgressReport, decision: str, by, comment: str = ""
) -> ProgressReport:
    """Accept a submitted progress report or ask for changes to it. Returns it refreshed."""
    if decision not in REPORT_DECISIONS:
        raise ValueError(decision)
    won = ProgressReport.objects.filter(
        pk=report.pk, decision=Decision.PENDING, status=ProgressReport.Status.SUBMITTED
    ).update(
        decision=decision,
        decided_by=by,
        decided_at=timezone.now(),
        decision_comment=comment,
        status=REPORT_STATUS_AFTER[decision],
    )
    if not won:
        current = ProgressReport.objects.select_related("decided_by").get(pk=report.pk)
        if current.decision == Decision.PENDING:
            raise ValidationError(_("This report is not waiting for review."), code="not_submitted")
        raise already_decided(current)
    report.refresh_from_db()
    audit.record(
        actor=by,
        verb="report.accepted" if decision == Decision.APPROVED else "report.changes_requested",
        target=report,
        library=report.plan.library,
        year=report.year,
        comment=comment,
    )
    return report
