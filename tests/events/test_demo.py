import datetime

import icalendar
import pytest
from django.core.management import call_command
from django.utils import timezone

from events import demo
from events.models import Event, EventFeed
from themes.models import Theme


@pytest.mark.django_db
def test_the_demo_has_events_of_every_kind_and_is_idempotent(client):
    call_command("seed_demo", "--examples", "0", "--allow-without-debug", verbosity=0)
    now = timezone.now()
    own = Event.objects.filter(library__isnull=False, feed__isnull=True)
    assert own.values("library").distinct().count() >= 10
    assert own.filter(starts_at__gt=now).exists() and own.filter(ends_at__lt=now).exists()
    monday = demo._coming_uge17()
    uge17 = (monday, monday + datetime.timedelta(days=6))
    assert Event.objects.filter(starts_at__date__range=uge17).count() >= 10
    assert Event.objects.filter(status=Event.Status.CANCELLED).exists()
    talk = Event.objects.get(slug=f"demo-verdens-bedste-loesninger-live-{monday.year}")
    assert talk.library is None and talk.shown_at.count() >= 3
    assert Event.objects.visible().recordings().filter(library=None).count() >= 3
    assert Event.objects.filter(initiative__isnull=False, participants__isnull=False).exists()
    feed = EventFeed.objects.get(demo_file="demo-library-calendar.ics")
    assert feed.last_result == EventFeed.Result.OK and feed.events.count() >= 5

    # What a visitor reads: the calendar, an event page and the feeds.
    assert client.get("/events/").status_code == 200
    assert client.get(talk.get_absolute_url()).status_code == 200
    calendar = icalendar.Calendar.from_ical(client.get("/events.ics").content)
    assert len(calendar.walk("VEVENT")) >= 30

    before = Event.objects.count()
    call_command("seed_demo", "--examples", "0", "--allow-without-debug", verbosity=0)
    assert Event.objects.count() == before


@pytest.mark.django_db
def test_uge17_demo_events_join_the_demo_theme():
    call_command("seed_demo", "--examples", "0", "--allow-without-debug", verbosity=0)
    theme = Theme.objects.get(slug__startswith="uge17-")
    assert Event.objects.filter(theme=theme).count() >= 10
    assert all(
        theme.starts_on <= timezone.localtime(event.starts_at).date() <= theme.ends_on
        for event in Event.objects.filter(theme=theme)
    )
