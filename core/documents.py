"""Public PDFs rendered in the background (the inspiration catalogue, the programme description).

The API the apps use:

- `register(kind, build)`: an app (in its AppConfig.ready) says how to build one kind of
  document; `build()` returns a `RenderJob` (template, context, item count).
- `request_render(kind)`: call inside the transaction that changed what the document shows;
  the render is queued after commit, and a burst of requests collapses into one render.
- `serve_latest(request, kind)`: the newest finished file with ETag, Content-Length and cache
  headers (304 for a conditional request), or a clear "not generated yet" page. Never renders.

How a burst collapses: the first request after a quiet period sets a "render pending" marker
in the shared cache (an atomic `cache.add`) and queues the render task with a short countdown;
further requests while the marker is set do nothing. The task clears the marker before it reads
the database, so a change made while it renders queues exactly one more render. Twenty
approvals in a minute therefore cause one or two renders. The marker expires after
settings.RENDER_PENDING_SECONDS, so a lost task blocks new renders for minutes at most.

How nothing is lost: each change also records its time in the database (`DocumentState`), and
each good render the time it started reading. A document whose newest change is later than its
newest render is out of date; `core.renders.reconcile` (on the beat schedule) queues it again,
whatever happened to the task that should have rendered it.

The task is idempotent: rendering the same data again gives the same bytes (WeasyPrint output
is deterministic), the same content hash and no new row. A failed render writes a `failed` row,
is logged and retried with backoff by the task; the newest `done` file stays served.
"""

import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

logger = logging.getLogger(__name__)

# Seconds the render waits after the first change of a burst, so the burst collapses into one.
RENDER_DELAY_SECONDS = 20
# Browsers and proxies may keep a file this long before asking again (with If-None-Match).
CACHE_SECONDS = 5 * 60
RENDER_LANGUAGE = "da"


@dataclass(frozen=True)
class RenderJob:
    template_name: str
    context: dict
    item_count: int
    filename: str  # e.g. "inspirationskatalog.pdf", for Content-Disposition


_builders: dict[str, Callable[[], RenderJob]] = {}


def register(kind: str, build: Callable[[], RenderJob]) -> None:
    _builders[kind] = build


def builder(kind: str) -> Callable[[], RenderJob]:
    return _builders[kind]


def registered_kinds() -> list[str]:
    return list(_builders)


def _pending_key(kind: str) -> str:
    return f"documents:render-pending:{kind}"


def request_render(kind: str) -> None:
    """Queue a render of `kind` once the surrounding transaction commits (collapsing bursts)."""
    if kind not in _builders:
        raise KeyError(f"No document builder registered for {kind!r}")
    _record_change(kind)  # durable, with the change itself

    def after_commit():
        # Again after commit: a render that started reading between the change and its commit
        # saw the old data, and must not count as current.
        _record_change(kind)
        schedule_render(kind)

    transaction.on_commit(after_commit)


def _record_change(kind: str) -> None:
    from core.models import DocumentState

    DocumentState.objects.bulk_create(
        [DocumentState(kind=kind, changed_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["kind"],
        update_fields=["changed_at"],
    )


def _record_render(kind: str, started_at) -> None:
    """The newest good render of `kind` read the data as of `started_at`."""
    from core.models import DocumentState

    DocumentState.objects.bulk_create([DocumentState(kind=kind)], ignore_conflicts=True)
    DocumentState.objects.filter(kind=kind).filter(
        Q(rendered_at__isnull=True) | Q(rendered_at__lt=started_at)
    ).update(rendered_at=started_at)


def states() -> dict:
    """Every registered kind's DocumentState (unsaved and empty for a kind never rendered)."""
    from core.models import DocumentState

    found = {state.kind: state for state in DocumentState.objects.filter(kind__in=_builders)}
    return {kind: found.get(kind) or DocumentState(kind=kind) for kind in _builders}


def is_current(kind: str) -> bool:
    """Has a good render read the data since it last changed?"""
    from core.models import DocumentState

    state = DocumentState.objects.filter(kind=kind).first()
    return state is not None and state.is_current


def schedule_render(kind: str) -> bool:
    """Queue a render unless one is already pending. Returns whether a task was queued."""
    marker_seconds = settings.RENDER_PENDING_SECONDS
    if not cache.add(_pending_key(kind), timezone.now().isoformat(), marker_seconds):
        return False
    from core.tasks import render_document

    render_document.apply_async(args=[kind], countdown=RENDER_DELAY_SECONDS)
    return True


def render_is_pending(kind: str) -> bool:
    return cache.get(_pending_key(kind)) is not None


def clear_pending(kind: str) -> None:
    cache.delete(_pending_key(kind))


def build_pdf(kind: str) -> tuple[bytes, RenderJob]:
    """Build the document's context and render it to PDF bytes (in Danish)."""
    from core.pdf import render_pdf

    with translation.override(RENDER_LANGUAGE):
        job = builder(kind)()
        return render_pdf(job.template_name, job.context), job


def build_html(kind: str) -> str:
    """The document as HTML, for a preview in the browser (same template and context)."""
    job = builder(kind)()
    return render_to_string(job.template_name, job.context)


def storage_name(kind: str, content_hash: str) -> str:
    return f"documents/{kind}-{content_hash[:20]}.pdf"


def render_now(kind: str):
    """Render `kind` and store it. Returns the PublishedDocument (a `done` row), reusing the
    newest row when the content has not changed. Raises on failure after writing a `failed` row.
    """
    from core.models import PublishedDocument

    clear_pending(kind)  # changes from now on queue a new render
    started = time.monotonic()
    requested_at = timezone.now()
    try:
        pdf, job = build_pdf(kind)
    except Exception as error:
        logger.exception("Rendering the %s PDF failed", kind)
        PublishedDocument.objects.create(
            kind=kind,
            status=PublishedDocument.Status.FAILED,
            requested_at=requested_at,
            error=f"{type(error).__name__}: {error}"[:4000],
        )
        raise
    seconds = time.monotonic() - started
    content_hash = hashlib.sha256(pdf).hexdigest()
    latest = latest_done(kind)
    if latest is not None and latest.content_hash == content_hash:
        logger.info("The %s PDF is unchanged (%s)", kind, content_hash[:12])
        _record_render(kind, requested_at)
        return latest
    name = storage_name(kind, content_hash)
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(pdf))
    document = PublishedDocument.objects.create(
        kind=kind,
        status=PublishedDocument.Status.DONE,
        file=name,
        content_hash=content_hash,
        size=len(pdf),
        item_count=job.item_count,
        requested_at=requested_at,
        generated_at=timezone.now(),
        render_seconds=seconds,
    )
    _record_render(kind, requested_at)
    logger.info(
        "Rendered the %s PDF: %d items, %d bytes in %.1f s", kind, job.item_count, len(pdf), seconds
    )
    return document


def latest_done(kind: str):
    from core.models import PublishedDocument

    return (
        PublishedDocument.objects.filter(kind=kind, status=PublishedDocument.Status.DONE)
        .order_by("-generated_at", "-pk")
        .first()
    )


def _filename(kind: str) -> str:
    filenames = {"catalogue": "inspirationskatalog.pdf", "programme": "verdensmaalsprogram.pdf"}
    return filenames.get(kind, f"{kind}.pdf")


def serve_latest(request, kind: str):
    document = latest_done(kind)
    if document is None:
        return _not_ready(request, kind)
    etag = f'"{document.content_hash}"'
    last_modified = int(document.generated_at.timestamp())  # HTTP dates have whole seconds
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        try:
            handle = default_storage.open(document.file.name, "rb")
        except FileNotFoundError:
            logger.error("The %s PDF %s is missing from storage", kind, document.file.name)
            return _not_ready(request, kind)
        from django.http import FileResponse

        response = FileResponse(handle, content_type="application/pdf")
        response["Content-Length"] = str(document.size)
        response["Content-Disposition"] = f'inline; filename="{_filename(kind)}"'
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response


def _not_ready(request, kind: str) -> HttpResponse:
    from config.celery import app

    if not render_is_pending(kind) and not app.conf.task_always_eager and kind in _builders:
        schedule_render(kind)  # nothing rendered yet and nothing queued: queue it (never inline)
    return being_generated(request)


def being_generated(request, retry_seconds: int = 60) -> HttpResponse:
    """A page in the layout saying the file is being generated (503 + Retry-After). For any
    file the worker renders; the caller makes sure its render is queued."""
    html = render_to_string(
        "core/document_pending.html", {"retry_seconds": retry_seconds}, request=request
    )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(retry_seconds)
    response["Cache-Control"] = "no-store"
    return response
