"""Submitting a plan (freezing it as a version) and the version's PDF."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from actionplans import snapshots
from actionplans.models import ActionPlan, PlanVersion
from actionplans.selectors import (
    comments_to_answer,
    initiatives_of,
    latest_decided_version,
    plan_checklist,
)
from actionplans.services.checks import lock_plan, require_member
from actionplans.services.notify import tell_coordinators
from core import audit, review_queue


@transaction.atomic
def submit_plan(
    *, plan: ActionPlan, by, answer_comment: str = "", item_answers: dict | None = None
) -> PlanVersion:
    """The lead submits a complete plan: freeze it as the next version, lock the plan, tell the
    coordinators, and render the version's PDF in the background. After changes were asked
    for, the lead may answer the coordinator's general comment (`answer_comment`) and each
    comment on an initiative (`item_answers`, uuid → text); answers to nothing are dropped."""
    plan = lock_plan(plan)
    membership = require_member(plan, by)
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
    answers = {"": answer_comment, **(item_answers or {})}
    answerable = comments_to_answer(
        latest_decided_version(plan) if plan.status == ActionPlan.Status.CHANGES_REQUESTED else None
    )
    given = {c.uuid: answers[c.uuid].strip() for c in answerable if answers.get(c.uuid, "").strip()}
    version = PlanVersion.objects.create(
        plan=plan,
        number=last + 1,
        submitted_by=by,
        submitted_at=timezone.now(),
        snapshot=snapshots.build(plan),
        answer_comment=given.pop("", ""),
        item_answers=given,
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
        answers=len(given) + bool(version.answer_comment),
    )
    tell_coordinators(
        "plan_submitted",
        plan=plan,
        library=plan.library,
        version=version,
        submitted_by=by,
        url=review_queue.review_url(
            "plan",
            version,
            default=reverse("actionplans:version_detail", args=[plan.uuid, version.number]),
        ),
    )
    from actionplans import tasks  # lazily: tasks import services (see services/__init__.py)

    tasks.render_plan_version_pdf.delay_on_commit(version.pk)
    return version


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
