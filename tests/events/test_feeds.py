"""iCalendar out: every feed parses back with the `icalendar` package; UIDs stay, a change
raises SEQUENCE, a cancellation shows; ETag and 304."""

import datetime

import icalendar
import pytest
from django.urls import reverse

from events import services
from tests import factories

pytestmark = pytest.mark.django_db


def parse(response) -> dict:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_the_feed_round_trips_with_stable_uid_sequence_and_cancellation(
    client, library, staff, django_capture_on_commit_callbacks
):
    event = factories.EventFactory(library=library, title="Byttemarked")
    url = reverse("events:all_events_ics")
    first = parse(client.get(url))
    uid = event.ical_uid
    assert first[uid]["SUMMARY"] == "Byttemarked"
    assert int(first[uid]["SEQUENCE"]) == 0
    assert first[uid]["DTSTART"].dt == event.starts_at.replace(microsecond=0)
    assert first[uid]["DTSTART"].dt.tzinfo is not None

    with django_capture_on_commit_callbacks(execute=True):  # the pages' cache is invalidated
        services.update_event(
            event=event,
            by=staff,
            lock_version=event.lock_version,
            data={"title": "Stort byttemarked"},
        )
    second = parse(client.get(url))
    assert set(second) == set(first)  # the same UID, not a new event
    assert second[uid]["SUMMARY"] == "Stort byttemarked"
    assert int(second[uid]["SEQUENCE"]) == 1

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_event(event=event, by=staff)
    third = parse(client.get(url))
    assert third[uid]["STATUS"] == "CANCELLED"
    assert int(third[uid]["SEQUENCE"]) == 2


def test_all_day_events_are_dates_with_an_exclusive_end(client, library):
    from django.utils import timezone

    start = timezone.make_aware(datetime.datetime(2027, 6, 5))
    event = factories.EventFactory(
        library=library,
        all_day=True,
        starts_at=start,
        ends_at=start + datetime.timedelta(days=1, hours=23, minutes=59),
    )
    parsed = parse(client.get(reverse("events:event_ics", args=[event.slug])))
    component = parsed[event.ical_uid]
    assert component["DTSTART"].dt == datetime.date(2027, 6, 5)
    assert component["DTEND"].dt == datetime.date(2027, 6, 7)


def test_library_and_theme_feeds_hold_their_events(client, library, other_library):
    theme = factories.ThemeFactory()
    own = factories.EventFactory(library=library, theme=theme)
    other = factories.EventFactory(library=other_library)
    streamed = factories.EventFactory(library=None, title="National tale")
    streamed.shown_at.add(library)

    library_feed = parse(client.get(reverse("events:library_events_ics", args=[library.slug])))
    assert set(library_feed) == {own.ical_uid, streamed.ical_uid}
    theme_feed = parse(client.get(reverse("events:theme_events_ics", args=[theme.slug])))
    assert set(theme_feed) == {own.ical_uid}
    assert other.ical_uid in parse(client.get(reverse("events:all_events_ics")))


def test_feeds_answer_a_conditional_request_with_304(client, library):
    factories.EventFactory(library=library)
    url = reverse("events:all_events_ics")
    response = client.get(url)
    etag = response["ETag"]
    assert etag
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


def test_removed_events_are_left_out_of_feeds(client, library):
    event = factories.EventFactory(library=library, removed=True)
    assert event.ical_uid not in parse(client.get(reverse("events:all_events_ics")))


def test_the_national_feed_holds_the_soonest_events_up_to_its_limit(client, library, monkeypatch):
    monkeypatch.setattr("events.selectors.NATIONAL_FEED_LIMIT", 3)
    events = [factories.EventFactory(library=library) for _ in range(5)]
    soonest = sorted(events, key=lambda e: e.starts_at)[:3]
    uids = set(parse(client.get(reverse("events:all_events_ics"))))
    assert uids == {e.ical_uid for e in soonest}
