"""Reading a library's own calendar into the portal: an iCalendar feed or the JSON events API of
DPL CMS (the Danish public libraries' shared website platform: GET …/api/v1/events, a list of
events with uuid, title, description, url, state, all_day, date_time.start/end, address,
categories, tags, …).

Events are upserted by their UID in the feed. An event that leaves the feed while it is still
ahead is marked removed (never deleted: staff may have added SDGs, a theme or an initiative, and
the importer never writes those). Recurring events are expanded over a bounded window.
A feed that fails is retried later and later (backoff), and its page says why in plain words."""

import datetime
import html
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import icalendar
import recurring_ical_events
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import documents
from core.public_cache import public_data_changed
from events import fetching
from events.fetching import FetchError, FetchResult
from events.models import Event, EventFeed
from events.services import unique_slug

WINDOW_PAST = datetime.timedelta(days=30)
WINDOW_AHEAD = datetime.timedelta(days=365)
MAX_EVENTS = 2000  # per feed and fetch; more than any library's SDG calendar holds
REFRESH_EVERY = datetime.timedelta(hours=1)
MAX_BACKOFF = datetime.timedelta(hours=24)
logger = logging.getLogger(__name__)
DEMO_DIRECTORY = Path(__file__).resolve().parent / "demo"
_TAG = re.compile(r"<[^>]+>")


@dataclass
class ImportedEvent:
    external_uid: str
    title: str
    description: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    all_day: bool
    address: str
    online: bool
    online_url: str
    external_url: str
    cancelled: bool
    keywords_text: str  # what the keyword filter looks in

    def matches(self, keyword: str) -> bool:
        return not keyword or keyword.casefold() in self.keywords_text.casefold()


def _plain(text: str) -> str:
    return html.unescape(_TAG.sub(" ", text or "")).strip()


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def _aware(value) -> tuple[datetime.datetime, bool]:
    """An iCalendar DATE or DATE-TIME as an aware datetime, and whether it was a DATE."""
    if isinstance(value, datetime.datetime):
        return (value if timezone.is_aware(value) else timezone.make_aware(value)), False
    return _local_midnight(value), True


# --- iCalendar ----------------------------------------------------------------------------


def parse_ics(body: bytes, *, now: datetime.datetime) -> list[ImportedEvent]:
    try:
        calendar = icalendar.Calendar.from_ical(body)
    except (ValueError, IndexError, KeyError) as error:
        raise FetchError(_("The file is not a calendar in iCalendar format.")) from error
    if calendar.name != "VCALENDAR":
        raise FetchError(_("The file is not a calendar in iCalendar format."))
    try:
        occurrences = recurring_ical_events.of(calendar).between(
            now - WINDOW_PAST, now + WINDOW_AHEAD
        )
    except Exception as error:  # the library raises many kinds on malformed rules
        raise FetchError(
            _("The calendar has an event whose dates cannot be read (%(error)s).")
            % {"error": error}
        ) from error
    # Occurrences of a recurring event share its UID; each gets one of its own (UID#start).
    recurring = {
        str(component.get("UID", "")).strip()
        for component in calendar.walk("VEVENT")
        if "RRULE" in component or "RDATE" in component or "RECURRENCE-ID" in component
    }
    events = []
    for component in occurrences:
        if component.name != "VEVENT" or "DTSTART" not in component:
            continue
        uid = str(component.get("UID", "")).strip()
        if not uid:
            continue
        starts_at, all_day = _aware(component["DTSTART"].dt)
        if "DTEND" in component:
            ends_at, _is_date = _aware(component["DTEND"].dt)
            if all_day:
                ends_at -= datetime.timedelta(seconds=1)  # DTEND of a DATE is exclusive
        elif "DURATION" in component:
            ends_at = starts_at + component["DURATION"].dt
        else:
            ends_at = starts_at + (datetime.timedelta(days=1, seconds=-1) if all_day else
                                   datetime.timedelta(hours=1))  # fmt: skip
        if uid in recurring and "RECURRENCE-ID" in component:
            occurrence, _is_date = _aware(component["RECURRENCE-ID"].dt)
            uid = f"{uid}#{occurrence.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}"
        categories = []
        for entry in (
            component.get("CATEGORIES", [])
            if isinstance(component.get("CATEGORIES"), list)
            else [component.get("CATEGORIES")]
        ):
            if entry is not None:
                categories.extend(str(c) for c in entry.cats)
        title = str(component.get("SUMMARY", "")).strip() or _("Event")
        description = str(component.get("DESCRIPTION", "")).strip()
        location = str(component.get("LOCATION", "")).strip()
        url = str(component.get("URL", "")).strip()
        online = location.startswith(("http://", "https://"))
        events.append(
            ImportedEvent(
                external_uid=uid[:500],
                title=title[:200],
                description=description,
                starts_at=starts_at,
                ends_at=max(ends_at, starts_at),
                all_day=all_day,
                address="" if online else location[:300],
                online=online,
                online_url=location[:200] if online else "",
                external_url=url[:500] if url.startswith(("http://", "https://")) else "",
                cancelled=str(component.get("STATUS", "")).upper() == "CANCELLED",
                keywords_text=" ".join([title, description, *categories]),
            )
        )
    return events


# --- DPL CMS events API -------------------------------------------------------------------


def _iso(value: str) -> datetime.datetime:
    parsed = datetime.datetime.fromisoformat(value)
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def parse_dpl_cms(body: bytes, *, now: datetime.datetime) -> list[ImportedEvent]:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise FetchError(_("The answer is not JSON from a DPL CMS events API.")) from error
    if isinstance(data, dict):
        data = data.get("data", data.get("events"))
    if not isinstance(data, list):
        raise FetchError(_("The answer is not a list of events from a DPL CMS events API."))
    events = []
    for item in data:
        try:
            uid = str(item["uuid"])
            starts_at = _iso(item["date_time"]["start"])
            ends_at = _iso(item["date_time"]["end"])
        except (KeyError, TypeError, ValueError):
            continue  # one malformed event does not stop the others
        if ends_at < now - WINDOW_PAST or starts_at > now + WINDOW_AHEAD:
            continue
        address = item.get("address") or {}
        online = address.get("locationType") == "online"
        place = ", ".join(
            str(part)
            for part in (
                address.get("location"),
                address.get("street"),
                " ".join(str(p) for p in (address.get("zip_code"), address.get("city")) if p),
            )
            if part
        )
        title = str(item.get("title") or _("Event")).strip()
        description = _plain(item.get("description") or "")
        body_text = _plain(item.get("body") or "")
        full = "\n\n".join(part for part in (description, body_text) if part)
        url = str(item.get("url") or "")
        keywords = [*(item.get("categories") or []), *(item.get("tags") or [])]
        events.append(
            ImportedEvent(
                external_uid=uid[:500],
                title=title[:200],
                description=full,
                starts_at=starts_at,
                ends_at=max(ends_at, starts_at),
                all_day=bool(item.get("all_day")),
                address="" if online else place[:300],
                online=online,
                online_url=url[:200] if online else "",
                external_url=url[:500] if url.startswith(("http://", "https://")) else "",
                cancelled=item.get("state") == "Cancelled",
                keywords_text=" ".join([title, full, *map(str, keywords)]),
            )
        )
    return events


PARSERS = {EventFeed.Kind.ICS: parse_ics, EventFeed.Kind.DPL_CMS: parse_dpl_cms}


# --- Upsert -------------------------------------------------------------------------------

# What the feed owns; SDGs, targets, theme, initiative, partners and participants are staff's.
FEED_FIELDS = (
    "title",
    "description",
    "starts_at",
    "ends_at",
    "all_day",
    "address",
    "online",
    "online_url",
    "external_url",
)


@transaction.atomic
def apply(feed: EventFeed, items: list[ImportedEvent], *, now: datetime.datetime) -> dict:
    """Upsert `items` into the feed's events; returns counts of what changed."""
    existing = {event.external_uid: event for event in Event.objects.filter(feed=feed)}
    counts = {"created": 0, "updated": 0, "removed": 0}
    seen = set()
    for item in items:
        if item.external_uid in seen:
            continue
        seen.add(item.external_uid)
        status = Event.Status.CANCELLED if item.cancelled else Event.Status.SCHEDULED
        event = existing.get(item.external_uid)
        if event is None:
            Event.objects.create(
                library=feed.library,
                feed=feed,
                source=Event.Source.FEED,
                external_uid=item.external_uid,
                slug=unique_slug(item.title),
                status=status,
                **{name: getattr(item, name) for name in FEED_FIELDS},
            )
            counts["created"] += 1
            continue
        changed = [name for name in FEED_FIELDS if getattr(event, name) != getattr(item, name)]
        for name in changed:
            setattr(event, name, getattr(item, name))
        if event.status != status and not (
            event.status == Event.Status.MOVED and status == Event.Status.SCHEDULED
        ):
            event.status = status
            changed.append("status")
        if event.removed:
            event.removed = False
            changed.append("removed")
        if changed:
            event.sequence += 1
            event.save(update_fields=[*changed, "sequence", "updated_at"])
            counts["updated"] += 1
    # Gone from the feed: marked removed, but only events still ahead in the window; feeds
    # drop past events, and those stay in the portal's history.
    for uid, event in existing.items():
        if uid not in seen and not event.removed and event.ends_at >= now:
            event.removed = True
            event.sequence += 1
            event.save(update_fields=["removed", "sequence", "updated_at"])
            counts["removed"] += 1
    if any(counts.values()):
        public_data_changed()
        documents.request_render("programme")  # its cover counts the year's events
    return counts


def read_demo_file(feed: EventFeed) -> FetchResult:
    """DEMO DATA ONLY: the feed `seed_demo` adds reads a file shipped in events/demo/, so the
    demo shows the import without a network (file:// is refused by the safe fetcher)."""
    path = DEMO_DIRECTORY / Path(feed.demo_file).name
    return FetchResult(200, path.read_bytes(), "", "", f"demo:{path.name}")


def refresh_feed(feed: EventFeed, *, fetch=None, now: datetime.datetime | None = None) -> None:
    """Fetch one feed, upsert its events and record the outcome on the feed."""
    now = now or timezone.now()
    try:
        if feed.demo_file:
            result = read_demo_file(feed)
        else:
            result = (fetch or fetching.safe_fetch)(
                feed.url, etag=feed.etag, last_modified=feed.last_modified
            )
        if result.status == 304:
            feed.last_result = EventFeed.Result.NOT_MODIFIED
        else:
            items = [i for i in PARSERS[feed.kind](result.body, now=now) if i.matches(feed.keyword)]
            if len(items) > MAX_EVENTS:
                raise FetchError(
                    _("The calendar has %(count)s matching events; the portal reads %(max)s.")
                    % {"count": len(items), "max": MAX_EVENTS}
                )
            apply(feed, items, now=now)
            feed.last_result = EventFeed.Result.OK
            feed.last_count = len(items)
            feed.etag, feed.last_modified = result.etag[:300], result.last_modified[:100]
        feed.last_error = ""
        feed.failures = 0
        feed.next_fetch_at = now + REFRESH_EVERY
    except Exception as error:
        # A feed is someone else's data: whatever it does, record it and back off, so one
        # broken feed never stops the others (unexpected failures are logged for us too).
        if not isinstance(error, FetchError):
            logger.exception("Reading calendar feed %s failed", feed.pk)
            error = FetchError(_("The calendar could not be read because of an unexpected error."))
        feed.last_result = EventFeed.Result.ERROR
        feed.last_error = str(error)
        feed.failures = min(feed.failures + 1, 30)
        feed.next_fetch_at = now + min(REFRESH_EVERY * 2**feed.failures, MAX_BACKOFF)
    feed.last_fetched_at = now
    feed.save()


def due_feeds(now: datetime.datetime | None = None):
    from django.db.models import Q

    now = now or timezone.now()
    return EventFeed.objects.filter(Q(next_fetch_at__isnull=True) | Q(next_fetch_at__lte=now))
