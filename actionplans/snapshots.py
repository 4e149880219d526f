"""The frozen form of a submitted plan: ONE contract for what a PlanVersion's `snapshot` holds,
how it is built, how it is shown and how two of them differ.

- `build(plan)`: the plan and its initiatives as plain JSON (schema `SCHEMA`), stored on the
  version at submission and never changed afterwards.
- `present(snapshot)`: the template context for `actionplans/_snapshot.html`, the one template
  that shows a version: the library's version page, its PDF and the coordinator's review page
  (so both sides read the same text). Plan texts are plain text with their line breaks, as
  the library typed them, wherever a plan is shown (plan page, version, PDF, review, profile).
- `diff(old, new)` and `present_changes(old, new)`: what changed between two versions, for
  `actionplans/_snapshot_changes.html` on the review page.

Plan fields sit at the top level; each initiative is identified by its `uuid`, so it keeps its
identity when its title changes, and names in `copied_from` the uuid of the previous plan's
initiative it started as a copy of (None otherwise; absent in snapshots taken before copies
remembered their source), so a renewal is compared initiative by initiative too. Shown and
compared only from the snapshot (plus the SDG reference data), never from the live plan.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from actionplans.models import ActionPlan, Area, Goal, Initiative
from actionplans.selectors import group_by_area, initiatives_of

SCHEMA = 1

# The plan's own fields, at the top level of a snapshot (and the ones a library edits).
PLAN_FIELDS = (
    "period_start",
    "period_end",
    "vision",
    "principles",
    "responsible",
    "sdg_coordinator",
    "staff_involvement",
)
# An initiative's content in a snapshot; besides these each carries `uuid`, `copied_from` and
# `order` (its 0-based place within its area), which identify and place it but are not content.
INITIATIVE_FIELDS = (
    "area",
    "title",
    "description",
    "goals",
    "targets",
    "years",
    "responsible",
    "partners",
    "indicator",
    "status",
    "credit",
)
# A copy in a new plan gets the new period's years and starts its status afresh (done becomes
# running): per period, not content, so a renewal does not compare them.
PER_PERIOD_FIELDS = ("years", "status")
RENEWAL_FIELDS = tuple(name for name in INITIATIVE_FIELDS if name not in PER_PERIOD_FIELDS)
# Compared as sets: their order carries no meaning.
_UNORDERED = ("goals", "targets", "years")
_LISTS = ("goals", "targets", "years", "partners", "principles")


# --- Building -------------------------------------------------------------------------------


def _uuid_or_none(value) -> str | None:
    return str(value) if value else None


def _initiative(initiative: Initiative, position: int) -> dict:
    targets = sorted(initiative.targets.all(), key=lambda t: (t.goal_id, t.position))
    return {
        "uuid": str(initiative.uuid),
        "copied_from": _uuid_or_none(getattr(initiative, "copied_from_uuid", None)),
        "area": initiative.area,
        "title": initiative.title,
        "description": initiative.description,
        "goals": sorted(goal.number for goal in initiative.goals.all()),
        "targets": [target.code for target in targets],
        "years": sorted(int(year) for year in initiative.years),
        "responsible": initiative.responsible,
        "partners": list(initiative.partners),
        "indicator": initiative.indicator,
        "status": initiative.status,
        "order": position,
        "credit": initiative.credit,
    }


def build(plan: ActionPlan) -> dict:
    """The plan and its initiatives as plain JSON. Initiatives come in area order
    (organisation, operations, citizens), then by their order."""
    library = plan.library
    initiatives = [
        _initiative(initiative, position)
        for group in group_by_area(initiatives_of(plan))
        for position, initiative in enumerate(group.initiatives)
    ]
    return {
        "schema": SCHEMA,
        "library": {
            "name": library.display_name,
            "slug": library.slug,
            "municipality": library.municipality.name,
        },
        **{name: getattr(plan, name) for name in PLAN_FIELDS},
        "principles": list(plan.principles),
        "initiatives": initiatives,
    }


# --- Showing --------------------------------------------------------------------------------


def present(snapshot: dict, *, item_comments: dict | None = None, answered=()) -> dict:
    """Context for `actionplans/_snapshot.html`: the snapshot, its initiatives grouped by area
    (each with `goal_objects`, `status_label`, the coordinator's `review_comment` from
    `item_comments`, uuid → text, and `answered`: the comment on the previous version with the
    library's answer, from selectors.answered_comments) and the goals the plan covers. One
    query (the goals)."""
    goals = Goal.objects.by_number()
    statuses = dict(Initiative.Status.choices)
    comments = item_comments or {}
    answers = {a.uuid: a for a in answered if a.uuid}
    covered = set()
    items = []
    for item in sorted(snapshot.get("initiatives", []), key=lambda i: i.get("order", 0)):
        numbers = sorted(n for n in item.get("goals", []) if n in goals)
        covered.update(numbers)
        items.append(
            {
                **item,
                "goal_objects": [goals[n] for n in numbers],
                "status_label": statuses.get(item.get("status"), item.get("status", "")),
                "review_comment": comments.get(item.get("uuid"), ""),
                "answered": answers.get(item.get("uuid")),
            }
        )
    return {
        "snapshot": snapshot,
        "groups": group_by_area(items),
        "goals_covered": [goals[n] for n in sorted(covered)],
    }


# --- Comparing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: object
    new: object


@dataclass(frozen=True)
class InitiativeChange:
    initiative: dict  # the new version of the initiative
    changes: list[FieldChange]


@dataclass
class SnapshotDiff:
    plan_changes: list[FieldChange] = field(default_factory=list)
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    changed: list[InitiativeChange] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.plan_changes or self.added or self.removed or self.changed)


def _normalise(name: str, value):
    """A missing field counts as empty; lists of goals/targets/years compare as sets."""
    if value is None:
        return [] if name in _LISTS else ""
    if name in _UNORDERED and isinstance(value, list):
        return sorted(value, key=lambda v: (isinstance(v, str), v))
    return value


def _field_changes(old: dict, new: dict, names) -> list[FieldChange]:
    changes = []
    for name in names:
        before, after = _normalise(name, old.get(name)), _normalise(name, new.get(name))
        if before != after:
            changes.append(FieldChange(name, before, after))
    return changes


def diff(old: dict | None, new: dict) -> SnapshotDiff:
    """The differences from `old` to `new`. With no old snapshot every initiative is added.

    An initiative of `new` matches the one of `old` with its own uuid (the same plan, an
    earlier version) or, in a renewal, the one it was copied from; a renewed copy is compared
    on its content only (RENEWAL_FIELDS), not on its per-period years and status. Initiatives
    the old plan had dropped are not carried into a renewal, so their absence is no removal."""
    old = old or {}
    result = SnapshotDiff()
    if old:
        result.plan_changes = _field_changes(old, new, PLAN_FIELDS)
    old_items = {item["uuid"]: item for item in old.get("initiatives", [])}
    matched, renewal = set(), False
    for item in new.get("initiatives", []):
        if item["uuid"] in old_items:
            before, names = old_items[item["uuid"]], INITIATIVE_FIELDS
        elif item.get("copied_from") in old_items and item["copied_from"] not in matched:
            before, names = old_items[item["copied_from"]], RENEWAL_FIELDS
            renewal = True
        else:
            result.added.append(item)
            continue
        matched.add(before["uuid"])
        changes = _field_changes(before, item, names)
        if changes:
            result.changed.append(InitiativeChange(item, changes))
    result.removed = [
        item
        for uuid, item in old_items.items()
        if uuid not in matched and not (renewal and item.get("status") == "dropped")
    ]
    return result


FIELD_LABELS = {
    "period_start": _("First year"),
    "period_end": _("Last year"),
    "vision": _("Vision"),
    "principles": _("Principles"),
    "responsible": _("Responsible"),
    "sdg_coordinator": _("SDG coordinator"),
    "staff_involvement": _("Staff involvement"),
    "area": _("Area"),
    "title": _("Title"),
    "description": _("Description"),
    "goals": _("SDGs"),
    "targets": _("SDG targets"),
    "years": _("Years"),
    "partners": _("Partners"),
    "indicator": _("Success indicator"),
    "status": _("Status"),
    "credit": _("Source of the idea"),
}


def _display(name: str, value) -> str:
    if name == "area":
        return str(dict(Area.choices).get(value, value))
    if name == "status":
        return str(dict(Initiative.Status.choices).get(value, value))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    return str(value) if value not in (None, "") else "—"


def present_changes(old: dict | None, new: dict) -> dict:
    """Context for `actionplans/_snapshot_changes.html`: the diff with labelled rows."""
    result = diff(old, new)

    def rows(changes):
        return [
            {
                "label": FIELD_LABELS.get(c.field, c.field),
                "old": _display(c.field, c.old),
                "new": _display(c.field, c.new),
            }
            for c in changes
        ]

    return {
        "diff": result,
        "plan_rows": rows(result.plan_changes),
        "changed": [
            {"initiative": change.initiative, "rows": rows(change.changes)}
            for change in result.changed
        ],
    }
