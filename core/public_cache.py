"""One version number for everything the public pages show.

Services that change public data (a certification issued, expired or revoked; an example
approved; a library profile edited) call `public_data_changed()` inside their transaction.
Public pages put `public_data_version()` into their cache keys and ETags, so a change
invalidates them everywhere at once (the number lives in the shared cache, not in a process).
"""

from django.core.cache import cache
from django.db import transaction

_KEY = "public-data-version"


def public_data_version() -> int:
    version = cache.get(_KEY)
    if version is None:
        cache.add(_KEY, 1, timeout=None)
        version = cache.get(_KEY, 1)
    return version


def version_and_entry(key: str):
    """The public data version and the cache entry under `key` (None if absent), read in ONE
    round trip to the cache: a page served from the cache costs a single cache request."""
    values = cache.get_many([_KEY, key])
    version = values.get(_KEY)
    if version is None:
        version = public_data_version()
    return version, values.get(key)


def _bump() -> None:
    try:
        cache.incr(_KEY)
    except ValueError:  # not in the cache yet (or evicted): any new number invalidates
        cache.set(_KEY, 2, timeout=None)


def public_data_changed() -> None:
    transaction.on_commit(_bump)
