"""Thin Celery wrappers around core services (they import the services at the top; the
services import this module lazily where they queue: see actionplans/services/__init__.py)."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from core import documents

logger = logging.getLogger(__name__)

RENDER_RETRIES = 4
RENDER_BACKOFF_SECONDS = 30  # 30 s, 60 s, 120 s, 240 s


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=RENDER_RETRIES,
    # Time limits: settings.CELERY_TASK_(SOFT_)TIME_LIMIT, which the broker's visibility
    # timeout is checked against.
)
def render_document(self, kind: str, key: str = "") -> int | None:
    """Render one public PDF (by kind) and store it; the newest good file stays served on
    failure. Idempotent: the same data gives the same file and no new row."""
    try:
        return documents.render_now(kind, key).pk
    except (Exception, SoftTimeLimitExceeded) as error:
        if self.request.is_eager:
            # In-process (no broker): never break the request that queued it; the log has it.
            logger.error("Rendering %s failed in-process: %s", kind, error)
            return None
        if self.request.retries >= RENDER_RETRIES:
            logger.error("Rendering %s failed %d times; giving up", kind, RENDER_RETRIES + 1)
            raise
        countdown = RENDER_BACKOFF_SECONDS * 2**self.request.retries
        logger.warning("Rendering %s failed; retrying in %d s", kind, countdown)
        raise self.retry(exc=error, countdown=countdown) from error


@shared_task(name="core.reconcile_renders")
def reconcile_renders() -> dict[str, int]:
    """Queue every PDF render that is due and not done (beat, every few minutes)."""
    from core import renders

    return renders.reconcile()


@shared_task(name="core.delete_stale_kept_uploads")
def delete_stale_kept_uploads() -> int:
    """Files kept for forms that were never sent again (beat, daily)."""
    from core import uploads

    return uploads.delete_stale_kept_uploads()
