"""Events as iCalendar (RFC 5545) with the `icalendar` package: stable UIDs, SEQUENCE from the
event's change counter, STATUS:CANCELLED, times in UTC (all-day events as dates), so the feeds
import into common calendar apps without a VTIMEZONE."""

import datetime

import icalendar
from django.utils import timezone

from core.text import absolute_url

PRODID = "-//Verdensmålsportalen//Arrangementer//DA"


def _event_component(event) -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", event.ical_uid)
    component.add("sequence", event.sequence)
    component.add("dtstamp", event.updated_at.astimezone(datetime.UTC))
    component.add("last-modified", event.updated_at.astimezone(datetime.UTC))
    component.add("summary", event.title)
    if event.all_day:
        first = timezone.localtime(event.starts_at).date()
        last = timezone.localtime(event.ends_at).date()
        component.add("dtstart", first)
        component.add("dtend", last + datetime.timedelta(days=1))  # exclusive
    else:
        component.add("dtstart", event.starts_at.astimezone(datetime.UTC))
        component.add("dtend", event.ends_at.astimezone(datetime.UTC))
    url = absolute_url(event.get_absolute_url())
    component.add("url", url)
    component.add("description", f"{event.description}\n\n{url}".strip())
    location = event.address or (event.online_url if event.online else "")
    if location:
        component.add("location", location)
    component.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    if event.library_id is not None and event.library.email:
        component.add(
            "organizer",
            f"mailto:{event.library.email}",
            parameters={"CN": event.library.display_name},
        )
    return component


def calendar_bytes(events, *, name: str) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Copenhagen")
    for event in events:
        calendar.add_component(_event_component(event))
    return calendar.to_ical()
