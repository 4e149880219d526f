import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplans import selectors as plan_selectors
from actionplans import snapshots
from actionplans.models import Decision, ProgressReport
from certification import charts, selectors, services
from certification.forms import PlanDecisionForm, QueueFilterForm, ReportDecisionForm, RevokeForm
from certification.models import Certification
from certification.permissions import (
    can_review,
    get_certification_for_review,
    get_certification_for_user,
    get_library_for_review,
    get_report_for_review,
    get_version_for_review,
)
from core import review_queue
from core.files import serve_private
from core.models import AuditEvent
from libraries.permissions import has_conflict_of_interest

QUEUE_PAGE_SIZE = 50
LOG_PAGE_SIZE = 200


def coordinator_required(view):
    """Anonymous users go to the login page; everyone but coordinators gets 404."""

    @login_required
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_review(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _decide(request, form, decide, *, conflicts=("already_decided",)) -> int | None:
    """Carry out a coordinator's decision from the posted `form` (`decide(cleaned_data)`).
    None when it was saved; otherwise the status to show the page with, the reason at the top
    of the form: 400 for invalid input, 403 when not allowed, 409 when someone else decided
    first (`conflicts`: the ValidationError codes meaning that; None: any)."""
    if request.method != "POST":
        return 200
    if not form.is_valid():
        return 400
    try:
        decide(form.cleaned_data)
    except PermissionDenied as error:
        form.add_error(None, str(error))
        return 403
    except ValidationError as error:
        form.add_error(None, error.messages)
        return 409 if conflicts is None or error.code in conflicts else 400
    return None


# --- the queue and the overview -------------------------------------------------------------


@coordinator_required
def queue(request):
    form = QueueFilterForm(request.GET or None)
    kind = region = ""
    if form.is_valid():
        kind, region = form.cleaned_data["kind"], form.cleaned_data["region"]
    items = []
    for provider in review_queue.providers():
        if not kind or provider.kind == kind:
            items.extend(provider.items(region or None))
    items.sort(key=lambda item: item.submitted_at)
    now = timezone.now()
    page = Paginator(items, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(item, (now - item.submitted_at).days) for item in page.object_list]
    return render(
        request,
        "certification/queue.html",
        {"form": form, "page": page, "rows": rows, "total": len(items), "filtered": kind or region},
    )


@coordinator_required
def overview(request):
    coverage = selectors.goal_coverage()
    return render(
        request,
        "certification/overview.html",
        {
            "counts": selectors.overview_counts(),
            "per_year": selectors.certifications_per_year(),
            "coverage": coverage,
            "chart": charts.goal_bars(coverage),
        },
    )


# --- reviewing a plan version ---------------------------------------------------------------


@coordinator_required
def plan_review(request, plan, number):
    version = get_version_for_review(request, plan, number)
    library = version.plan.library
    initiatives = version.snapshot.get("initiatives", [])
    is_pending = version.decision == Decision.PENDING
    form = PlanDecisionForm(
        request.POST if request.method == "POST" else None,
        initiatives=initiatives,
        initial={"agreed_requirements": version.plan.agreed_requirements},
    )
    status = _decide(
        request,
        form,
        lambda data: services.decide_plan_version(
            version=version,
            decision=data["decision"],
            by=request.user,
            comment=data["comment"],
            item_comments=form.item_comments(),
            agreed_requirements=data["agreed_requirements"],
        ),
    )
    if status is None:
        messages.success(request, _("Your decision has been saved and the library told."))
        return redirect(selectors.plan_version_url(version))
    if status != 200:
        version = get_version_for_review(request, plan, number)
        is_pending = version.decision == Decision.PENDING
    previous = selectors.previous_version(version)
    answered = plan_selectors.answered_comments(version)
    return render(
        request,
        "certification/plan_review.html",
        {
            **snapshots.present(
                version.snapshot, item_comments=version.item_comments, answered=answered
            ),
            "answered": answered,
            "version": version,
            "plan": version.plan,
            "library": library,
            "previous": previous,
            "changes": snapshots.present_changes(previous.snapshot, version.snapshot)
            if previous
            else None,
            "history": selectors.library_history(library),
            "form": form,
            "is_pending": is_pending,
            "own_library": has_conflict_of_interest(request.user, library),
        },
        status=status,
    )


# --- reviewing a progress report ------------------------------------------------------------


@coordinator_required
def report_review(request, uuid):
    report = get_report_for_review(request, uuid)
    library = report.plan.library
    form = ReportDecisionForm(request.POST if request.method == "POST" else None)
    status = _decide(
        request,
        form,
        lambda data: services.decide_report(
            report=report, decision=data["decision"], by=request.user, comment=data["comment"]
        ),
    )
    if status is None:
        messages.success(request, _("Your decision has been saved and the library told."))
        return redirect(selectors.report_url(report))
    if status != 200:
        report.refresh_from_db()
    entries = list(
        report.entries.select_related("initiative").order_by(
            "initiative__area", "initiative__order", "pk"
        )
    )
    certification = (
        Certification.objects.filter(library=library).order_by("-issued_at", "-pk").first()
    )
    return render(
        request,
        "certification/report_review.html",
        {
            "report": report,
            "library": library,
            "entries": entries,
            "certification": certification,
            "history": selectors.library_history(library),
            "form": form,
            "is_pending": report.decision == Decision.PENDING
            and report.status == ProgressReport.Status.SUBMITTED,
            "own_library": has_conflict_of_interest(request.user, library),
        },
        status=status,
    )


# --- certifications -------------------------------------------------------------------------


@coordinator_required
def revoke(request, number):
    certification = get_certification_for_review(request, number)
    form = RevokeForm(request.POST if request.method == "POST" else None)
    status = _decide(
        request,
        form,
        lambda data: services.revoke_certification(
            certification=certification, by=request.user, reason=data["reason"]
        ),
        conflicts=None,
    )
    if status is None:
        messages.success(
            request,
            _("Certification %(number)s has been revoked and the library told.")
            % {"number": certification.number},
        )
        return redirect("certification:library_log", slug=certification.library.slug)
    return render(
        request,
        "certification/revoke.html",
        {"certification": certification, "library": certification.library, "form": form},
        status=status,
    )


def verify(request, number):
    """Anyone can check one certificate number; there is no list to browse."""
    number = number.strip().upper()
    certification = (
        Certification.objects.select_related("library__municipality").filter(number=number).first()
    )
    return render(
        request,
        "certification/verify.html",
        {
            "number": number,
            "certification": certification,
            "is_valid": certification is not None and certification.is_valid(),
        },
        status=200 if certification else 404,
    )


def certificate_pdf(request, number):
    certification = get_certification_for_user(request, number)
    if not certification.pdf:
        raise Http404(_("The certificate is being generated."))
    return serve_private(
        request, certification.pdf, filename=f"{certification.number}.pdf", as_attachment=True
    )


# --- the audit log --------------------------------------------------------------------------


@coordinator_required
def library_log(request, slug):
    library = get_library_for_review(request, slug)
    events = AuditEvent.objects.filter(library=library).order_by("at", "pk")
    page = Paginator(events, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    certification = Certification.objects.filter(
        library=library, status=Certification.Status.ACTIVE
    ).first()
    return render(
        request,
        "certification/library_log.html",
        {"library": library, "page": page, "certification": certification},
    )
