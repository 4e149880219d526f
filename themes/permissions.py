"""Who may do what with themes, and the access-checked getters of their pages.

Drafts are the coordinators' own: everyone else gets 404 for them. A library's members sign it
up, change and withdraw the sign-up until the deadline; after it only coordinators change it
(members get 403). Members-only toolbox material is for the members of signed-up libraries.
"""

import datetime

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from libraries.models import Library
from libraries.permissions import is_coordinator, library_access, member_library_ids
from themes.models import Theme, ThemeMaterial, ThemeSignup

can_manage_themes = is_coordinator
rules.add_perm("themes.manage", can_manage_themes)


def deadline_passed(theme: Theme, today: datetime.date | None = None) -> bool:
    return (today or timezone.localdate()) > theme.signup_deadline


def may_change_signup(user, theme: Theme, access, today: datetime.date | None = None) -> bool:
    """Members until the deadline (of a published theme), coordinators always."""
    if access.is_coordinator:
        return True
    return (
        access.is_member
        and theme.status == Theme.Status.PUBLISHED
        and not deadline_passed(theme, today)
    )


def may_report(theme: Theme, today: datetime.date | None = None) -> bool:
    """Reports are written once the theme has started."""
    return (today or timezone.localdate()) >= theme.starts_on


def signed_up_library_ids(user, theme: Theme) -> frozenset[int]:
    """The user's libraries that are signed up to `theme` (one query)."""
    ids = member_library_ids(user)
    if not ids:
        return frozenset()
    return frozenset(
        ThemeSignup.objects.active()
        .filter(theme=theme, library_id__in=ids)
        .values_list("library_id", flat=True)
    )


def may_see_members_material(user, theme: Theme) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_coordinator or bool(signed_up_library_ids(user, theme))


# --- Access-checked getters -----------------------------------------------------------------


def get_theme_for_user(request, slug: str) -> Theme:
    """A theme's public page: published themes for everyone, drafts for coordinators (404)."""
    theme = get_object_or_404(Theme, slug=slug)
    if theme.status != Theme.Status.PUBLISHED and not can_manage_themes(request.user):
        raise Http404
    return theme


def get_theme_for_coordinator(request, slug: str) -> Theme:
    """A theme's coordinator pages: coordinators only; everyone else gets 404."""
    if not can_manage_themes(request.user):
        raise Http404
    return get_object_or_404(Theme, slug=slug)


def require_coordinator(request) -> None:
    if not can_manage_themes(request.user):
        raise Http404


def get_signup_target(request, theme_slug: str, library_slug: str, *, change: bool = True):
    """A library's sign-up to a theme: the library's members and coordinators (others 404);
    `change` also needs the deadline not to have passed, for members (403).
    Returns (theme, library, access, signup or None)."""
    theme = get_theme_for_user(request, theme_slug)
    library = get_object_or_404(
        Library.objects.select_related("municipality__region"), slug=library_slug
    )
    access = library_access(request.user, library)
    if not access.can_see_admin:
        raise Http404
    if change and not may_change_signup(request.user, theme, access):
        raise PermissionDenied
    signup = ThemeSignup.objects.filter(theme=theme, library=library).first()
    return theme, library, access, signup


def get_signup_to_report(request, theme_slug: str, library_slug: str) -> ThemeSignup:
    """The after-the-week report of a library's sign-up: its members and coordinators (others
    404); 403 before the theme starts or when the library is not signed up."""
    theme = get_theme_for_user(request, theme_slug)
    library = get_object_or_404(Library, slug=library_slug)
    access = library_access(request.user, library)
    if not access.can_see_admin:
        raise Http404
    signup = (
        ThemeSignup.objects.active()
        .select_related("theme", "library__municipality")
        .filter(theme=theme, library=library)
        .first()
    )
    if signup is None or not may_report(theme):
        raise PermissionDenied
    return signup


def get_material_for_user(request, theme_slug: str, uuid) -> ThemeMaterial:
    """A toolbox file: public material of a visible theme for everyone; members-only material
    for coordinators and the members of signed-up libraries (others 404)."""
    theme = get_theme_for_user(request, theme_slug)
    material = get_object_or_404(
        ThemeMaterial.objects.select_related("theme"), theme=theme, uuid=uuid
    )
    if material.visibility != ThemeMaterial.Visibility.PUBLIC and not may_see_members_material(
        request.user, theme
    ):
        raise Http404
    return material
