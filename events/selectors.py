"""Reads for the event pages and feeds. Each runs a fixed number of queries, whatever the number
of events (goals are prefetched, organisers joined)."""

from django.db.models import Prefetch
from django.utils import timezone

from actionplans.hooks import InitiativeActivity
from actionplans.models import Goal, Target
from events.models import Event, Speaker
from themes.hooks import ThemeEvent

LIST_RELATED = ("library__municipality__region", "theme")


def with_goals(queryset):
    return queryset.prefetch_related(Prefetch("goals", queryset=Goal.objects.order_by("number")))


def calendar_events():
    """Everything the public calendar can show (its filters narrow it down)."""
    return Event.objects.visible().select_related(*LIST_RELATED)


def event_for_page(slug: str) -> Event:
    """One public event with everything its page shows (a fixed number of queries)."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        Event.objects.visible()
        .select_related(*LIST_RELATED, "initiative__plan")
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.order_by("number")),
            Prefetch("targets", queryset=Target.objects.order_by("code")),
            "partners",
            Prefetch("shown_at__municipality"),
            Prefetch("speakers", queryset=Speaker.objects.order_by("order", "pk")),
        ),
        slug=slug,
    )


def library_events(library, *, limit: int = 10) -> dict:
    """The library's upcoming and recent events (its own and those it streams): 2 queries
    each list, goals included."""
    now = timezone.now()
    base = Event.objects.visible().of_library(library).select_related(*LIST_RELATED)
    upcoming = list(with_goals(base.upcoming(now).order_by("starts_at", "pk"))[:limit])
    past = list(with_goals(base.past(now).order_by("-starts_at", "-pk"))[:limit])
    return {"upcoming": upcoming, "past": past}


def initiative_events(initiative_ids) -> dict[int, list[Event]]:
    """{initiative id: its visible events} for a list of initiatives (one query)."""
    result: dict[int, list[Event]] = {}
    events = Event.objects.visible().filter(initiative_id__in=list(initiative_ids))
    for event in events.order_by("starts_at", "pk"):
        result.setdefault(event.initiative_id, []).append(event)
    return result


def recordings():
    return with_goals(
        Event.objects.visible().recordings().select_related(*LIST_RELATED).order_by("-starts_at")
    )


# The national feed: a calendar app re-reads a subscription whole, and rendering 10,000 events
# takes seconds (bench/run.py), so it holds the soonest ones; library and theme feeds are small.
NATIONAL_FEED_LIMIT = 500
FEED_PAST_DAYS = 30


def feed_events(queryset, *, limit: int | None = None) -> list:
    """Events for an iCalendar feed, soonest first: the last FEED_PAST_DAYS days and what is
    ahead (at most `limit`), so a subscribed calendar stays small however long the portal runs."""
    since = timezone.now() - timezone.timedelta(days=FEED_PAST_DAYS)
    events = (
        queryset.filter(removed=False, ends_at__gte=since)
        .select_related(*LIST_RELATED)
        .order_by("starts_at", "pk")
    )
    return list(events[:limit] if limit else events)


# --- Hooks for the apps below (registered in EventsConfig.ready) ----------------------------


def theme_events(theme) -> list[ThemeEvent]:
    events = Event.objects.visible().filter(theme=theme).order_by("starts_at", "pk")
    return [
        ThemeEvent(
            library_id=event.library_id,
            title=event.title,
            url=event.get_absolute_url(),
            starts_at=event.starts_at,
            participants=event.participants,
            cancelled=event.is_cancelled,
        )
        for event in events
    ]


def initiative_activity(initiative_ids) -> dict[int, list[InitiativeActivity]]:
    return {
        initiative_id: [
            InitiativeActivity(
                title=event.title,
                url=event.get_absolute_url(),
                starts_at=event.starts_at,
                participants=event.participants,
                cancelled=event.is_cancelled,
            )
            for event in events
        ]
        for initiative_id, events in initiative_events(initiative_ids).items()
    }
