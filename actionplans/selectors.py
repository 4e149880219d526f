"""Reads for the action plan pages. Each runs a fixed number of queries."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from actionplans.models import (
    ActionPlan,
    Area,
    Decision,
    Goal,
    Initiative,
    InitiativeProgress,
    PlanVersion,
    ProgressReport,
    Target,
)
from libraries.permissions import member_library_ids

AREA_ORDER = [Area.ORGANISATION, Area.OPERATIONS, Area.CITIZENS]


def initiatives_of(plan: ActionPlan) -> list[Initiative]:
    """The plan's initiatives with their goals and targets (3 queries), in area order; each
    with `copied_from_uuid`, the uuid of the initiative it was copied from (or None)."""
    initiatives = list(
        Initiative.objects.filter(plan=plan)
        .annotate(copied_from_uuid=F("copied_from__uuid"))
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.order_by("number")),
            Prefetch("targets", queryset=Target.objects.select_related("goal").order_by("code")),
        )
    )
    return sort_initiatives(initiatives)


def sort_initiatives(initiatives):
    return sorted(initiatives, key=lambda i: (AREA_ORDER.index(i.area), i.order, i.pk))


@dataclass
class AreaGroup:
    area: str
    label: str
    initiatives: list = field(default_factory=list)


def group_by_area(initiatives, *, skip_empty: bool = False) -> list[AreaGroup]:
    """Initiatives (models, or snapshot dicts) under their areas, in area order; each area's
    initiatives keep the order they came in. `skip_empty` leaves out areas with none."""
    groups = {area: AreaGroup(area=area.value, label=area.label) for area in AREA_ORDER}
    for initiative in initiatives:
        area = initiative["area"] if isinstance(initiative, dict) else initiative.area
        groups[Area(area)].initiatives.append(initiative)
    return [group for group in groups.values() if group.initiatives or not skip_empty]


def goals_covered(initiatives) -> list[Goal]:
    goals = {goal.number: goal for i in initiatives for goal in i.goals.all()}
    return [goals[number] for number in sorted(goals)]


@dataclass
class ChecklistItem:
    key: str
    label: str
    done: bool
    count: int = 0  # how many things are missing
    todo: str = ""  # what to do about it, for the dashboard


@dataclass
class Checklist:
    items: list

    @property
    def complete(self) -> bool:
        return all(item.done for item in self.items)

    @property
    def missing(self) -> list:
        return [item for item in self.items if not item.done]

    @property
    def done_count(self) -> int:
        return sum(1 for item in self.items if item.done)


def _every_initiative(key: str, count: int, total: int, *, missing: str, done) -> ChecklistItem:
    """A rule every initiative must meet: done when there are initiatives and `count` (how
    many miss it) is 0; `missing` is the ngettext label with a %(count)d."""
    label = missing % {"count": count} if count else str(done)
    return ChecklistItem(key, label, total > 0 and not count, count, todo=label)


def _checklist(
    *, has_vision: bool, per_area: dict, without_goal: int, without_indicator: int, total: int
) -> Checklist:
    items = [
        ChecklistItem(
            "vision",
            str(_("The plan has a vision")),
            has_vision,
            todo=str(_("Write the plan's vision.")),
        )
    ]
    for area in AREA_ORDER:
        items.append(
            ChecklistItem(
                f"area_{area.value}",
                str(_("At least one initiative under “%(area)s”") % {"area": area.label}),
                per_area.get(area.value, 0) > 0,
                todo=str(_("Add an initiative under “%(area)s”.") % {"area": area.label}),
            )
        )
    items.append(
        _every_initiative(
            "goals",
            without_goal,
            total,
            missing=ngettext(
                "%(count)d initiative has no SDG",
                "%(count)d initiatives have no SDG",
                without_goal,
            ),
            done=_("Every initiative has at least one SDG"),
        )
    )
    items.append(
        _every_initiative(
            "indicators",
            without_indicator,
            total,
            missing=ngettext(
                "%(count)d initiative has no success indicator",
                "%(count)d initiatives have no success indicator",
                without_indicator,
            ),
            done=_("Every initiative has a success indicator"),
        )
    )
    return Checklist(items)


def plan_checklist(plan: ActionPlan, initiatives=None) -> Checklist:
    """The completeness checklist. Pass the plan's initiatives (with goals prefetched) if
    already loaded; otherwise they are loaded here."""
    if initiatives is None:
        initiatives = initiatives_of(plan)
    per_area: dict = {}
    for initiative in initiatives:
        per_area[initiative.area] = per_area.get(initiative.area, 0) + 1
    return _checklist(
        has_vision=bool(plan.vision.strip()),
        per_area=per_area,
        without_goal=sum(1 for i in initiatives if not i.goals.all()),
        without_indicator=sum(1 for i in initiatives if not i.indicator.strip()),
        total=len(initiatives),
    )


@dataclass(frozen=True)
class CommentToAnswer:
    """A coordinator's comment on a version the lead may answer on resubmitting: the general
    one (`uuid` "") or one on an initiative (its uuid and title in that version)."""

    uuid: str
    title: str
    comment: str
    answer: str = ""


def comments_to_answer(version: PlanVersion | None) -> list[CommentToAnswer]:
    """The comments of `version` (a version changes were asked for), general one first, each
    with the answer given in `answers` (the next version, when there is one)."""
    if version is None or version.decision != Decision.CHANGES_REQUESTED:
        return []
    titles = {item["uuid"]: item.get("title", "") for item in version.snapshot["initiatives"]}
    comments = []
    if version.decision_comment.strip():
        comments.append(CommentToAnswer("", "", version.decision_comment))
    comments += [
        CommentToAnswer(uuid, titles.get(uuid, ""), text)
        for uuid, text in (version.item_comments or {}).items()
    ]
    return comments


def answered_comments(version: PlanVersion) -> list[CommentToAnswer]:
    """The comments on the version before `version` with the answers the lead gave when
    submitting `version` (one query)."""
    previous = PlanVersion.objects.filter(
        plan_id=version.plan_id, number=version.number - 1
    ).first()
    answers = {"": version.answer_comment, **(version.item_answers or {})}
    return [
        CommentToAnswer(c.uuid, c.title, c.comment, answers.get(c.uuid, ""))
        for c in comments_to_answer(previous)
    ]


def latest_decided_version(plan: ActionPlan) -> PlanVersion | None:
    return (
        PlanVersion.objects.filter(plan=plan)
        .exclude(decision=Decision.PENDING)
        .select_related("decided_by")
        .order_by("-number")
        .first()
    )


def report_years(plan: ActionPlan, today=None) -> list[int]:
    """The plan years a progress report can be written for (the plan is approved)."""
    if plan.status != ActionPlan.Status.APPROVED:
        return []
    today = today or timezone.localdate()
    return [year for year in plan.years if year <= today.year]


def plan_page(plan: ActionPlan) -> dict:
    """Everything the plan page shows (a fixed number of queries)."""
    initiatives = initiatives_of(plan)
    versions = list(plan.versions.select_related("submitted_by").order_by("-number"))
    decided = next((v for v in versions if v.decision != Decision.PENDING), None)
    reports = {r.year: r for r in plan.reports.all()}
    comments = {}
    if decided is not None and plan.status == ActionPlan.Status.CHANGES_REQUESTED:
        comments = decided.item_comments or {}
    for initiative in initiatives:
        initiative.review_comment = comments.get(str(initiative.uuid), "")
    return {
        "initiatives": initiatives,
        "groups": group_by_area(initiatives),
        "goals_covered": goals_covered(initiatives),
        "checklist": plan_checklist(plan, initiatives),
        "versions": versions,
        "decided_version": decided,
        "report_rows": [(year, reports.get(year)) for year in report_years(plan)]
        or [(year, reports[year]) for year in sorted(reports)],
    }


def report_entries(report: ProgressReport) -> list[InitiativeProgress]:
    entries = list(
        report.entries.select_related("initiative").prefetch_related(
            Prefetch("initiative__goals", queryset=Goal.objects.order_by("number"))
        )
    )
    return sorted(
        entries,
        key=lambda e: (AREA_ORDER.index(e.initiative.area), e.initiative.order, e.initiative.pk),
    )


# --- A library's plans ----------------------------------------------------------------------


def last_approved_plan(library) -> ActionPlan | None:
    """The library's newest approved plan: upcoming, current or superseded."""
    return (
        ActionPlan.objects.filter(
            library=library,
            status__in=[
                ActionPlan.Status.UPCOMING,
                ActionPlan.Status.APPROVED,
                ActionPlan.Status.SUPERSEDED,
            ],
        )
        .order_by("-period_start", "-approved_at", "-pk")
        .first()
    )


def open_plan(library) -> ActionPlan | None:
    return ActionPlan.objects.filter(library=library, status__in=ActionPlan.OPEN_STATUSES).first()


def default_period(library) -> tuple[int, int]:
    previous = last_approved_plan(library)
    start = previous.period_end + 1 if previous else timezone.localdate().year
    return start, start + settings.PLAN_YEARS - 1


def editable_plans_for(user) -> list[ActionPlan]:
    """The plans `user` may add to now: the open, editable plans of their libraries."""
    return list(
        ActionPlan.objects.filter(
            library_id__in=member_library_ids(user), status__in=ActionPlan.EDITABLE_STATUSES
        )
        .select_related("library__municipality")
        .order_by("library__municipality__name")
    )


def report_missing(report: ProgressReport) -> list[str]:
    """What must be filled in before the report can be submitted."""
    missing = [
        gettext_now("Write a result for “%(title)s”.") % {"title": entry.initiative.title}
        for entry in report.entries.select_related("initiative")
        if not entry.result.strip()
    ]
    return missing
