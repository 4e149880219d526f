"""Caching of public pages for anonymous visitors, with ETag/Last-Modified.

`@public_page` keeps the rendered response in the shared cache under a key made of today's
date, the language and the full path, together with the `public_data_version()` it was rendered
at; an entry of another version is a miss. Services bump the version
(`core.public_cache.public_data_changed()`) when public data changes, so every cached page is
invalidated at once and on every web node. The version and the page are read in one round trip
(`version_and_entry`), so a hit costs one cache request and no database query.

Today's date is in the key because a library's status also depends on the date (a
certification lapses at midnight after its validity and grace period even before the daily task
marks it expired).

A cache hit does not touch the database: the decision is made from cookies only, before
anything reads the session or the user. Requests with a session or a pending message cookie
(signed-in users, someone just logged out) are rendered fresh and not stored. Every response
gets an ETag (a hash of its content) and Last-Modified, so a conditional request gets 304.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

from core.public_cache import version_and_entry

MESSAGES_COOKIE = "messages"


def cache_key(request) -> str:
    path_hash = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"public-page:{timezone.localdate().isoformat()}:{get_language()}:{path_hash}"


def _may_use_cache(request) -> bool:
    return (
        settings.PUBLIC_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and MESSAGES_COOKIE not in request.COOKIES
    )


def _etag(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def _finish(request, response, *, etag: str, last_modified: float, shared: bool):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    if shared:
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    else:
        patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
    return get_conditional_response(
        request, etag=etag, last_modified=int(last_modified), response=response
    )


def public_page(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        use_cache = _may_use_cache(request)
        key = cache_key(request) if use_cache else None
        if use_cache:
            version, entry = version_and_entry(key)
            if entry is not None and entry.get("version") == version:
                response = HttpResponse(entry["content"], content_type=entry["content_type"])
                for header, value in entry["headers"].items():
                    response[header] = value
                return _finish(
                    request,
                    response,
                    etag=entry["etag"],
                    last_modified=entry["last_modified"],
                    shared=True,
                )
        response = view(request, *args, **kwargs)
        if response.status_code != 200 or getattr(response, "streaming", False):
            return response
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        content = response.content
        etag = _etag(content)
        last_modified = timezone.now().timestamp()
        if use_cache and not response.cookies:
            headers = {
                header: response[header]
                for header in ("Content-Disposition", "Access-Control-Allow-Origin", "X-Robots-Tag")
                if header in response
            }
            cache.set(
                key,
                {
                    "version": version,
                    "content": content,
                    "content_type": response["Content-Type"],
                    "headers": headers,
                    "etag": etag,
                    "last_modified": last_modified,
                },
                settings.PUBLIC_CACHE_SECONDS,
            )
        return _finish(request, response, etag=etag, last_modified=last_modified, shared=use_cache)

    return wrapped
