"""Personal data (GDPR): what each app holds about a person, and what it does when the person
deletes their account.

accounts sits at the bottom of the dependency graph, so it cannot import the apps that hold
personal data. Each app registers a provider in its AppConfig.ready() instead:

    privacy.register(privacy.PersonalDataProvider(
        key="memberships",                     # the key in the JSON export
        models=("libraries.Membership",),      # models whose rows it exports itself
        export=lambda user: [...],             # JSON-serialisable data about `user`
        blockers=lambda user: [...],           # reasons (translated) the account can't go yet
        forget=lambda user, pseudonym: None,   # runs in the deletion transaction, before the
    ))                                         # user row is deleted
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


def _nothing(user) -> list:
    return []


def _no_op(user, pseudonym: str) -> None:
    return None


@dataclass(frozen=True)
class PersonalDataProvider:
    key: str
    export: Callable[[Any], Any]
    models: tuple[str, ...] = ()
    blockers: Callable[[Any], list[str]] = _nothing
    forget: Callable[[Any, str], None] = _no_op


_providers: dict[str, PersonalDataProvider] = {}


def register(provider: PersonalDataProvider) -> None:
    _providers[provider.key] = provider


def providers() -> list[PersonalDataProvider]:
    return list(_providers.values())
