"""Initiatives of an editable plan: added at the end of their area, edited with optimistic
locking, moved within their area, deleted. Every way an initiative comes into a plan (typed,
copied from the last plan, adopted from an example) goes through `add_initiative`."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplans import snapshots
from actionplans.models import ActionPlan, Initiative
from actionplans.services.checks import EditConflict, lock_plan, require_editable
from core import audit

# What a library edits on an initiative: the snapshot's initiative fields (goals and targets
# are relations, set apart).
INITIATIVE_FIELDS = tuple(
    name for name in snapshots.INITIATIVE_FIELDS if name not in ("goals", "targets")
)


def _record(initiative: Initiative, plan: ActionPlan, *, verb: str, by, **data) -> None:
    audit.record(
        actor=by, verb=verb, target=initiative, library=plan.library, plan=str(plan.uuid), **data
    )


def _check_initiative_data(plan: ActionPlan, data: dict) -> None:
    goal_numbers = {goal.number for goal in data.get("goals", [])}
    for target in data.get("targets", []):
        if target.goal_id not in goal_numbers:
            raise ValidationError(
                _("Target %(code)s belongs to SDG %(goal)s, which is not chosen.")
                % {"code": target.code, "goal": target.goal_id}
            )
    stray = [year for year in data.get("years", []) if year not in plan.years]
    if stray:
        raise ValidationError(_("The years must lie within the plan's period."))


@transaction.atomic
def add_initiative(*, plan: ActionPlan, by, data: dict) -> Initiative:
    """Add an initiative at the end of its area. `data` holds INITIATIVE_FIELDS plus `goals`
    and `targets` (iterables of Goal and Target)."""
    plan = lock_plan(plan)
    require_editable(plan, by)
    _check_initiative_data(plan, data)
    last = Initiative.objects.filter(plan=plan, area=data["area"]).aggregate(last=Max("order"))
    initiative = Initiative.objects.create(
        plan=plan,
        order=(last["last"] + 1) if last["last"] is not None else 0,
        updated_by=by,
        **{name: data[name] for name in INITIATIVE_FIELDS if name in data},
    )
    initiative.goals.set(data.get("goals", []))
    initiative.targets.set(data.get("targets", []))
    _record(initiative, plan, verb="initiative.created", by=by, title=initiative.title)
    return initiative


@transaction.atomic
def update_initiative(*, initiative: Initiative, by, lock_version: int, data: dict) -> Initiative:
    """Save an initiative if nobody saved it since `lock_version` was read."""
    plan = lock_plan(initiative.plan)
    require_editable(plan, by)
    _check_initiative_data(plan, data)
    fields = {name: data[name] for name in INITIATIVE_FIELDS if name in data}
    current = Initiative.objects.get(pk=initiative.pk)
    if current.lock_version != lock_version:
        raise EditConflict(current)
    if fields.get("area", current.area) != current.area:
        last = Initiative.objects.filter(plan=plan, area=fields["area"]).aggregate(
            last=Max("order")
        )
        fields["order"] = (last["last"] + 1) if last["last"] is not None else 0
    updated = Initiative.objects.filter(pk=initiative.pk, lock_version=lock_version).update(
        **fields, lock_version=F("lock_version") + 1, updated_by=by, updated_at=timezone.now()
    )
    if not updated:
        raise EditConflict(Initiative.objects.get(pk=initiative.pk))
    if "goals" in data:
        current.goals.set(data["goals"])
    if "targets" in data:
        current.targets.set(data["targets"])
    if "order" in fields:
        _renumber(plan, current.area)
    changed = sorted(name for name in fields if fields[name] != getattr(current, name))
    _record(current, plan, verb="initiative.updated", by=by, fields=changed)
    current.refresh_from_db()
    return current


def _renumber(plan: ActionPlan, area: str) -> list[Initiative]:
    siblings = list(Initiative.objects.filter(plan=plan, area=area).order_by("order", "pk"))
    for position, sibling in enumerate(siblings):
        if sibling.order != position:
            sibling.order = position
            Initiative.objects.filter(pk=sibling.pk).update(order=position)
    return siblings


@transaction.atomic
def move_initiative(*, initiative: Initiative, direction: str, by) -> Initiative:
    """Move an initiative one place up or down within its area."""
    if direction not in ("up", "down"):
        raise ValueError(direction)
    plan = lock_plan(initiative.plan)
    require_editable(plan, by)
    siblings = _renumber(plan, initiative.area)
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == initiative.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(siblings):
        Initiative.objects.filter(pk=siblings[index].pk).update(order=other)
        Initiative.objects.filter(pk=siblings[other].pk).update(order=index)
        _record(
            initiative,
            plan,
            verb="initiative.moved",
            by=by,
            direction=direction,
            position=other + 1,
        )
    initiative.refresh_from_db()
    return initiative


@transaction.atomic
def delete_initiative(*, initiative: Initiative, by) -> None:
    plan = lock_plan(initiative.plan)
    require_editable(plan, by)
    _record(
        initiative,
        plan,
        verb="initiative.deleted",
        by=by,
        title=initiative.title,
        uuid=str(initiative.uuid),
    )
    area = initiative.area
    initiative.delete()
    _renumber(plan, area)
