"""How the events app (above themes) shows a theme's events here without themes importing it:
events registers a provider in its AppConfig.ready; themes asks `theme_events(theme)`."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from themes.models import Theme


@dataclass(frozen=True)
class ThemeEvent:
    library_id: int | None
    title: str
    url: str
    starts_at: datetime.datetime
    participants: int | None
    cancelled: bool


EventsProvider = Callable[["Theme"], list[ThemeEvent]]
_providers: list[EventsProvider] = []


def register_events_provider(provider: EventsProvider) -> None:
    """`provider(theme) -> list[ThemeEvent]`; registering the same provider twice is a no-op."""
    if provider not in _providers:
        _providers.append(provider)


def unregister_events_provider(provider: EventsProvider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def theme_events(theme: Theme) -> list[ThemeEvent]:
    """The theme's events from every registered provider, by start time ([] without one)."""
    events = [event for provider in _providers for event in provider(theme)]
    return sorted(events, key=lambda event: (event.starts_at, event.title))
