"""Who may change which event. The organiser in a URL is a library's slug, or NATIONAL for the
programme's own events (the coordinators'). Outsiders get 404, readers 403 (DESIGN §2)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from events.models import Event, EventFeed, Speaker
from libraries.permissions import LibraryAccess, get_library_for_user, library_access

NATIONAL = "national"


def get_organiser_for_user(request, slug: str, *, change: bool = False, manage: bool = False):
    """(library or None for national, access). Library events: members see and change them,
    coordinators see them; `manage` (the calendar feed) needs the lead or a coordinator.
    National events: coordinators only."""
    if slug == NATIONAL:
        access = library_access(request.user, None, membership=None)
        if not access.is_coordinator:
            raise Http404
        return None, access
    library, access = get_library_for_user(request, slug, manage=manage)
    if change and not access.is_member:
        raise PermissionDenied
    return library, access


def get_event_for_user(request, slug: str, event_slug: str, *, change: bool = True):
    library, access = get_organiser_for_user(request, slug, change=change)
    event = get_object_or_404(
        Event.objects.select_related("library__municipality", "theme", "initiative"),
        slug=event_slug,
        library=library,
    )
    return event, library, access


def get_speaker_for_user(request, slug: str, event_slug: str, pk: int):
    event, library, _access = get_event_for_user(request, slug, event_slug)
    return get_object_or_404(Speaker, pk=pk, event=event), event, library


def get_feed_for_user(request, slug: str, pk: int) -> tuple[EventFeed, LibraryAccess]:
    library, access = get_library_for_user(request, slug, manage=True)
    return get_object_or_404(EventFeed, pk=pk, library=library), access
