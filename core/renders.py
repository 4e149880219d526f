"""Files the worker renders, and the run that makes sure none is lost.

Two kinds of rendered files:
- public documents (the catalogue, the programme description): `core.documents`;
- one file per object (a certification's certificate, a plan version's PDF): registered here by
  their app, so core can find and queue what is missing without importing the apps.

    renders.register(renders.ObjectRender(
        kind="plan-version-pdf",
        missing=lambda: PlanVersion.objects.filter(pdf=""),
        waiting_since="submitted_at",
        queue=lambda pk: tasks.render_plan_version_pdf.delay(pk),
    ))

`reconcile()` (the beat task `core.reconcile_renders`, and `manage.py reconcile_renders`)
queues every render that should have happened and has not: a document older than the newest
change it shows, an object without its file. `waiting()` tells /healthz how many wait and how
long the oldest has waited.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Min, QuerySet
from django.utils import timezone

from core import documents

logger = logging.getLogger(__name__)

RECONCILE_BATCH = 100  # objects queued per kind and run; the next run takes the rest


@dataclass(frozen=True)
class ObjectRender:
    kind: str
    missing: Callable[[], QuerySet]  # objects whose file should exist and does not
    waiting_since: str  # the datetime field that says since when each one has waited
    queue: Callable[[int], object]  # queue the render of one object, by primary key


_registry: dict[str, ObjectRender] = {}


def register(render: ObjectRender) -> None:
    _registry[render.kind] = render


def registered() -> list[ObjectRender]:
    return list(_registry.values())


def _queued_key(kind: str, pk: int) -> str:
    return f"renders:queued:{kind}:{pk}"


def queue(kind: str, pk: int) -> bool:
    """Queue one object's render unless it was queued lately: a task lost with its worker comes
    back by itself after the broker's visibility timeout, so not before that."""
    if not cache.add(_queued_key(kind, pk), 1, settings.CELERY_VISIBILITY_TIMEOUT):
        return False
    _registry[kind].queue(pk)
    return True


def queue_missing(kind: str, pk: int) -> None:
    """A page found an object's file missing: queue its render for the worker. A web request
    never renders, so without a broker (tasks in-process) this waits for `reconcile_renders`."""
    from celery import current_app  # the project's app (config.celery); core does not import config

    if not current_app.conf.task_always_eager:
        queue(kind, pk)


def reconcile() -> dict[str, int]:
    """Queue every render that is due and not done. Returns how many were queued per kind."""
    queued = {}
    for (kind, key), state in documents.states().items():
        queued.setdefault(kind, 0)
        if not state.is_current:
            queued[kind] += int(documents.schedule_render(kind, key))
    for render in _registry.values():
        ids = (
            render.missing()
            .order_by(render.waiting_since, "pk")
            .values_list("pk", flat=True)[:RECONCILE_BATCH]
        )
        queued[render.kind] = sum(queue(render.kind, pk) for pk in ids)
    if any(queued.values()):
        logger.warning("Reconcile queued renders that were due: %s", queued)
    return queued


@dataclass(frozen=True)
class Waiting:
    count: int
    oldest: datetime | None

    @property
    def oldest_seconds(self) -> int | None:
        if self.oldest is None:
            return None
        return max(0, int((timezone.now() - self.oldest).total_seconds()))


def waiting() -> Waiting:
    """Renders that are due and not done (queued, running or lost), and the oldest's time."""
    count, since = 0, []
    for state in documents.states().values():
        if not state.is_current:
            count += 1
            if state.changed_at is not None:
                since.append(state.changed_at)
    for render in _registry.values():
        found = render.missing().aggregate(count=Count("pk"), oldest=Min(render.waiting_since))
        count += found["count"]
        if found["oldest"] is not None:
            since.append(found["oldest"])
    return Waiting(count=count, oldest=min(since, default=None))
