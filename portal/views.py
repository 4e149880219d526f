import csv
import io

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from actionplans import dashboard as actionplans_dashboard
from certification import coordinator_dashboard
from certification import dashboard as certification_dashboard
from core.text import absolute_url
from inspiration import dashboard as inspiration_dashboard
from libraries.models import Membership
from libraries.permissions import can_manage_library
from portal import selectors
from portal.badge import badge_svg
from portal.caching import public_page
from portal.filters import LibraryFilter
from portal.map_context import map_context
from portal.selectors import PublicStatus

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
@public_page
def library_list(request):
    libraries = selectors.public_libraries()
    filterset = LibraryFilter(request.GET or None, queryset=libraries)
    page = Paginator(filterset.qs, LIBRARIES_PER_PAGE).get_page(request.GET.get("page"))
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
    is_manager = request.user.is_authenticated and can_manage_library.test(request.user, library)
    context = {
        "library": library,
        "status_label": PublicStatus.label(library.public_status),
        "is_certified": library.public_status == PublicStatus.CERTIFIED,
        "plan": plan,
        "areas": selectors.initiatives_by_area(plan),
        "plan_goals": selectors.goals_by_library([library.pk]).get(library.pk, []),
        "examples": selectors.library_examples(library),
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

OPEN_DATA_FIELDS = [
    "name",
    "municipality_code",
    "municipality",
    "region_code",
    "region",
    "status",
    "certificate_number",
    "valid_until",
    "sdgs",
    "profile_url",
]


def _open_data_rows(request):
    filterset = LibraryFilter(request.GET or None, queryset=selectors.public_libraries())
    libraries = selectors.attach_goals(filterset.qs)
    for library in libraries:
        certificate = selectors.shows_certificate(library)
        yield {
            "name": library.display_name,
            "municipality_code": library.municipality.code,
            "municipality": library.municipality.name,
            "region_code": library.municipality.region.code,
            "region": library.municipality.region.name,
            "status": library.public_status,
            "certificate_number": library.cert_number if certificate else None,
            "valid_until": library.cert_valid_until.isoformat() if certificate else None,
            "sdgs": [goal.number for goal in library.public_goals],
            "profile_url": absolute_url(library.get_absolute_url()),
        }


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """A cell a spreadsheet will not run: text that starts like a formula (a library's lead
    can name it "=HYPERLINK(...)") gets a leading apostrophe (OWASP, CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


@require_safe
@public_page
def libraries_csv(request):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=OPEN_DATA_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for row in _open_data_rows(request):
        row["sdgs"] = ";".join(str(number) for number in row["sdgs"])
        writer.writerow({key: csv_cell(value) for key, value in row.items()})
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="biblioteker.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
@public_page
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

DASHBOARD_PANELS = (actionplans_dashboard, certification_dashboard, inspiration_dashboard)


@login_required
def dashboard(request):
    memberships = list(
        Membership.objects.filter(user=request.user, status__in=Membership.OPEN_STATUSES)
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
