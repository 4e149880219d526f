"""Public PDFs rendered in the background (the inspiration catalogue, the programme description).

The API the apps use (implemented with the inspiration issue):

- `register(kind, build)`: an app (in its AppConfig.ready) says how to build one kind of
  document; `build()` returns a `RenderJob` (template, context, item count).
- `request_render(kind)`: call inside the transaction that changed what the document shows;
  the render is queued after commit, and a burst of requests collapses into one render.
- `serve_latest(request, kind)`: the newest finished file with ETag, Content-Length and cache
  headers (304 for a conditional request), or a clear "not generated yet" page. Never renders.
"""

from collections.abc import Callable
from dataclasses import dataclass


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


def request_render(kind: str) -> None:
    """Until the rendering pipeline lands (inspiration issue) this does nothing."""


def serve_latest(request, kind: str):
    from django.http import Http404

    raise Http404("No document has been generated yet.")
