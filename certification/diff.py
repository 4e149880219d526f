"""What changed between two submitted versions of a plan: a pure function over snapshots.

Snapshots follow the action-plans contract (schema 1): plan fields at the top level and a list
of initiatives, each identified by its `uuid`, so an initiative keeps its identity when its
title changes.
"""

from dataclasses import dataclass, field

from actionplans.services import PLAN_FIELDS  # the snapshot's plan fields: one list

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
    """Compare lists of goals/targets/years as sets (order carries no meaning there)."""
    if value is None:
        return "" if name not in ("goals", "targets", "years", "partners", "principles") else []
    if name in ("goals", "targets", "years") and isinstance(value, list):
        return sorted(value, key=lambda v: (isinstance(v, str), v))
    return value


def _field_changes(old: dict, new: dict, names) -> list[FieldChange]:
    changes = []
    for name in names:
        before, after = _normalise(name, old.get(name)), _normalise(name, new.get(name))
        if before != after:
            changes.append(FieldChange(name, before, after))
    return changes


def diff_snapshots(old: dict | None, new: dict) -> SnapshotDiff:
    """The differences from `old` to `new`. With no old snapshot every initiative is added."""
    old = old or {}
    result = SnapshotDiff()
    if old:
        result.plan_changes = _field_changes(old, new, PLAN_FIELDS)
    old_items = {item["uuid"]: item for item in old.get("initiatives", [])}
    new_items = {item["uuid"]: item for item in new.get("initiatives", [])}
    for uuid, item in new_items.items():
        if uuid not in old_items:
            result.added.append(item)
            continue
        changes = _field_changes(old_items[uuid], item, INITIATIVE_FIELDS)
        if changes:
            result.changed.append(InitiativeChange(item, changes))
    result.removed = [item for uuid, item in old_items.items() if uuid not in new_items]
    return result
