"""This app's panel on the dashboard (/dashboard/): where each of the user's libraries manages
its events, how many past events still lack a participant count, and for coordinators the
national events. One query, whatever the number of libraries or events."""

from django.db.models import Count
from django.utils import timezone

from events.models import Event


def panel(*, user, memberships):
    libraries = [m.library for m in memberships]
    is_coordinator = user.is_authenticated and user.is_coordinator
    if not libraries and not is_coordinator:
        return None
    without_count = dict(
        Event.objects.filter(
            library_id__in=[library.pk for library in libraries],
            ends_at__lt=timezone.now(),
            participants__isnull=True,
            removed=False,
        )
        .exclude(status=Event.Status.CANCELLED)
        .values("library_id")
        .annotate(n=Count("pk"))
        .values_list("library_id", "n")
    ) if libraries else {}  # fmt: skip
    return {
        "template": "events/_dashboard_panel.html",
        "libraries": [(library, without_count.get(library.pk, 0)) for library in libraries],
        "is_coordinator": is_coordinator,
    }
