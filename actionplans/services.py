"""State changes of action plans, initiatives, plan versions and progress reports.

Every change checks who may make it, writes its audit event in the same transaction, and
e-mails or queues background work only once the transaction has committed. Edits are
optimistic: the caller passes the `lock_version` it read, and a save over someone else's newer
save is refused with `EditConflict` instead of silently overwriting it.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from actionplans import snapshots
from actionplans.models import (
    ActionPlan,
    Initiative,
    InitiativeProgress,
    PlanVersion,
    ProgressReport,
)
from actionplans.permissions import report_editable
from actionplans.selectors import (
    initiatives_of,
    plan_checklist,
    report_years,
)
from core import audit
from core.emails import send_email_on_commit
from libraries.permissions import active_membership

# What a library edits on a plan and an initiative: the snapshot's fields (goals and targets of
# an initiative are set apart, as relations).
PLAN_FIELDS = snapshots.PLAN_FIELDS
INITIATIVE_FIELDS = tuple(
    name for name in snapshots.INITIATIVE_FIELDS if name not in ("goals", "targets")
)


class EditConflict(Exception):
    """Someone else saved the object after the editor loaded it. `current` is the saved one."""

    def __init__(self, current):
        super().__init__("edit conflict")
        self.current = current


# --- Checks -------------------------------------------------------------------------------


def _lock_plan(plan: ActionPlan) -> ActionPlan:
    return ActionPlan.objects.select_for_update().select_related("library").get(pk=plan.pk)


def _require_member(plan: ActionPlan, by):
    membership = active_membership(by, plan.library_id)
    if membership is None:
        raise PermissionDenied(_("Only the library's own staff can change its action plan."))
    return membership


def _require_editable(plan: ActionPlan, by) -> None:
    _require_member(plan, by)
    if not plan.is_editable:
        raise PermissionDenied(
            _("This plan is %(status)s and cannot be changed.")
            % {"status": plan.get_status_display().lower()}
        )


# --- Plans --------------------------------------------------------------------------------


def last_approved_plan(library) -> ActionPlan | None:
    return (
        ActionPlan.objects.filter(
            library=library,
            status__in=[ActionPlan.Status.APPROVED, ActionPlan.Status.SUPERSEDED],
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
    """Copy the source plan's initiatives (except dropped ones) into the new plan."""
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
    plan = _lock_plan(plan)
    _require_editable(plan, by)
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


# --- Initiatives --------------------------------------------------------------------------


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
    plan = _lock_plan(plan)
    _require_editable(plan, by)
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
    audit.record(
        actor=by,
        verb="initiative.created",
        target=initiative,
        library=plan.library,
        plan=str(plan.uuid),
        title=initiative.title,
    )
    return initiative


@transaction.atomic
def update_initiative(*, initiative: Initiative, by, lock_version: int, data: dict) -> Initiative:
    """Save an initiative if nobody saved it since `lock_version` was read."""
    plan = _lock_plan(initiative.plan)
    _require_editable(plan, by)
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
    audit.record(
        actor=by,
        verb="initiative.updated",
        target=current,
        library=plan.library,
        plan=str(plan.uuid),
        fields=sorted(name for name in fields if fields[name] != getattr(current, name)),
    )
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
    plan = _lock_plan(initiative.plan)
    _require_editable(plan, by)
    siblings = _renumber(plan, initiative.area)
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == initiative.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(siblings):
        Initiative.objects.filter(pk=siblings[index].pk).update(order=other)
        Initiative.objects.filter(pk=siblings[other].pk).update(order=index)
        audit.record(
            actor=by,
            verb="initiative.moved",
            target=initiative,
            library=plan.library,
            plan=str(plan.uuid),
            direction=direction,
            position=other + 1,
        )
    initiative.refresh_from_db()
    return initiative


@transaction.atomic
def delete_initiative(*, initiative: Initiative, by) -> None:
    plan = _lock_plan(initiative.plan)
    _require_editable(plan, by)
    audit.record(
        actor=by,
        verb="initiative.deleted",
        target=initiative,
        library=plan.library,
        plan=str(plan.uuid),
        title=initiative.title,
        uuid=str(initiative.uuid),
    )
    area = initiative.area
    initiative.delete()
    _renumber(plan, area)


# --- Snapshots and submission -------------------------------------------------------------


@transaction.atomic
def submit_plan(*, plan: ActionPlan, by) -> PlanVersion:
    """The lead submits a complete plan: freeze it as the next version, lock the plan, tell the
    coordinators, and render the version's PDF in the background."""
    plan = _lock_plan(plan)
    membership = _require_member(plan, by)
    if not membership.is_lead:
        raise PermissionDenied(_("Only the library's lead can submit the plan."))
    if not plan.is_editable:
        raise ValidationError(
            _("This plan is %(status)s and cannot be submitted again.")
            % {"status": plan.get_status_display().lower()}
        )
    initiatives = initiatives_of(plan)
    checklist = plan_checklist(plan, initiatives)
    if not checklist.complete:
        raise ValidationError(
            [_("The plan is not complete yet:")] + [item.label for item in checklist.missing],
            code="incomplete",
        )
    last = plan.versions.aggregate(last=Max("number"))["last"] or 0
    version = PlanVersion.objects.create(
        plan=plan,
        number=last + 1,
        submitted_by=by,
        submitted_at=timezone.now(),
        snapshot=snapshots.build(plan),
    )
    ActionPlan.objects.filter(pk=plan.pk).update(
        status=ActionPlan.Status.SUBMITTED,
        lock_version=F("lock_version") + 1,
        updated_at=timezone.now(),
    )
    plan.refresh_from_db()
    audit.record(
        actor=by,
        verb="plan.submitted",
        target=plan,
        library=plan.library,
        version=version.number,
        initiatives=len(initiatives),
    )
    from accounts.models import User

    send_email_on_commit(
        users=User.objects.coordinators(),
        template_prefix="actionplans/emails/plan_submitted",
        context={
            "plan": plan,
            "library": plan.library,
            "version": version,
            "submitted_by": by,
            "url": reverse("actionplans:version_detail", args=[plan.uuid, version.number]),
        },
    )
    from actionplans import tasks

    version_id = version.pk
    transaction.on_commit(lambda: tasks.render_plan_version_pdf.delay(version_id))
    return version


# --- Version PDFs -------------------------------------------------------------------------


def version_filename(version: PlanVersion) -> str:
    snapshot = version.snapshot
    slug = snapshot.get("library", {}).get("slug", "plan")
    return (
        f"handleplan-{slug}-{snapshot.get('period_start')}-{snapshot.get('period_end')}"
        f"-v{version.number}.pdf"
    )


def render_version_pdf(version: PlanVersion) -> bytes:
    """The version as PDF bytes, in the portal's default language."""
    with translation.override(settings.LANGUAGE_CODE):
        return _render(version)


def _render(version: PlanVersion) -> bytes:
    from core.pdf import render_pdf

    context = snapshots.present(version.snapshot)
    context.update({"version": version, "LANGUAGE_CODE": translation.get_language()})
    return render_pdf("actionplans/pdf/plan_version.html", context)


def store_version_pdf(*, version_id: int) -> PlanVersion:
    """Render a version's PDF and store it, once: a version that has its PDF keeps it."""
    version = PlanVersion.objects.select_related("plan").get(pk=version_id)
    if version.pdf:
        return version
    data = render_version_pdf(version)
    with transaction.atomic():
        locked = PlanVersion.objects.select_for_update().get(pk=version_id)
        if locked.pdf:
            return locked
        name = locked.pdf.storage.save(
            locked.pdf.field.generate_filename(locked, version_filename(locked)),
            ContentFile(data),
        )
        # Only the PDF columns: the decision fields belong to the reviewer.
        PlanVersion.objects.filter(pk=version_id).update(pdf=name, pdf_generated_at=timezone.now())
    return PlanVersion.objects.select_related("plan").get(pk=version_id)


# --- Progress reports ---------------------------------------------------------------------


@transaction.atomic
def create_report(*, plan: ActionPlan, year: int, by) -> ProgressReport:
    """Start the progress report for one plan year (or return the one already started)."""
    plan = _lock_plan(plan)
    _require_member(plan, by)
    if plan.status != ActionPlan.Status.APPROVED:
        raise ValidationError(_("Progress reports can only be written for an approved plan."))
    if year not in report_years(plan):
        raise ValidationError(
            _("A progress report can be written for the plan's years up to this year.")
        )
    existing = ProgressReport.objects.filter(plan=plan, year=year).first()
    if existing is not None:
        return existing
    report = ProgressReport.objects.create(plan=plan, year=year)
    for initiative in initiatives_of(plan):
        InitiativeProgress.objects.create(
            report=report, initiative=initiative, status=initiative.status
        )
    audit.record(actor=by, verb="report.created", target=report, library=plan.library, year=year)
    return report


def _lock_report(report: ProgressReport) -> ProgressReport:
    return (
        ProgressReport.objects.select_for_update().select_related("plan__library").get(pk=report.pk)
    )


ENTRY_FIELDS = ("status", "result", "indicator_value", "evidence_links", "photo_alt")


@transaction.atomic
def update_report(
    *, report: ProgressReport, by, lock_version: int, summary: str, entries: dict
) -> ProgressReport:
    """Save a report's summary and entries (`entries`: entry pk -> dict of ENTRY_FIELDS and
    optionally `photo`: a new file, or False to remove the photo)."""
    report = _lock_report(report)
    _require_member(report.plan, by)
    if not report_editable(report):
        raise PermissionDenied(_("This progress report has been submitted and is locked."))
    updated = ProgressReport.objects.filter(pk=report.pk, lock_version=lock_version).update(
        summary=summary, lock_version=F("lock_version") + 1
    )
    if not updated:
        raise EditConflict(report)
    for entry in report.entries.all():
        values = entries.get(entry.pk)
        if values is None:
            continue
        for name in ENTRY_FIELDS:
            if name in values:
                setattr(entry, name, values[name])
        photo = values.get("photo")
        if photo is False and entry.photo:
            entry.photo.delete(save=False)
            entry.photo_alt = ""
        elif photo:
            entry.photo.save(photo.name, photo, save=False)
        entry.save()
    audit.record(
        actor=by,
        verb="report.updated",
        target=report,
        library=report.plan.library,
        year=report.year,
    )
    report.refresh_from_db()
    return report


def report_missing(report: ProgressReport) -> list[str]:
    """What must be filled in before the report can be submitted."""
    missing = [
        _("Write a result for “%(title)s”.") % {"title": entry.initiative.title}
        for entry in report.entries.select_related("initiative")
        if not entry.result.strip()
    ]
    return missing


@transaction.atomic
def submit_report(*, report: ProgressReport, by) -> ProgressReport:
    """The lead submits the year's progress report to the coordinators."""
    report = _lock_report(report)
    membership = _require_member(report.plan, by)
    if not membership.is_lead:
        raise PermissionDenied(_("Only the library's lead can submit the progress report."))
    if not report_editable(report):
        raise ValidationError(_("This progress report has already been submitted."))
    missing = report_missing(report)
    if missing:
        raise ValidationError([_("The report is not complete yet:"), *missing], code="incomplete")
    now = timezone.now()
    ProgressReport.objects.filter(pk=report.pk).update(
        status=ProgressReport.Status.SUBMITTED,
        submitted_at=now,
        submitted_by=by,
        decision="pending",
        lock_version=F("lock_version") + 1,
    )
    report.refresh_from_db()
    audit.record(
        actor=by,
        verb="report.submitted",
        target=report,
        library=report.plan.library,
        year=report.year,
    )
    from accounts.models import User

    send_email_on_commit(
        users=User.objects.coordinators(),
        template_prefix="actionplans/emails/report_submitted",
        context={
            "report": report,
            "plan": report.plan,
            "library": report.plan.library,
            "submitted_by": by,
            "url": reverse("actionplans:report_detail", args=[report.uuid]),
        },
    )
    return report
