"""Celery tasks: thin wrappers around events.importer."""

from celery import shared_task

from events import importer
from events.models import EventFeed


@shared_task(name="events.refresh_feeds")
def refresh_feeds():
    """Every hour (beat): queue each feed that is due (broken ones back off)."""
    for pk in importer.due_feeds().values_list("pk", flat=True):
        refresh_feed.delay(pk)


@shared_task(name="events.refresh_feed")
def refresh_feed(feed_id: int):
    feed = EventFeed.objects.select_related("library").filter(pk=feed_id).first()
    if feed is not None:
        importer.refresh_feed(feed)
