"""Who may do what with action plans, initiatives, versions and progress reports.

The rules (DESIGN §2): active members of the plan's library see its plans and edit the open
ones; only the library's lead submits; coordinators see every plan but change none of them here
(their decisions go through certification, which asks actionplans.services.decisions to apply
them); nobody edits a plan that is submitted, approved, rejected or superseded. `PlanAccess`
answers all of this with one membership query (libraries.permissions.library_access); the
`rules` predicates and the access-checked getters below are built on it, so views, services,
templates and tests ask the same questions.
"""

from dataclasses import dataclass

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from actionplans.models import (
    ActionPlan,
    Initiative,
    InitiativeProgress,
    PlanVersion,
    ProgressReport,
)
from libraries.permissions import is_member, library_access


@dataclass(frozen=True)
class PlanAccess:
    can_view: bool
    is_member: bool
    is_lead: bool
    plan_editable: bool

    @property
    def can_edit(self) -> bool:
        return self.is_member and self.plan_editable

    @property
    def can_submit(self) -> bool:
        return self.is_lead and self.plan_editable


def plan_access(user, plan: ActionPlan, *, membership=...) -> PlanAccess:
    """What `user` may do with `plan` (pass `membership` if already loaded, None for none)."""
    access = library_access(user, plan.library_id, membership=membership)
    return PlanAccess(
        can_view=access.can_see_admin,
        is_member=access.is_member,
        is_lead=access.is_lead,
        plan_editable=plan.is_editable,
    )


def report_editable(report: ProgressReport) -> bool:
    return report.plan.status == ActionPlan.Status.APPROVED and report.status in (
        ProgressReport.Status.DRAFT,
        ProgressReport.Status.CHANGES_REQUESTED,
    )


def report_access(user, report: ProgressReport, *, membership=...) -> PlanAccess:
    access = plan_access(user, report.plan, membership=membership)
    return PlanAccess(
        can_view=access.can_view,
        is_member=access.is_member,
        is_lead=access.is_lead,
        plan_editable=report_editable(report),
    )


# --- Predicates -----------------------------------------------------------------------------


@rules.predicate
def can_view_plan(user, plan) -> bool:
    return plan is not None and plan_access(user, plan).can_view


@rules.predicate
def can_edit_plan(user, plan) -> bool:
    return plan is not None and plan_access(user, plan).can_edit


@rules.predicate
def can_submit_plan(user, plan) -> bool:
    return plan is not None and plan_access(user, plan).can_submit


@rules.predicate
def can_edit_report(user, report) -> bool:
    return report is not None and report_access(user, report).can_edit


@rules.predicate
def can_submit_report(user, report) -> bool:
    return report is not None and report_access(user, report).can_submit


can_create_plan = is_member

rules.add_perm("actionplans.view_plan", can_view_plan)
rules.add_perm("actionplans.change_plan", can_edit_plan)
rules.add_perm("actionplans.submit_plan", can_submit_plan)
rules.add_perm("actionplans.change_report", can_edit_report)
rules.add_perm("actionplans.submit_report", can_submit_report)
rules.add_perm("actionplans.create_plan", can_create_plan)


# --- Access-checked getters: every view (and file download) goes through one of these. -----


def _check(access: PlanAccess, *, edit: bool = False, submit: bool = False) -> None:
    if not access.can_view:
        raise Http404
    if (edit and not access.can_edit) or (submit and not access.can_submit):
        raise PermissionDenied


def get_plan_for_user(request, uuid, *, edit=False, submit=False):
    """The plan, whether the user may edit it and whether they may submit it.

    Users who may not see the plan get 404; `edit`/`submit` make a user who may see but not do
    that get 403. The PlanAccess is kept on `plan.access` for the templates.
    """
    plan = get_object_or_404(ActionPlan.objects.select_related("library__municipality"), uuid=uuid)
    access = plan_access(request.user, plan)
    _check(access, edit=edit, submit=submit)
    plan.access = access
    return plan, access.can_edit, access.can_submit


def get_initiative_for_user(request, uuid, *, edit=False):
    initiative = get_object_or_404(
        Initiative.objects.select_related("plan__library__municipality"), uuid=uuid
    )
    access = plan_access(request.user, initiative.plan)
    _check(access, edit=edit)
    initiative.plan.access = access
    return initiative, access.can_edit


def get_report_for_user(request, uuid, *, edit=False, submit=False):
    report = get_object_or_404(
        ProgressReport.objects.select_related("plan__library__municipality", "submitted_by"),
        uuid=uuid,
    )
    access = report_access(request.user, report)
    _check(access, edit=edit, submit=submit)
    report.access = access
    return report, access.can_edit, access.can_submit


def get_version_for_user(request, uuid, number):
    """A submitted version (its page and its PDF): whoever may see the plan."""
    plan, _can_edit, _can_submit = get_plan_for_user(request, uuid)
    version = get_object_or_404(
        PlanVersion.objects.select_related("submitted_by", "decided_by"), plan=plan, number=number
    )
    return plan, version


def get_report_photo_for_user(request, uuid, initiative):
    """An evidence photo: whoever may see its report (members and coordinators), never the
    public, since no public page shows a report."""
    report, _can_edit, _can_submit = get_report_for_user(request, uuid)
    entry = get_object_or_404(
        InitiativeProgress.objects.exclude(photo=""), report=report, initiative__uuid=initiative
    )
    return report, entry
