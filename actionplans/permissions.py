"""Who may do what with action plans, initiatives and progress reports.

The rules (DESIGN §2): active members of the plan's library see its plans and edit the open
ones; only the library's lead submits; coordinators see every plan but change none of them here
(their decisions live in the certification app); nobody edits a plan that is submitted,
approved, rejected or superseded. `PlanAccess` answers all of this with one membership query;
the `rules` predicates below wrap it so views, templates and tests ask the same questions.
"""

from dataclasses import dataclass

import rules

from actionplans.models import ActionPlan, ProgressReport
from libraries.models import Membership


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


def membership_of(user, library) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.active().filter(user=user, library=library).first()


def plan_access(user, plan: ActionPlan, *, membership=...) -> PlanAccess:
    """What `user` may do with `plan` (pass `membership` if already loaded, None for none)."""
    if membership is ...:
        membership = membership_of(user, plan.library_id)
    is_member = membership is not None
    return PlanAccess(
        can_view=is_member or (user.is_authenticated and user.is_coordinator),
        is_member=is_member,
        is_lead=is_member and membership.is_lead,
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


@rules.predicate
def can_view_plan(user, plan):
    return plan is not None and plan_access(user, plan).can_view


@rules.predicate
def can_edit_plan(user, plan):
    return plan is not None and plan_access(user, plan).can_edit


@rules.predicate
def can_submit_plan(user, plan):
    return plan is not None and plan_access(user, plan).can_submit


@rules.predicate
def can_edit_report(user, report):
    return report is not None and report_access(user, report).can_edit


@rules.predicate
def can_submit_report(user, report):
    return report is not None and report_access(user, report).can_submit


@rules.predicate
def can_create_plan(user, library):
    return library is not None and membership_of(user, library) is not None


rules.add_perm("actionplans.view_plan", can_view_plan)
rules.add_perm("actionplans.change_plan", can_edit_plan)
rules.add_perm("actionplans.submit_plan", can_submit_plan)
rules.add_perm("actionplans.change_report", can_edit_report)
rules.add_perm("actionplans.submit_report", can_submit_report)
rules.add_perm("actionplans.create_plan", can_create_plan)
