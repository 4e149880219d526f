"""How higher apps (events) put their records on a theme's page and impact report without themes
importing them: a provider registered at start-up returns the theme's events."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ThemeEvent:
    library_id: int | None  # None: a national event of the programme
    title: str
    url: str
    starts_at: datetime.datetime
    participants: int | None
    cancelled: bool


providers: list[Callable[[object], list[ThemeEvent]]] = []


def register_events_provider(fn: Callable[[object], list[ThemeEvent]]) -> None:
    if fn not in providers:
        providers.append(fn)


def theme_events(theme) -> list[ThemeEvent]:
    """Every registered provider's events of `theme`, concatenated."""
    return [event for provider in providers for event in provider(theme)]
