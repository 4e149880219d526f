from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from actionplans import dashboard as actionplans_dashboard
from actionplans.selectors import group_by_area
from certification import coordinator_dashboard
from certification import dashboard as certification_dashboard
from core.caching import page_of, public_page
from core.spreadsheet import csv_response
from core.text import absolute_url
from events import dashboard as events_dashboard
from events import selectors as event_selectors
from inspiration import dashboard as inspiration_dashboard
from libraries.models import Membership
from libraries.permissions import can_manage_library
from portal import selectors
from portal.badge import badge_svg
from portal.filters import LibraryFilter
from portal.map_context import map_context
from portal.selectors import PublicStatus, open_data
from themes import dashboard as themes_dashboard
from themes.selectors import themes_of_library

LIBRARIES_PER_PAGE = 25


@require_safe
@public_page
def home(request):
    return render(
        request,
        "portal/home.html",
        {
            "texts": selectors.programme_texts(),
            "figures": selectors.figures(),
            "certifications": selectors.newest_certifications(),
            "examples": selectors.newest_examples(),
            "top_goals": selectors.top_goals(),
        },
    )


@require_safe
@public_page(params=LibraryFilter, paginated=True)
def library_list(request):
    libraries = selectors.public_libraries()
    filterset = LibraryFilter(request.GET or None, queryset=libraries)
    page = page_of(request, filterset.qs, LIBRARIES_PER_PAGE)
    page.object_list = selectors.attach_goals(page.object_list)
    is_filtered = any(
        request.GET.get(name) for name in ("q", "status", "region", "municipality", "goal")
    )
    # The map follows the filters: the municipalities of the libraries listed (one query).
    matching = (
        set(filterset.qs.order_by().values_list("municipality__code", flat=True))
        if is_filtered
        else None
    )
    context = {
        "filter": filterset,
        "page": page,
        "libraries": page.object_list,
        "status_counts": selectors.status_counts(libraries),
        "status_choices": PublicStatus.FILTER_CHOICES,
        "is_filtered": is_filtered,
        **map_context(matching_codes=matching),
    }
    return render(request, "portal/library_list.html", context)


@require_safe
@public_page
def library_detail(request, slug):
    library = get_object_or_404(selectors.with_public_status(), slug=slug)
    plan = selectors.approved_plan(library)
    is_manager = request.user.is_authenticated and can_manage_library(request.user, library)
    initiatives = list(plan.initiatives.all()) if plan else []
    initiative_events = event_selectors.initiative_events(i.pk for i in initiatives)
    for initiative in initiatives:
        initiative.carried_out_by = initiative_events.get(initiative.pk, [])
    context = {
        "library": library,
        "status_label": PublicStatus.label(library.public_status),
        "is_certified": library.public_status == PublicStatus.CERTIFIED,
        "plan": plan,
        "upcoming_plan": selectors.upcoming_plan(library),
        "areas": group_by_area(initiatives, skip_empty=True),
        "events": event_selectors.library_events(library),
        "plan_goals": selectors.goals_by_library([library.pk]).get(library.pk, []),
        "examples": selectors.library_examples(library),
        "themes": themes_of_library(library),
        "is_manager": is_manager,
        "profile_url": absolute_url(library.get_absolute_url()),
        "badge_url": absolute_url(reverse("portal:library_badge", kwargs={"slug": library.slug})),
    }
    return render(request, "portal/library_detail.html", context)


@require_safe
@public_page
def library_badge(request, slug):
    library = get_object_or_404(selectors.with_public_status(), slug=slug)
    response = HttpResponse(badge_svg(library), content_type="image/svg+xml; charset=utf-8")
    return response


# --- Open data ----------------------------------------------------------------------------------


def _open_data_rows(request):
    filterset = LibraryFilter(request.GET or None, queryset=selectors.public_libraries())
    return open_data.rows(filterset.qs)


@require_safe
@public_page(params=LibraryFilter)
def libraries_csv(request):
    def rows():
        for row in _open_data_rows(request):
            yield {**row, "sdgs": ";".join(str(number) for number in row["sdgs"])}

    response = csv_response(rows(), fieldnames=open_data.FIELDS, filename="biblioteker.csv")
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
@public_page(params=LibraryFilter)
def libraries_json(request):
    rows = list(_open_data_rows(request))
    response = JsonResponse(
        {
            "generated": timezone.now().isoformat(timespec="seconds"),
            "licence": "CC BY 4.0",
            "statuses": {status: str(PublicStatus.label(status)) for status in PublicStatus.ORDER},
            "count": len(rows),
            "libraries": rows,
        },
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def robots_txt(request):
    lines = ["User-agent: *"]
    for prefix in ("", "/en"):
        for path in ("accounts/", "dashboard/", "review/", "manage/", "plans/", "examples/",
                     "join/", "admin/"):  # fmt: skip
            lines.append(f"Disallow: {prefix}/{path}")
    lines.append(f"Sitemap: {absolute_url(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# --- Static pages -------------------------------------------------------------------------------


@require_safe
@public_page
def accessibility(request):
    return render(request, "portal/accessibility.html")


@require_safe
@public_page
def privacy(request):
    return render(
        request,
        "portal/privacy.html",
        {"session_minutes": settings.SESSION_COOKIE_AGE // 60},
    )


# --- The signed-in dashboard ----------------------------------------------------------------------

DASHBOARD_PANELS = (
    actionplans_dashboard,
    certification_dashboard,
    inspiration_dashboard,
    themes_dashboard,
    events_dashboard,
)


@login_required
def dashboard(request):
    memberships = list(
        Membership.objects.open()
        .for_user(request.user)
        .select_related("library__municipality")
        .order_by("library__municipality__name")
    )
    active = [m for m in memberships if m.status == Membership.Status.ACTIVE]
    lead_library_ids = [m.library_id for m in active if m.is_lead]
    pending_requests = list(
        Membership.objects.pending()
        .filter(library_id__in=lead_library_ids)
        .select_related("user", "library__municipality")
        .order_by("requested_at")
    )
    panels = [
        panel
        for module in DASHBOARD_PANELS
        if (panel := module.panel(user=request.user, memberships=active)) is not None
    ]
    return render(
        request,
        "portal/dashboard.html",
        {
            "memberships": memberships,
            "pending_requests": pending_requests,
            "panels": panels,
            "coordinator_panel": coordinator_dashboard.panel(user=request.user, memberships=active),
        },
    )
