from pathlib import PurePosixPath

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actionplans import hooks, selectors, services, snapshots
from actionplans.forms import (
    AnswersForm,
    EntryForm,
    InitiativeForm,
    NewPlanForm,
    PlanForm,
    ReportForm,
    comparison,
)
from actionplans.models import ActionPlan, Area
from actionplans.permissions import (
    get_initiative_for_user,
    get_plan_for_user,
    get_report_for_user,
    get_report_photo_for_user,
    get_version_for_user,
)
from core import documents, renders
from core.files import serve_private
from libraries.permissions import get_library_for_user


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- Plans ----------------------------------------------------------------------------------


@login_required
def library_plans(request, slug):
    library, access = get_library_for_user(request, slug)
    plans = list(
        ActionPlan.objects.filter(library=library).order_by("-period_start", "-created_at")
    )
    has_open = any(plan.status in ActionPlan.OPEN_STATUSES for plan in plans)
    return render(
        request,
        "actionplans/library_plans.html",
        {
            "library": library,
            "plans": plans,
            "can_create": access.is_member and not has_open,
            "has_open": has_open,
        },
    )


@login_required
def plan_create(request, slug):
    library, access = get_library_for_user(request, slug)
    if not access.is_member:
        raise PermissionDenied
    existing = selectors.open_plan(library)
    if existing is not None:
        messages.error(
            request,
            _("The library already has an open plan. Finish that plan before you start a new one."),
        )
        return redirect("actionplans:plan_detail", uuid=existing.uuid)
    can_copy = selectors.last_approved_plan(library) is not None
    start, end = selectors.default_period(library)
    form = NewPlanForm(
        request.POST or None,
        can_copy=can_copy,
        plan_years=settings.PLAN_YEARS,
        initial={"period_start": start, "period_end": end, "copy_last_approved": can_copy},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        copy = data.pop("copy_last_approved", False)
        try:
            plan = services.create_plan(
                library=library, by=request.user, copy_last_approved=copy, **data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The plan has been created."))
            return redirect("actionplans:plan_detail", uuid=plan.uuid)
    return render(
        request,
        "actionplans/plan_form.html",
        {"library": library, "form": form, "new": True},
    )


@login_required
def plan_detail(request, uuid):
    plan, can_edit, can_submit = get_plan_for_user(request, uuid)
    context = selectors.plan_page(plan)
    context.update(
        {
            "plan": plan,
            "library": plan.library,
            "can_edit": can_edit,
            "can_submit": can_submit,
            "access": plan.access,
            "areas": Area,
        }
    )
    return render(request, "actionplans/plan_detail.html", context)


@login_required
def plan_edit(request, uuid):
    plan, _can_edit, _can_submit = get_plan_for_user(request, uuid, edit=True)
    form = PlanForm(
        request.POST or None, initial=PlanForm.initial_from(plan), plan_years=settings.PLAN_YEARS
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        lock_version = data.pop("lock_version")
        try:
            services.update_plan(plan=plan, by=request.user, lock_version=lock_version, **data)
        except services.EditConflict as error:
            conflict = _conflict(form, PlanForm.initial_from(error.current), error.current)
            form = _form_after_conflict(
                conflict, lambda data: PlanForm(data, plan_years=settings.PLAN_YEARS)
            )
        else:
            messages.success(request, _("The plan has been saved."))
            return redirect("actionplans:plan_detail", uuid=plan.uuid)
    return render(
        request,
        "actionplans/plan_form.html",
        {"library": plan.library, "plan": plan, "form": form, "conflict": conflict},
    )


def _conflict(form, saved: dict, current) -> dict:
    """Keep what the user typed, with the saved object's lock version so that saving again is a
    deliberate choice, and the differences to show side by side."""
    data = form.data.copy()
    data["lock_version"] = str(current.lock_version)
    return {
        "data": data,
        "rows": comparison(form, saved),
        "message": _(
            "Someone else saved this while you were editing, so your changes were not saved. "
            "Compare the saved version with yours below; your text is still in the form. "
            "Save again to replace the saved version with yours."
        ),
    }


def _form_after_conflict(conflict: dict, make_form):
    """The form again with what the user typed, bound and with the conflict said at its top."""
    form = make_form(conflict["data"])
    form.is_valid()
    form.add_error(None, conflict["message"])
    return form


@login_required
def plan_submit(request, uuid):
    plan, _can_edit, _can_submit = get_plan_for_user(request, uuid, submit=True)
    page = selectors.plan_page(plan)
    comments = selectors.comments_to_answer(
        page["decided_version"] if plan.status == ActionPlan.Status.CHANGES_REQUESTED else None
    )
    form = AnswersForm(request.POST if request.method == "POST" else None, comments=comments)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            version = services.submit_plan(plan=plan, by=request.user, **form.service_data())
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                _(
                    "Version %(number)d of the plan has been submitted. "
                    "The coordinators have been told."
                )
                % {"number": version.number},
            )
            return redirect("actionplans:plan_detail", uuid=plan.uuid)
    return render(
        request,
        "actionplans/plan_submit.html",
        {
            "plan": plan,
            "library": plan.library,
            "checklist": page["checklist"],
            "errors": errors,
            "form": form,
        },
        status=400 if errors or form.errors else 200,
    )


# --- Initiatives ----------------------------------------------------------------------------


@login_required
def initiative_create(request, uuid):
    plan, _can_edit, _can_submit = get_plan_for_user(request, uuid, edit=True)
    area = request.GET.get("area")
    initial = {"area": area if area in Area.values else Area.CITIZENS, "years": plan.years}
    form = InitiativeForm(request.POST or None, plan=plan, new=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            initiative = services.add_initiative(
                plan=plan, by=request.user, data=form.service_data()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("“%(title)s” has been added.") % {"title": initiative.title}
            )
            return redirect(f"{plan_url(plan)}#initiative-{initiative.uuid}")
    return render(
        request,
        "actionplans/initiative_form.html",
        {"plan": plan, "library": plan.library, "form": form, "new": True},
    )


def plan_url(plan) -> str:
    from django.urls import reverse

    return reverse("actionplans:plan_detail", kwargs={"uuid": plan.uuid})


@login_required
def initiative_edit(request, uuid):
    initiative, _can_edit = get_initiative_for_user(request, uuid, edit=True)
    plan = initiative.plan
    form = InitiativeForm(
        request.POST or None, plan=plan, initial=InitiativeForm.initial_from(initiative)
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_initiative(
                initiative=initiative,
                by=request.user,
                lock_version=form.cleaned_data["lock_version"],
                data=form.service_data(),
            )
        except services.EditConflict as error:
            conflict = _conflict(form, InitiativeForm.initial_from(error.current), error.current)
            conflict["current"] = error.current
            form = _form_after_conflict(conflict, lambda data: InitiativeForm(data, plan=plan))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The initiative has been saved."))
            return redirect(f"{plan_url(plan)}#initiative-{initiative.uuid}")
    return render(
        request,
        "actionplans/initiative_form.html",
        {
            "plan": plan,
            "library": plan.library,
            "initiative": initiative,
            "form": form,
            "conflict": conflict,
        },
    )


@login_required
@require_POST
def initiative_move(request, uuid, direction):
    if direction not in ("up", "down"):
        raise Http404
    initiative, _can_edit = get_initiative_for_user(request, uuid, edit=True)
    services.move_initiative(initiative=initiative, direction=direction, by=request.user)
    return redirect(f"{plan_url(initiative.plan)}#initiative-{initiative.uuid}")


@login_required
def initiative_delete(request, uuid):
    initiative, _can_edit = get_initiative_for_user(request, uuid, edit=True)
    plan = initiative.plan
    if request.method == "POST":
        title = initiative.title
        services.delete_initiative(initiative=initiative, by=request.user)
        messages.success(request, _("“%(title)s” has been deleted.") % {"title": title})
        return redirect("actionplans:plan_detail", uuid=plan.uuid)
    return render(
        request,
        "actionplans/initiative_delete.html",
        {"plan": plan, "library": plan.library, "initiative": initiative},
    )


# --- Versions -------------------------------------------------------------------------------


@login_required
def version_detail(request, uuid, number):
    plan, version = get_version_for_user(request, uuid, number)
    answered = selectors.answered_comments(version)
    context = snapshots.present(
        version.snapshot, item_comments=version.item_comments, answered=answered
    )
    context.update(
        {"plan": plan, "library": plan.library, "version": version, "answered": answered}
    )
    return render(request, "actionplans/version_detail.html", context)


# Private files answer 404 to anyone who may not have them, signed in or not: a redirect to
# the login page would tell an outsider that the file exists.
def version_pdf(request, uuid, number):
    _plan, version = get_version_for_user(request, uuid, number)
    if not version.pdf:  # the worker has not stored it yet: never render it here
        renders.queue_missing("plan-version-pdf", version.pk)
        return documents.being_generated(request)
    return serve_private(request, version.pdf, filename=services.version_filename(version))


# --- Progress reports -----------------------------------------------------------------------


@login_required
@require_POST
def report_create(request, uuid):
    plan, _can_edit, _can_submit = get_plan_for_user(request, uuid)
    if not plan.access.is_member:
        raise PermissionDenied
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        raise Http404 from None
    try:
        report = services.create_report(plan=plan, year=year, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("actionplans:plan_detail", uuid=plan.uuid)
    return redirect("actionplans:report_detail", uuid=report.uuid)


def _entry_forms(report, entries, data=None, files=None):
    return [
        (
            entry,
            EntryForm(
                data,
                files,
                entry=entry,
                prefix=f"entry-{entry.pk}",
                initial=EntryForm.initial_from(entry),
            ),
        )
        for entry in entries
    ]


@login_required
def report_detail(request, uuid):
    report, can_edit, can_submit = get_report_for_user(request, uuid)
    entries = selectors.report_entries(report)
    # What carried each initiative out (events, with their participants), from higher apps.
    activity = hooks.initiative_activity(entry.initiative_id for entry in entries)
    for entry in entries:
        entry.activities = activity.get(entry.initiative_id, [])
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    posted = request.method == "POST"
    form = ReportForm(
        request.POST if posted else None,
        initial={"summary": report.summary, "lock_version": report.lock_version},
    )
    entry_forms = _entry_forms(
        report, entries, request.POST if posted else None, request.FILES if posted else None
    )
    conflict = None
    if posted and form.is_valid() and all(f.is_valid() for _e, f in entry_forms):
        try:
            services.update_report(
                report=report,
                by=request.user,
                lock_version=form.cleaned_data["lock_version"],
                summary=form.cleaned_data["summary"],
                entries={entry.pk: f.service_data() for entry, f in entry_forms},
            )
        except services.EditConflict as error:
            current = error.current
            saved_entries = {e.pk: e for e in selectors.report_entries(current)}
            conflict = _conflict(
                form, {"summary": current.summary, "lock_version": current.lock_version}, current
            )
            for entry, entry_form in entry_forms:
                saved = saved_entries.get(entry.pk)
                if saved is not None:
                    for row in comparison(entry_form, EntryForm.initial_from(saved)):
                        row["label"] = f"{entry.initiative.title}: {row['label']}"
                        conflict["rows"].append(row)
            form = _form_after_conflict(conflict, ReportForm)
        else:
            if request.POST.get("then") == "submit" and can_submit:
                return redirect("actionplans:report_submit", uuid=report.uuid)
            messages.success(request, _("The progress report has been saved."))
            return redirect("actionplans:report_detail", uuid=report.uuid)
    return render(
        request,
        "actionplans/report_detail.html",
        {
            "report": report,
            "plan": report.plan,
            "library": report.plan.library,
            "form": form,
            "entry_forms": entry_forms,
            "can_edit": can_edit,
            "can_submit": can_submit,
            "conflict": conflict,
            "has_errors": posted and (bool(form.errors) or any(f.errors for _e, f in entry_forms)),
        },
    )


def report_photo(request, uuid, initiative):
    report, entry = get_report_photo_for_user(request, uuid, initiative)
    extension = PurePosixPath(entry.photo.name).suffix
    return serve_private(request, entry.photo, filename=f"evidence-{report.year}{extension}")


@login_required
def report_submit(request, uuid):
    report, _can_edit, _can_submit = get_report_for_user(request, uuid, submit=True)
    errors = []
    if request.method == "POST":
        try:
            services.submit_report(report=report, by=request.user)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                _("The progress report for %(year)d has been submitted.") % {"year": report.year},
            )
            return redirect("actionplans:plan_detail", uuid=report.plan.uuid)
    else:
        errors = selectors.report_missing(report)
    return render(
        request,
        "actionplans/report_submit.html",
        {"report": report, "plan": report.plan, "library": report.plan.library, "errors": errors},
        status=400 if errors and request.method == "POST" else 200,
    )
