from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from actionplans import dashboard as actionplans_dashboard
from certification import dashboard as certification_dashboard
from inspiration import dashboard as inspiration_dashboard
from libraries.models import Library, Membership


def home(request):
    return render(request, "portal/home.html", {})


def library_list(request):
    libraries = Library.objects.participating().select_related("municipality__region")
    return render(request, "portal/library_list.html", {"libraries": libraries})


def library_detail(request, slug):
    library = get_object_or_404(Library.objects.select_related("municipality__region"), slug=slug)
    return render(request, "portal/library_detail.html", {"library": library})


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
        {"memberships": memberships, "pending_requests": pending_requests, "panels": panels},
    )


def accessibility(request):
    return render(request, "portal/accessibility.html")


def privacy(request):
    return render(request, "portal/privacy.html")
