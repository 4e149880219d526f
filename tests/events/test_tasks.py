import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from config.celery import app
from events import tasks
from events.models import EventFeed
from tests import factories

pytestmark = pytest.mark.django_db


def test_beat_reads_the_feeds_every_hour():
    entry = settings.CELERY_BEAT_SCHEDULE["events-refresh-feeds"]
    assert entry["schedule"] == datetime.timedelta(hours=1)
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks


def test_the_beat_task_reads_the_feeds_that_are_due_and_skips_those_backing_off(library):
    due = factories.EventFeedFactory(
        library=library, demo_file="demo-library-calendar.ics", keyword="verdensmål"
    )
    backing_off = factories.EventFeedFactory(
        library=library,
        demo_file="demo-library-calendar.ics",
        failures=3,
        last_result=EventFeed.Result.ERROR,
        next_fetch_at=timezone.now() + datetime.timedelta(hours=4),
    )
    tasks.refresh_feeds()  # eager in tests: each feed's task runs at once
    due.refresh_from_db()
    backing_off.refresh_from_db()
    assert due.last_result == EventFeed.Result.OK and due.events.exists()
    assert due.next_fetch_at > timezone.now()
    assert backing_off.last_result == EventFeed.Result.ERROR and backing_off.failures == 3
