"""How the events app (above themes) shows a theme's events here without themes importing it:
events registers a provider in its AppConfig.ready; themes asks `theme_events(theme)`."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ThemeEvent:
    library_id: int | None
    title: str
    url: str
    starts_at: datetime.datetime
    participants: int | None
    cancelled: bool


_providers: list[Callable] = []


def register_events_provider(provider: Callable) -> None:
    """`provider(theme) -> list[ThemeEvent]`; registering the same provider twice is a no-op."""
    if provider not in _providers:
        _providers.append(provider)


def unregister_events_provider(provider: Callable) -> None:
    if provider in _providers:
        _providers.remove(provider)


def theme_events(theme) -> list[ThemeEvent]:
    """The theme's events from every registered provider, by start time ([] without one)."""
    events = [event for provider in _providers for event in provider(theme)]
    return sorted(events, key=lambda event: (event.starts_at, event.title))
