"""Who may do what with a library, and THE answer for every app to "is this user an active
member (or lead) of this library?".

Object-level checks in every app are `rules` predicates, so views, services, templates and
tests (`user.has_perm("libraries.manage_members", library)`) ask the same question. Apps that
need several answers about one object at once build an access dataclass with ONE membership
query (`library_access` here, `actionplans.permissions.plan_access`) and define their
predicates over it. The access-checked getters live here too, so any app (and any view that
serves a file) can call them: outsiders get 404, people who may see but not change get 403.
"""

import datetime
from dataclasses import dataclass

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from libraries.models import Library, Membership

# --- Memberships ----------------------------------------------------------------------------


def active_membership(user, library) -> Membership | None:
    """`user`'s active membership of `library` (a Library or its pk), or None: one query."""
    if library is None:
        return None
    return Membership.objects.active().for_user(user).of_library(library).first()


def member_library_ids(user) -> frozenset[int]:
    """The libraries `user` is an active member of: one query, remembered on the user object
    for the rest of the request (lists of examples and plans ask it per item)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_member_library_ids"):
        user._member_library_ids = frozenset(
            Membership.objects.active().for_user(user).values_list("library_id", flat=True)
        )
    return user._member_library_ids


@dataclass(frozen=True)
class LibraryAccess:
    """Everything about one user and one library, from one membership query (whether the user
    is a coordinator is asked only when it matters, and cached on the user)."""

    user: object
    membership: Membership | None

    @property
    def is_coordinator(self) -> bool:
        return bool(
            self.user is not None and self.user.is_authenticated and self.user.is_coordinator
        )

    @property
    def is_member(self) -> bool:
        return self.membership is not None

    @property
    def is_lead(self) -> bool:
        return self.membership is not None and self.membership.is_lead

    @property
    def can_see_admin(self) -> bool:
        """The library's own pages (members, plans): its members and the coordinators."""
        return self.is_member or self.is_coordinator

    @property
    def can_manage(self) -> bool:
        """Members and profile: the library's lead and the coordinators."""
        return self.is_lead or self.is_coordinator


def library_access(user, library, *, membership=...) -> LibraryAccess:
    """What `user` may do with `library` (pass `membership` if already loaded, None for none)."""
    if membership is ...:
        membership = active_membership(user, library)
    return LibraryAccess(user=user, membership=membership)


# --- Predicates -----------------------------------------------------------------------------


@rules.predicate
def is_coordinator(user) -> bool:
    return user.is_authenticated and user.is_coordinator


@rules.predicate
def is_member(user, library) -> bool:
    return active_membership(user, library) is not None


@rules.predicate
def is_lead(user, library) -> bool:
    membership = active_membership(user, library)
    return membership is not None and membership.is_lead


# How long after a membership ends its former member still may not decide for the library.
CONFLICT_OF_INTEREST_PERIOD = datetime.timedelta(days=365)


@rules.predicate
def has_conflict_of_interest(user, library) -> bool:
    """A coordinator does not decide on the submissions of a library they belong to or belonged
    to in the last 12 months (its plans, reports, certification, examples): removing oneself
    right before deciding changes nothing. The one place this rule lives (a programme example,
    `library` None, has no library)."""
    if library is None or user is None or not user.is_authenticated:
        return False
    since = timezone.now() - CONFLICT_OF_INTEREST_PERIOD
    return (
        Membership.objects.for_user(user).of_library(library).active_or_ended_since(since).exists()
    )


can_see_library_admin = is_member | is_coordinator
can_manage_library = is_lead | is_coordinator
# A coordinator decides (approves, rejects, revokes, moderates) only without a conflict.
may_decide_for_library = is_coordinator & ~has_conflict_of_interest

rules.add_perm("libraries.see_members", can_see_library_admin)
rules.add_perm("libraries.manage_members", can_manage_library)
rules.add_perm("libraries.change_profile", can_manage_library)
rules.add_perm("libraries.decide_for", may_decide_for_library)


# --- Access-checked getters -----------------------------------------------------------------


def get_library_for_user(
    request, slug: str, *, manage: bool = False
) -> tuple[Library, LibraryAccess]:
    """A library's own pages: members and coordinators see them (others get 404); `manage`
    also requires the lead role or a coordinator (others get 403)."""
    library = get_object_or_404(Library.objects.select_related("municipality__region"), slug=slug)
    access = library_access(request.user, library)
    if not access.can_see_admin:
        raise Http404
    if manage and not access.can_manage:
        raise PermissionDenied
    return library, access
