"""How higher apps (events) show what carried out an initiative in its progress report,
without actionplans importing them: a provider registered at start-up answers for a list of
initiatives at once (one query for the whole report, whatever its size)."""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class InitiativeActivity:
    title: str
    url: str
    starts_at: datetime.datetime
    participants: int | None
    cancelled: bool


providers: list[Callable[[list[int]], dict[int, list[InitiativeActivity]]]] = []


def register_initiative_activity_provider(
    fn: Callable[[list[int]], dict[int, list[InitiativeActivity]]],
) -> None:
    if fn not in providers:
        providers.append(fn)


def initiative_activity(initiative_ids: Iterable[int]) -> dict[int, list[InitiativeActivity]]:
    """{initiative id: its activities} from every registered provider."""
    ids = list(initiative_ids)
    result: dict[int, list[InitiativeActivity]] = {}
    if not ids:
        return result
    for provider in providers:
        for initiative_id, activities in provider(ids).items():
            result.setdefault(initiative_id, []).extend(activities)
    return result
