"""Caching of public pages for anonymous visitors, with ETag/Last-Modified.

`@public_page` keeps the rendered response in the shared cache under a key made of today's
date, the language, the path and the page's query parameters in their canonical form, together
with the `public_data_version()` it was rendered at; an entry of another version is a miss.

Nobody outside can fill the cache with query strings of their own: each page declares the
parameters it takes, once (`@public_page(params=LibraryFilter, paginated=True)`: the fields of a
Form or FilterSet, and `page`). A request with any other parameter, one given twice, an empty
one or a page number that is not one gets a redirect to the canonical URL; a page past the last
one redirects to the last (the view asks with `page_of`). Only values the form accepts make a
key: a request with an invalid value is answered with the page and the form's message, and not
stored. Free text (a search) is never stored either: it has no bounded set of values.

Services bump the version (`core.public_cache.public_data_changed()`) when public data
changes, so every cached page is invalidated at once and on every web node. The version and
the page are read in one round trip (`version_and_entry`), so a hit costs one cache request
and no database query.

Today's date is in the key because a library's status also depends on the date (a
certification lapses at midnight after its validity and grace period even before the daily task
marks it expired).

A cache hit does not touch the database: the decision is made from cookies only, before
anything reads the session or the user. Requests with a session or a pending message cookie
(signed-in users, someone just logged out) are rendered fresh and not stored. Every response
gets an ETag (a hash of its content) and Last-Modified, so a conditional request gets 304.
"""

import hashlib
import re
from functools import cached_property, wraps

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect, QueryDict
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, urlencode
from django.utils.translation import get_language

from core.public_cache import version_and_entry

MESSAGES_COOKIE = "messages"
PAGE = "page"
_PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")
# Fields whose values come from a fixed set: they may be part of a cache key.
BOUNDED_FIELDS = (forms.ChoiceField, forms.BooleanField, forms.NullBooleanField)


class NotCanonical(Exception):
    """Raised by a view to send the visitor to its canonical URL: the current query with
    `changes` applied (a value of None drops the parameter)."""

    def __init__(self, **changes):
        super().__init__(changes)
        self.changes = changes


class QueryParameters:
    """The query parameters one public page takes: the fields of `form_class` (a Form or a
    django-filter FilterSet), and `page` when it is paginated."""

    def __init__(self, form_class=None, *, paginated: bool = False):
        self.form_class = form_class
        self.paginated = paginated

    def _form(self, data=None):
        if hasattr(self.form_class, "base_filters"):  # a FilterSet
            return self.form_class(data=data).form
        return self.form_class(data=data)

    @cached_property
    def fields(self) -> dict[str, forms.Field]:
        return dict(self._form().fields) if self.form_class is not None else {}

    @cached_property
    def names(self) -> list[str]:
        return [*self.fields, *([PAGE] if self.paginated else [])]

    @cached_property
    def free_text(self) -> frozenset[str]:
        """Parameters without a bounded set of values (a search): never part of a key."""
        return frozenset(
            name
            for name, field in self.fields.items()
            if not isinstance(
                field, forms.ChoiceField | forms.BooleanField | forms.NullBooleanField
            )
        )

    def canonical(self, query: QueryDict) -> list[tuple[str, str]]:
        """The known, non-empty parameters, the first value of each, in declared order."""
        pairs = []
        for name in self.names:
            value = (query.getlist(name) or [""])[0]
            if value and (name != PAGE or _PAGE_NUMBER.fullmatch(value)):
                pairs.append((name, value))
        return pairs

    @staticmethod
    def is_canonical(query: QueryDict, pairs: list[tuple[str, str]]) -> bool:
        return len(pairs) == len(query) and all(len(query.getlist(name)) == 1 for name, _ in pairs)

    def is_valid(self, pairs: list[tuple[str, str]]) -> bool:
        """Does the form accept every value? (Choice fields check the database.)"""
        data = {name: value for name, value in pairs if name != PAGE}
        return not data or self._form(data).is_valid()


def page_of(request, object_list, per_page: int):
    """The page of `object_list` asked for with ?page=. A number past the last page raises
    NotCanonical, so public_page redirects to the last page instead of storing a copy of it
    under every number anyone asks for."""
    paginator = Paginator(object_list, per_page)
    number = int(request.GET.get(PAGE) or 1)
    if number > paginator.num_pages:
        last = paginator.num_pages
        raise NotCanonical(**{PAGE: last if last > 1 else None})
    return paginator.page(number)


def cache_key(request, pairs: list[tuple[str, str]]) -> str:
    target = f"{request.path}?{urlencode(pairs)}"
    path_hash = hashlib.sha256(target.encode()).hexdigest()[:32]
    return f"public-page:{timezone.localdate().isoformat()}:{get_language()}:{path_hash}"


def _redirect(request, pairs: list[tuple[str, str]]) -> HttpResponseRedirect:
    query = urlencode(pairs)
    return HttpResponseRedirect(f"{request.path}?{query}" if query else request.path)


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


def public_page(view=None, *, params=None, paginated: bool = False):
    """Cache a public page for anonymous visitors. `params`: the Form or FilterSet whose fields
    are the page's query parameters (none if not given); `paginated`: it also takes ?page=
    (the view gets the page with `page_of`)."""
    if view is None:
        return lambda view: public_page(view, params=params, paginated=paginated)
    parameters = QueryParameters(params, paginated=paginated)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        pairs = parameters.canonical(request.GET)
        if request.method in ("GET", "HEAD") and not parameters.is_canonical(request.GET, pairs):
            return _redirect(request, pairs)
        use_cache = _may_use_cache(request)
        storable = use_cache and not any(name in parameters.free_text for name, _ in pairs)
        key = cache_key(request, pairs) if use_cache else None
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
        try:
            response = view(request, *args, **kwargs)
        except NotCanonical as redirect:
            changed = dict(pairs)
            changed.update(redirect.changes)
            return _redirect(request, [(k, v) for k, v in changed.items() if v is not None])
        if response.status_code != 200 or getattr(response, "streaming", False):
            return response
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        content = response.content
        etag = _etag(content)
        last_modified = timezone.now().timestamp()
        if storable and not response.cookies and parameters.is_valid(pairs):
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
