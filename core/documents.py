"""Public PDFs rendered in the background: the inspiration catalogue and the programme
description (one file each), and keyed documents such as a theme's impact report or a catalogue
of a reader's selection (one file per key).

The API the apps use:

- `register(kind, build, ...)`: an app (in its AppConfig.ready) says how to build one kind of
  document; `build()` (or `build(key)` for a keyed kind) returns a `RenderJob` (template,
  context, item count, file name).
- `request_render(kind, key="")`: call inside the transaction that changed what the document
  shows; the render is queued after commit, and a burst of requests collapses into one render.
- `serve_latest(request, kind, key="")`: the newest finished file with ETag, Content-Length and
  cache headers (304 for a conditional request), or a clear "being generated" page. Never
  renders.
- After each good render the files it replaced are deleted, and a keyed kind keeps at most
  `max_keys` keys, none older than `max_age` (e.g. the selections readers asked for).

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

import datetime
import hashlib
import logging
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import File
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
    # A document too large for one WeasyPrint pass renders itself into the file it is given
    # (e.g. in parts it then assembles); the template and context remain its HTML preview.
    render: Callable[[Path], None] | None = None


@dataclass(frozen=True)
class DocumentKind:
    kind: str
    build: Callable[..., RenderJob]  # build() for a single document, build(key) for a keyed one
    keyed: bool = False
    max_keys: int | None = None  # a keyed kind keeps the files of this many newest keys
    max_age: datetime.timedelta | None = None  # ... and of none rendered longer ago than this


_kinds: dict[str, DocumentKind] = {}


def register(
    kind: str,
    build: Callable[..., RenderJob],
    *,
    keyed: bool = False,
    max_keys: int | None = None,
    max_age: datetime.timedelta | None = None,
) -> None:
    _kinds[kind] = DocumentKind(kind, build, keyed=keyed, max_keys=max_keys, max_age=max_age)


def builder(kind: str) -> Callable[..., RenderJob]:
    return _kinds[kind].build


def registered_kinds() -> list[str]:
    return list(_kinds)


def _build(kind: str, key: str) -> RenderJob:
    document_kind = _kinds[kind]
    return document_kind.build(key) if document_kind.keyed else document_kind.build()


def _label(kind: str, key: str) -> str:
    return f"{kind} ({key})" if key else kind


def _pending_key(kind: str, key: str) -> str:
    # Keys can be long (a normalised filter); the cache key stays short and safe.
    digest = hashlib.sha256(key.encode()).hexdigest()[:24]
    return f"documents:render-pending:{kind}:{digest}"


def request_render(kind: str, key: str = "") -> None:
    """Queue a render of `kind` (`key`) once the surrounding transaction commits (collapsing
    bursts)."""
    if kind not in _kinds:
        raise KeyError(f"No document builder registered for {kind!r}")
    _record_change(kind, key)  # durable, with the change itself

    def after_commit():
        # Again after commit: a render that started reading between the change and its commit
        # saw the old data, and must not count as current.
        _record_change(kind, key)
        schedule_render(kind, key)

    transaction.on_commit(after_commit)


def _record_change(kind: str, key: str) -> None:
    from core.models import DocumentState

    DocumentState.objects.bulk_create(
        [DocumentState(kind=kind, key=key, changed_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["kind", "key"],
        update_fields=["changed_at"],
    )


def _record_render(kind: str, started_at, key: str = "") -> None:
    """The newest good render of `kind` (`key`) read the data as of `started_at`."""
    from core.models import DocumentState

    DocumentState.objects.bulk_create([DocumentState(kind=kind, key=key)], ignore_conflicts=True)
    DocumentState.objects.filter(kind=kind, key=key).filter(
        Q(rendered_at__isnull=True) | Q(rendered_at__lt=started_at)
    ).update(rendered_at=started_at)


def states() -> dict:
    """The DocumentState of every registered single document (unsaved and empty for one never
    rendered) and of every key a keyed kind has seen, by (kind, key)."""
    from core.models import DocumentState

    found = {
        (state.kind, state.key): state for state in DocumentState.objects.filter(kind__in=_kinds)
    }
    for kind, document_kind in _kinds.items():
        if not document_kind.keyed:
            found.setdefault((kind, ""), DocumentState(kind=kind, key=""))
    return found


def is_current(kind: str, key: str = "") -> bool:
    """Has a good render read the data since it last changed?"""
    from core.models import DocumentState

    state = DocumentState.objects.filter(kind=kind, key=key).first()
    return state is not None and state.is_current


def schedule_render(kind: str, key: str = "") -> bool:
    """Queue a render unless one is already pending. Returns whether a task was queued."""
    marker_seconds = settings.RENDER_PENDING_SECONDS
    if not cache.add(_pending_key(kind, key), timezone.now().isoformat(), marker_seconds):
        return False
    from core.tasks import render_document

    render_document.apply_async(args=[kind, key], countdown=RENDER_DELAY_SECONDS)
    return True


def render_is_pending(kind: str, key: str = "") -> bool:
    return cache.get(_pending_key(kind, key)) is not None


def clear_pending(kind: str, key: str = "") -> None:
    cache.delete(_pending_key(kind, key))


def build_pdf(kind: str, key: str = "") -> tuple[bytes, RenderJob]:
    """Build the document's context and render it to PDF bytes (in Danish)."""
    with tempfile.TemporaryDirectory(prefix="document-") as folder:
        output = Path(folder) / "document.pdf"
        job = write_pdf(kind, output, key)
        return output.read_bytes(), job


def write_pdf(kind: str, output: Path, key: str = "") -> RenderJob:
    """Build the document's context and render it (in Danish) into the file `output`."""
    from core.pdf import render_pdf

    with translation.override(RENDER_LANGUAGE):
        job = _build(kind, key)
        if job.render is not None:
            job.render(output)
        else:
            output.write_bytes(render_pdf(job.template_name, job.context))
    return job


def build_html(kind: str, key: str = "") -> str:
    """The document as HTML, for a preview in the browser (same template and context)."""
    job = _build(kind, key)
    return render_to_string(job.template_name, job.context)


def storage_name(kind: str, content_hash: str) -> str:
    return f"documents/{kind}-{content_hash[:20]}.pdf"


def render_now(kind: str, key: str = ""):
    """Render `kind` (`key`) and store it. Returns the PublishedDocument (a `done` row), reusing
    the newest row when the content has not changed. Raises on failure after writing a `failed`
    row."""
    from core.models import PublishedDocument

    clear_pending(kind, key)  # changes from now on queue a new render
    started = time.monotonic()
    requested_at = timezone.now()
    with tempfile.TemporaryDirectory(prefix="document-") as folder:
        output = Path(folder) / "document.pdf"
        try:
            job = write_pdf(kind, output, key)
        except Exception as error:
            logger.exception("Rendering the %s PDF failed", _label(kind, key))
            PublishedDocument.objects.create(
                kind=kind,
                key=key,
                status=PublishedDocument.Status.FAILED,
                requested_at=requested_at,
                error=f"{type(error).__name__}: {error}"[:4000],
            )
            raise
        seconds = time.monotonic() - started
        size = output.stat().st_size
        with output.open("rb") as handle:
            content_hash = hashlib.file_digest(handle, "sha256").hexdigest()
        latest = latest_done(kind, key)
        if latest is not None and latest.content_hash == content_hash:
            logger.info("The %s PDF is unchanged (%s)", _label(kind, key), content_hash[:12])
            _record_render(kind, requested_at, key)
            return latest
        name = storage_name(kind, content_hash)
        if not default_storage.exists(name):
            with output.open("rb") as handle:
                name = default_storage.save(name, File(handle, name=output.name))
    document = PublishedDocument.objects.create(
        kind=kind,
        key=key,
        status=PublishedDocument.Status.DONE,
        file=name,
        filename=job.filename,
        content_hash=content_hash,
        size=size,
        item_count=job.item_count,
        requested_at=requested_at,
        generated_at=timezone.now(),
        render_seconds=seconds,
    )
    _record_render(kind, requested_at, key)
    logger.info(
        "Rendered the %s PDF: %d items, %d bytes in %.1f s",
        _label(kind, key),
        job.item_count,
        size,
        seconds,
    )
    transaction.on_commit(lambda: prune(kind))
    return document


def latest_done(kind: str, key: str = ""):
    from core.models import PublishedDocument

    return (
        PublishedDocument.objects.filter(kind=kind, key=key, status=PublishedDocument.Status.DONE)
        .order_by("-generated_at", "-pk")
        .first()
    )


def prune(kind: str, *, now: datetime.datetime | None = None) -> int:
    """Delete what `kind` no longer serves: every row but the newest good one of each key (and
    their files), and for a keyed kind the keys beyond its `max_keys` newest or older than its
    `max_age`. Returns the number of rows deleted."""
    from core.models import DocumentState, PublishedDocument

    document_kind = _kinds[kind]
    rows = list(
        PublishedDocument.objects.filter(kind=kind)
        .order_by("key", "-generated_at", "-pk")
        .only("pk", "key", "status", "file", "generated_at")
    )
    newest_by_key: dict[str, object] = {}
    for row in rows:
        if row.status == PublishedDocument.Status.DONE:
            newest_by_key.setdefault(row.key, row)
    dropped_keys: set[str] = set()
    if document_kind.keyed:
        ordered = sorted(newest_by_key.values(), key=lambda r: r.generated_at, reverse=True)
        now = now or timezone.now()
        for position, row in enumerate(ordered):
            too_many = document_kind.max_keys is not None and position >= document_kind.max_keys
            too_old = (
                document_kind.max_age is not None and row.generated_at < now - document_kind.max_age
            )
            if too_many or too_old:
                dropped_keys.add(row.key)
    kept = {row.pk for key, row in newest_by_key.items() if key not in dropped_keys}
    doomed = [row for row in rows if row.pk not in kept]
    kept_files = {row.file.name for row in rows if row.pk in kept}
    for row in doomed:
        if row.file and row.file.name not in kept_files:
            default_storage.delete(row.file.name)
    PublishedDocument.objects.filter(pk__in=[row.pk for row in doomed]).delete()
    if dropped_keys:
        DocumentState.objects.filter(kind=kind, key__in=dropped_keys).delete()
    return len(doomed)


def serve_latest(request, kind: str, key: str = ""):
    document = latest_done(kind, key)
    if document is None:
        return _not_ready(request, kind, key)
    etag = f'"{document.content_hash}"'
    last_modified = int(document.generated_at.timestamp())  # HTTP dates have whole seconds
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        try:
            handle = default_storage.open(document.file.name, "rb")
        except FileNotFoundError:
            logger.error("The %s PDF %s is missing from storage", kind, document.file.name)
            return _not_ready(request, kind, key)
        from django.http import FileResponse

        response = FileResponse(handle, content_type="application/pdf")
        response["Content-Length"] = str(document.size)
        response["Content-Disposition"] = f'inline; filename="{document.filename or kind + ".pdf"}"'
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response


def _not_ready(request, kind: str, key: str) -> HttpResponse:
    from celery import current_app  # the project's app (config.celery); core does not import config

    eager = current_app.conf.task_always_eager
    if not render_is_pending(kind, key) and not eager and kind in _kinds:
        schedule_render(kind, key)  # nothing rendered and nothing queued: queue it (not inline)
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
