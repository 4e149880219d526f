"""The coordinators' review queue, gathered from the apps that have something to review.

Apps register a provider in their AppConfig.ready(), so the queue (in certification) can list
items of apps that depend on it (inspiration's examples) without importing them.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class QueueItem:
    kind: str  # "plan", "report", "example"
    kind_label: str
    title: str
    library_name: str
    municipality_name: str
    region_code: str
    submitted_at: datetime
    url: str
    version_number: int | None = None


@dataclass(frozen=True)
class QueueProvider:
    kind: str
    label: str
    count: Callable[[], int]
    items: Callable[..., Iterable[QueueItem]]  # items(region_code: str | None)
    # The path of the page where a coordinator decides on one submission (for e-mails that
    # tell coordinators about it); None where the provider has no such page.
    url_for: Callable[[object], str] | None = None


_providers: dict[str, QueueProvider] = {}


def register(provider: QueueProvider) -> None:
    _providers[provider.kind] = provider


def providers() -> list[QueueProvider]:
    return list(_providers.values())


def count_waiting() -> int:
    return sum(provider.count() for provider in _providers.values())


def review_url(kind: str, submission, *, default: str) -> str:
    """The path where a coordinator reviews `submission` (of `kind`), or `default` when no
    installed app reviews that kind. Lets an app link its e-mails to coordinators straight to
    the review page without importing the app that owns it."""
    provider = _providers.get(kind)
    if provider is None or provider.url_for is None:
        return default
    return provider.url_for(submission)
