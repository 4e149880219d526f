import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import documents
from core.files import serve_private
from core.spreadsheet import csv_response
from libraries.models import Library, Region
from libraries.permissions import member_library_ids
from themes import impact, selectors, services
from themes.forms import (
    MaterialForm,
    MessageForm,
    ReportForm,
    SignupForm,
    ThemeForm,
    cleaned_days,
    day_formset,
)
from themes.hooks import theme_events
from themes.models import Theme, ThemeMaterial, ThemeSignup
from themes.permissions import (
    can_manage_themes,
    deadline_passed,
    get_material_for_user,
    get_signup_target,
    get_signup_to_report,
    get_theme_for_coordinator,
    get_theme_for_user,
    may_report,
    require_coordinator,
)

# --- Public pages ----------------------------------------------------------------------------


def theme_list(request):
    themes = selectors.themes_for_list(coordinator=can_manage_themes(request.user))
    today = timezone.localdate()
    return render(
        request,
        "themes/theme_list.html",
        {
            "current": [t for t in themes if t.ends_on >= today],
            "past": [t for t in themes if t.ends_on < today],
            "can_manage": can_manage_themes(request.user),
        },
    )


def _my_libraries(request, theme) -> list[dict]:
    """The signed-in user's libraries, each with its sign-up (if any) and what it may do."""
    ids = member_library_ids(request.user)
    if not ids:
        return []
    by_library = {
        s.library_id: s for s in ThemeSignup.objects.filter(theme=theme, library_id__in=ids)
    }
    closed = deadline_passed(theme)
    rows = []
    for library in Library.objects.filter(pk__in=ids).select_related("municipality"):
        signup = by_library.get(library.pk)
        active = signup is not None and signup.is_active
        rows.append(
            {
                "library": library,
                "signup": signup if active else None,
                "may_change": not closed and theme.status == Theme.Status.PUBLISHED,
                "may_report": active and may_report(theme),
            }
        )
    return rows


def theme_detail(request, slug):
    theme = get_theme_for_user(request, slug)
    signups = list(selectors.active_signups(theme))
    coordinator = can_manage_themes(request.user)
    my_libraries = _my_libraries(request, theme)
    signed_up_member = any(row["signup"] for row in my_libraries)
    members = coordinator or signed_up_member
    events = theme_events(theme)
    return render(
        request,
        "themes/theme_detail.html",
        {
            "theme": theme,
            "period": theme.period_label,
            "goals": list(theme.goals.all()),
            "days": list(theme.days.all()),
            "national_partners": list(theme.national_partners.all()),
            "signups": signups,
            "participation": selectors.participation(signups),
            **selectors.map_context(signups),
            "materials": selectors.materials_for(theme, members=members),
            "ideas": selectors.idea_list(theme),
            "theme_messages": list(theme.messages.all()) if members else [],
            "events": events,
            "my_libraries": my_libraries,
            "deadline_passed": deadline_passed(theme),
            "can_manage": coordinator,
            "has_impact": theme.status == Theme.Status.PUBLISHED and may_report(theme),
        },
    )


def impact_pdf(request, slug):
    theme = get_theme_for_user(request, slug)
    if theme.status != Theme.Status.PUBLISHED:
        raise Http404
    return documents.serve_latest(request, services.IMPACT_REPORT, theme.slug)


def impact_csv(request, slug):
    theme = get_theme_for_user(request, slug)
    data = impact.figures(theme)
    return csv_response(
        impact.csv_rows(data), fieldnames=impact.CSV_FIELDS, filename=f"{theme.slug}-resultater.csv"
    )


def impact_json(request, slug):
    theme = get_theme_for_user(request, slug)
    return HttpResponse(
        json.dumps(impact.figures(theme), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )


def material_file(request, slug, uuid):
    material = get_material_for_user(request, slug, uuid)
    if not material.file:
        raise Http404
    return serve_private(request, material.file, filename=material.download_name)


# --- Coordinators: the theme itself ----------------------------------------------------------


def _theme_form_data(form, formset) -> dict:
    data = dict(form.cleaned_data)
    return {
        "data": data,
        "goals": data.pop("goals"),
        "national_partners": data.pop("national_partners"),
        "days": cleaned_days(formset),
    }


@login_required
def theme_create(request):
    require_coordinator(request)
    form = ThemeForm(
        request.POST or None, slug_taken=lambda slug: Theme.objects.filter(slug=slug).exists()
    )
    formset = day_formset(request.POST or None)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        theme = services.create_theme(by=request.user, **_theme_form_data(form, formset))
        messages.success(request, _("The theme is saved as a draft."))
        return redirect(theme)
    return render(request, "themes/theme_form.html", {"form": form, "formset": formset})


def _initial(theme) -> dict:
    return {
        **{name: getattr(theme, name) for name in services.THEME_FIELDS},
        "goals": list(theme.goals.all()),
        "national_partners": list(theme.national_partners.all()),
        "lock_version": theme.lock_version,
    }


@login_required
def theme_edit(request, slug):
    theme = get_theme_for_coordinator(request, slug)
    form = ThemeForm(
        request.POST or None,
        initial=_initial(theme),
        slug_taken=lambda s: Theme.objects.filter(slug=s).exclude(pk=theme.pk).exists(),
    )
    formset = day_formset(request.POST or None, days=list(theme.days.all()))
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        values = _theme_form_data(form, formset)
        lock_version = values["data"].pop("lock_version")
        try:
            theme = services.update_theme(
                theme=theme, by=request.user, lock_version=lock_version or 0, **values
            )
        except services.EditConflict as error:
            data = request.POST.copy()
            data["lock_version"] = str(error.current.lock_version)
            form = ThemeForm(data, initial=_initial(error.current))
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Someone else saved this theme while you were editing, so your changes were "
                    "not saved. Your text is still in the form: save again to replace theirs."
                ),
            )
        else:
            messages.success(request, _("The theme is saved."))
            return redirect(theme)
    return render(
        request, "themes/theme_form.html", {"form": form, "formset": formset, "theme": theme}
    )


@login_required
def theme_publish(request, slug):
    theme = get_theme_for_coordinator(request, slug)
    if request.method == "POST":
        services.publish_theme(theme=theme, by=request.user)
        messages.success(request, _("The theme is published."))
        return redirect(theme)
    return render(request, "themes/theme_publish.html", {"theme": theme})


# --- Sign-up ---------------------------------------------------------------------------------


@login_required
def signup(request, slug, library):
    theme, library, _access, signup = get_signup_target(request, slug, library)
    active = signup if signup is not None and signup.is_active else None
    initial = {}
    if active is not None:
        initial = {
            "contact": active.contact_id,
            "second_contact": active.second_contact_id,
            "note": active.note,
            "local_partners": list(active.local_partners.all()),
        }
    elif request.user.pk:
        initial = {"contact": request.user.pk}
    form = SignupForm(request.POST or None, initial=initial, library=library)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.sign_up(
                theme=theme,
                library=library,
                by=request.user,
                contact=data["contact"],
                second_contact=data["second_contact"],
                note=data["note"],
                local_partners=list(data["local_partners"]),
                new_partner_name=data["new_partner_name"],
                new_partner_kind=data["new_partner_kind"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(library)s is signed up for %(theme)s.")
                % {"library": library.display_name, "theme": theme.title},
            )
            return redirect(theme)
    return render(
        request,
        "themes/signup_form.html",
        {"theme": theme, "library": library, "form": form, "signup": active},
    )


@login_required
def withdraw(request, slug, library):
    theme, library, _access, signup = get_signup_target(request, slug, library)
    if signup is None or not signup.is_active:
        raise Http404
    if request.method == "POST":
        services.withdraw(signup=signup, by=request.user)
        messages.success(
            request,
            _("%(library)s has withdrawn from %(theme)s.")
            % {"library": library.display_name, "theme": theme.title},
        )
        return redirect(theme)
    return render(request, "themes/withdraw_confirm.html", {"theme": theme, "library": library})


# --- Coordinators: sign-ups, messages, toolbox, reports ----------------------------------------


@login_required
def signup_table(request, slug):
    theme = get_theme_for_coordinator(request, slug)
    regions = list(Region.objects.order_by("name"))
    region = request.GET.get("region", "")
    if region not in {r.code for r in regions}:
        region = ""
    return render(
        request,
        "themes/signup_table.html",
        {
            "theme": theme,
            "rows": selectors.signup_table(theme, region_code=region),
            "regions": regions,
            "region": region,
        },
    )


SIGNUP_CSV_FIELDS = [
    "library",
    "municipality",
    "region",
    "contact",
    "contact_email",
    "second_contact",
    "local_partners",
    "signed_up_at",
    "note",
]


@login_required
def signup_csv(request, slug):
    theme = get_theme_for_coordinator(request, slug)
    region = request.GET.get("region", "")
    rows = selectors.signup_table(theme, region_code=region)
    for row in rows:
        row["signed_up_at"] = timezone.localtime(row["signed_up_at"]).strftime("%Y-%m-%d %H:%M")
    return csv_response(
        rows, fieldnames=SIGNUP_CSV_FIELDS, filename=f"{theme.slug}-tilmeldinger.csv"
    )


@login_required
def message_create(request, slug):
    theme = get_theme_for_coordinator(request, slug)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.post_message(theme=theme, by=request.user, **form.cleaned_data)
        messages.success(request, _("The message is sent to the contact persons."))
        return redirect(theme)
    return render(
        request,
        "themes/message_form.html",
        {"theme": theme, "form": form, "recipient_count": len(services.contact_persons(theme))},
    )


@login_required
def materials(request, slug):
    theme = get_theme_for_coordinator(request, slug)
    form = MaterialForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_material(theme=theme, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The material is added to the toolbox."))
            return redirect("themes:materials", slug=theme.slug)
    return render(
        request,
        "themes/materials.html",
        {"theme": theme, "form": form, "materials": selectors.materials_for(theme, members=True)},
    )


@login_required
def material_delete(request, slug, uuid):
    theme = get_theme_for_coordinator(request, slug)
    material = ThemeMaterial.objects.filter(theme=theme, uuid=uuid).first()
    if material is None:
        raise Http404
    if request.method == "POST":
        services.delete_material(material=material, by=request.user)
        messages.success(request, _("The material is deleted."))
        return redirect("themes:materials", slug=theme.slug)
    return render(request, "themes/material_delete.html", {"theme": theme, "material": material})


@login_required
def report_overview(request, slug):
    theme = get_theme_for_coordinator(request, slug)
    signups = list(selectors.active_signups(theme))
    missing = services.missing_reports(theme)
    return render(
        request,
        "themes/report_overview.html",
        {"theme": theme, "signups": signups, "missing": missing},
    )


@login_required
@require_POST
def send_reminders(request, slug):
    theme = get_theme_for_coordinator(request, slug)
    services.request_reminders(theme=theme, by=request.user)
    messages.success(request, _("A reminder is sent to the libraries that have not reported."))
    return redirect("themes:report_overview", slug=theme.slug)


@login_required
def report(request, slug, library):
    signup = get_signup_to_report(request, slug, library)
    theme, library = signup.theme, signup.library
    existing = getattr(signup, "report", None)  # the reverse one-to-one raises AttributeError
    initial = {}
    if existing is not None:
        initial = {
            "activities": existing.activities,
            "participants": existing.participants,
            "what_worked": existing.what_worked,
            "partners": list(existing.partners.all()),
            "goals": list(existing.goals.all()),
        }
    else:
        initial = {"partners": list(signup.local_partners.all()), "goals": list(theme.goals.all())}
    form = ReportForm(request.POST or None, initial=initial, library=library)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_report(signup=signup, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: your report is saved."))
            return redirect(theme)
    events = [e for e in theme_events(theme) if e.library_id == library.pk]
    return render(
        request,
        "themes/report_form.html",
        {"theme": theme, "library": library, "form": form, "events": events, "report": existing},
    )
