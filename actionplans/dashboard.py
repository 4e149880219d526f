"""This app's panel on the dashboard (/dashboard/): for each of my libraries the current plan,
its status and what needs doing next. Two queries, whatever the number of libraries or plans.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplans.models import ActionPlan, Area, ProgressReport
from actionplans.selectors import _checklist, report_years


@dataclass
class Step:
    text: str
    url: str = ""


@dataclass
class Row:
    library: object
    membership: object
    plan: ActionPlan | None
    steps: list = field(default_factory=list)


def _plans_by_library(library_ids) -> dict:
    plans = (
        ActionPlan.objects.filter(
            library_id__in=library_ids,
            status__in=[
                *ActionPlan.OPEN_STATUSES,
                ActionPlan.Status.APPROVED,
                ActionPlan.Status.UPCOMING,
            ],
        )
        .annotate(
            initiative_count=Count("initiatives", distinct=True),
            without_goal=Count(
                "initiatives", filter=Q(initiatives__goals__isnull=True), distinct=True
            ),
            without_indicator=Count(
                "initiatives", filter=Q(initiatives__indicator=""), distinct=True
            ),
            **{
                f"in_{area.value}": Count(
                    "initiatives", filter=Q(initiatives__area=area.value), distinct=True
                )
                for area in Area
            },
        )
        .order_by("library_id", "-period_start")
    )
    upcoming: dict = {}
    chosen: dict = {}
    for plan in plans:
        if plan.status == ActionPlan.Status.UPCOMING:
            upcoming[plan.library_id] = plan
            continue
        current = chosen.get(plan.library_id)
        # An open plan is the one being worked on; otherwise the newest approved plan.
        if current is None or (
            plan.status in ActionPlan.OPEN_STATUSES
            and current.status not in ActionPlan.OPEN_STATUSES
        ):
            chosen[plan.library_id] = plan
    for library_id, plan in upcoming.items():
        # Approved for the next period: the running plan stays current until it starts.
        if library_id in chosen:
            chosen[library_id].upcoming = plan
        else:
            chosen[library_id] = plan
    return chosen


def _steps(plan: ActionPlan | None, membership, reports: dict, today) -> list[Step]:
    library = membership.library
    if plan is None:
        return [
            Step(
                _("Start the library's action plan."),
                reverse("actionplans:plan_create", args=[library.slug]),
            )
        ]
    url = reverse("actionplans:plan_detail", args=[plan.uuid])
    steps = []
    if plan.is_editable:
        if plan.status == ActionPlan.Status.CHANGES_REQUESTED:
            steps.append(Step(_("The coordinator asked for changes."), url))
        checklist = _checklist(
            has_vision=bool(plan.vision.strip()),
            per_area={area.value: getattr(plan, f"in_{area.value}") for area in Area},
            without_goal=plan.without_goal,
            without_indicator=plan.without_indicator,
            total=plan.initiative_count,
        )
        missing = checklist.missing
        for item in missing:
            if item.key in ("goals", "indicators") and not item.count:
                continue  # no initiatives yet: the missing areas say it already
            steps.append(Step(item.todo, url))
        if not missing and plan.status == ActionPlan.Status.CHANGES_REQUESTED:
            # Complete is not the same as done: the coordinator's comments come first.
            steps.append(
                Step(
                    _(
                        "When you have made the changes, submit the plan again and answer "
                        "the coordinator's comments."
                    )
                    if membership.is_lead
                    else _("When the changes are made, the lead submits the plan again."),
                    url,
                )
            )
        elif not missing:
            if membership.is_lead:
                steps.append(
                    Step(
                        _("The plan is complete: submit it."),
                        reverse("actionplans:plan_submit", args=[plan.uuid]),
                    )
                )
            else:
                steps.append(Step(_("The plan is complete: the lead can submit it."), url))
    elif plan.status == ActionPlan.Status.UPCOMING:
        steps.append(
            Step(
                _("The plan is approved and takes over on 1 January %(year)d.")
                % {"year": plan.period_start},
                url,
            )
        )
    elif plan.status == ActionPlan.Status.SUBMITTED:
        steps.append(Step(_("Waiting for the coordinator's review."), url))
    elif plan.status == ActionPlan.Status.APPROVED:
        for year in report_years(plan, today):
            report = reports.get((plan.pk, year))
            if report is None or report.status == ProgressReport.Status.DRAFT:
                steps.append(
                    Step(_("Write the progress report for %(year)d.") % {"year": year}, url)
                )
            elif report.status == ProgressReport.Status.CHANGES_REQUESTED:
                steps.append(
                    Step(
                        _("The coordinator asked for changes to the progress report for %(year)d.")
                        % {"year": year},
                        reverse("actionplans:report_detail", args=[report.uuid]),
                    )
                )
        upcoming = getattr(plan, "upcoming", None)
        if upcoming is not None:
            steps.append(
                Step(
                    _(
                        "The next plan (%(start)d–%(end)d) is approved and takes over on "
                        "1 January %(start)d."
                    )
                    % {"start": upcoming.period_start, "end": upcoming.period_end},
                    reverse("actionplans:plan_detail", args=[upcoming.uuid]),
                )
            )
        elif plan.period_end <= today.year:
            steps.append(
                Step(
                    _("The plan ends in %(year)d: time to start the next plan.")
                    % {"year": plan.period_end},
                    reverse("actionplans:plan_create", args=[library.slug]),
                )
            )
    return steps


def panel(*, user, memberships):
    if not memberships:
        return None
    today = timezone.localdate()
    plans = _plans_by_library([m.library_id for m in memberships])
    approved_ids = [p.pk for p in plans.values() if p.status == ActionPlan.Status.APPROVED]
    reports = {
        (r.plan_id, r.year): r
        for r in (ProgressReport.objects.filter(plan_id__in=approved_ids) if approved_ids else [])
    }
    rows = []
    for membership in memberships:
        plan = plans.get(membership.library_id)
        rows.append(
            Row(
                library=membership.library,
                membership=membership,
                plan=plan,
                steps=_steps(plan, membership, reports, today),
            )
        )
    return {"template": "actionplans/_dashboard_panel.html", "rows": rows}
