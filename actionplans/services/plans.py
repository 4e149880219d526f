"""Starting a plan (optionally as a copy of the last approved one) and editing its texts."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplans import snapshots
from actionplans.models import ActionPlan, Initiative
from actionplans.selectors import initiatives_of, last_approved_plan, open_plan
from actionplans.services.checks import EditConflict, lock_plan, require_editable
from core import audit
from libraries.permissions import active_membership

# What a library edits on a plan: the snapshot's plan fields.
PLAN_FIELDS = snapshots.PLAN_FIELDS


def _open_plan_exists_error(existing: ActionPlan | None) -> ValidationError:
    if existing is not None:
        return ValidationError(
            _(
                "The library already has an open plan (%(period)s, %(status)s). "
                "Finish that plan before you start a new one."
            )
            % {
                "period": f"{existing.period_start}–{existing.period_end}",
                "status": existing.get_status_display().lower(),
            },
            code="open_plan_exists",
        )
    return ValidationError(
        _("The library already has an open plan. Finish that plan before you start a new one."),
        code="open_plan_exists",
    )


@transaction.atomic
def create_plan(
    *,
    library,
    by,
    period_start: int,
    period_end: int | None = None,
    vision: str = "",
    principles: list | None = None,
    responsible: str = "",
    sdg_coordinator: str = "",
    staff_involvement: str = "",
    copy_last_approved: bool = False,
) -> ActionPlan:
    """A new draft plan. With `copy_last_approved`, it starts as a copy of the library's last
    approved plan (texts and initiatives); the given texts fill in only what the copy lacks."""
    if active_membership(by, library) is None:
        raise PermissionDenied(_("Only the library's own staff can start an action plan."))
    existing = open_plan(library)
    if existing is not None:
        raise _open_plan_exists_error(existing)
    if period_end is None:
        period_end = period_start + settings.PLAN_YEARS - 1
    source = last_approved_plan(library) if copy_last_approved else None
    if copy_last_approved and source is None:
        raise ValidationError(_("The library has no approved plan to copy."))
    fields = {
        "vision": vision,
        "principles": list(principles or []),
        "responsible": responsible,
        "sdg_coordinator": sdg_coordinator,
        "staff_involvement": staff_involvement,
    }
    if source is not None:
        for name in fields:
            fields[name] = fields[name] or getattr(source, name)
    try:
        with transaction.atomic():
            plan = ActionPlan.objects.create(
                library=library,
                period_start=period_start,
                period_end=period_end,
                created_by=by,
                copied_from=source,
                **fields,
            )
    except IntegrityError:  # another open plan was created at the same moment
        raise _open_plan_exists_error(open_plan(library)) from None
    copied = 0
    if source is not None:
        copied = _copy_initiatives(source=source, plan=plan, by=by)
    audit.record(
        actor=by,
        verb="plan.created",
        target=plan,
        library=library,
        period=f"{plan.period_start}-{plan.period_end}",
        copied_from=str(source.uuid) if source else None,
        initiatives_copied=copied,
    )
    return plan


def _copy_initiatives(*, source: ActionPlan, plan: ActionPlan, by) -> int:
    """Copy the source plan's initiatives (except dropped ones) into the new plan; each copy
    remembers its source, so the renewal review shows only what really changed."""
    years = set(plan.years)
    count = 0
    for initiative in initiatives_of(source):
        if initiative.status == Initiative.Status.DROPPED:
            continue
        copy = Initiative.objects.create(
            plan=plan,
            area=initiative.area,
            title=initiative.title,
            description=initiative.description,
            years=[year for year in initiative.years if year in years] or plan.years,
            responsible=initiative.responsible,
            partners=list(initiative.partners),
            indicator=initiative.indicator,
            status=(
                Initiative.Status.RUNNING
                if initiative.status == Initiative.Status.DONE
                else initiative.status
            ),
            credit=initiative.credit,
            copied_from=initiative,
            order=initiative.order,
            updated_by=by,
        )
        copy.goals.set(initiative.goals.all())
        copy.targets.set(initiative.targets.all())
        count += 1
    return count


@transaction.atomic
def update_plan(*, plan: ActionPlan, by, lock_version: int, **fields) -> ActionPlan:
    """Save the plan's own fields if nobody saved it since `lock_version` was read."""
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"update_plan got unknown fields {sorted(unknown)}")
    plan = lock_plan(plan)
    require_editable(plan, by)
    updated = ActionPlan.objects.filter(pk=plan.pk, lock_version=lock_version).update(
        **fields, lock_version=F("lock_version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise EditConflict(plan)
    audit.record(
        actor=by,
        verb="plan.updated",
        target=plan,
        library=plan.library,
        fields=sorted(name for name in fields if fields[name] != getattr(plan, name)),
    )
    plan.refresh_from_db()
    return plan
