"""Who may manage partner organisations: coordinators the national ones, a library's staff the
local partners of its municipality (and coordinators every one)."""

import rules
from django.http import Http404
from django.shortcuts import get_object_or_404

from libraries.permissions import is_coordinator
from partners.models import Partner

can_manage_national_partners = is_coordinator

rules.add_perm("partners.manage_national", can_manage_national_partners)


def get_national_partner_for_coordinator(request, slug: str) -> Partner:
    """A national partner's edit page: coordinators only; everyone else gets 404."""
    if not can_manage_national_partners(request.user):
        raise Http404
    return get_object_or_404(Partner.objects.national(), slug=slug)


def require_coordinator(request) -> None:
    if not can_manage_national_partners(request.user):
        raise Http404
