"""Who may do what in certification, and the access-checked getters of its pages and files.

Reviewing is for coordinators (everyone else gets 404). Deciding, approving, rejecting or
revoking is further refused to a coordinator with a conflict of interest in the library
(libraries.permissions.has_conflict_of_interest: the one place that rule lives), so nobody
approves their own library's plan.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from actionplans.models import PlanVersion, ProgressReport
from certification.models import Certification
from libraries.models import Library
from libraries.permissions import has_conflict_of_interest, is_coordinator, is_member

can_review = is_coordinator
can_download_certificate = is_member | is_coordinator

rules.add_perm("certification.review", can_review)
rules.add_perm("certification.download_certificate", can_download_certificate)


def check_may_decide(*, by, library) -> None:
    """Raise PermissionDenied, saying why, unless `by` may decide on `library`'s submissions."""
    if by is None or not is_coordinator(by):
        raise PermissionDenied(_("Only a coordinator of the programme can decide on this."))
    if has_conflict_of_interest(by, library):
        raise PermissionDenied(
            _(
                "You are or were recently a member of %(library)s, so you cannot decide on its "
                "submissions. Ask another coordinator."
            )
            % {"library": library}
        )


# --- Access-checked getters -----------------------------------------------------------------


def _require_reviewer(request) -> None:
    if not can_review(request.user):
        raise Http404


def get_version_for_review(request, plan_uuid, number) -> PlanVersion:
    _require_reviewer(request)
    return get_object_or_404(
        PlanVersion.objects.select_related(
            "plan__library__municipality__region", "submitted_by", "decided_by"
        ),
        plan__uuid=plan_uuid,
        number=number,
    )


def get_report_for_review(request, uuid) -> ProgressReport:
    _require_reviewer(request)
    return get_object_or_404(
        ProgressReport.objects.select_related(
            "plan__library__municipality__region", "submitted_by", "decided_by"
        ),
        uuid=uuid,
    )


def get_library_for_review(request, slug) -> Library:
    """A library's audit log and history: coordinators only; everyone else gets 404."""
    _require_reviewer(request)
    return get_object_or_404(Library.objects.select_related("municipality"), slug=slug)


def get_certification_for_review(request, number) -> Certification:
    _require_reviewer(request)
    return get_object_or_404(
        Certification.objects.select_related("library__municipality"), number=number
    )


def get_certification_for_user(request, number) -> Certification:
    """A certificate is public while its certification is valid (anyone may check it, as on
    the verify page). Once revoked or expired, only the library's members and coordinators
    may download it; everyone else gets 404 at the same address."""
    certification = get_object_or_404(
        Certification.objects.select_related("library"), number=number
    )
    if not certification.is_valid() and not can_download_certificate(
        request.user, certification.library
    ):
        raise Http404
    return certification
