"""The page cache cannot be filled from outside (issue 12, item 3): only the parameters a page
declares, with values its form accepts, make a cache entry. Anything else gets one canonical
answer, a redirect or the page with the form's message, and no new entry."""

from urllib.parse import parse_qsl, urlsplit

import pytest
from django import forms
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory

from core.caching import page_of, public_page
from tests.portal.conftest import certify

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored(monkeypatch):
    """The public-page cache keys written during the test, in order."""
    keys = []
    original = cache.set

    def recording_set(key, *args, **kwargs):
        if str(key).startswith("public-page:"):
            keys.append(key)
        return original(key, *args, **kwargs)

    monkeypatch.setattr(cache, "set", recording_set)
    return keys


def redirect_target(response) -> tuple[str, list[tuple[str, str]]]:
    assert response.status_code == 302, response.status_code
    url = urlsplit(response.headers["Location"])
    return url.path, parse_qsl(url.query)


def test_the_canonical_page_is_stored_once_and_then_served(client, library, stored):
    assert client.get("/libraries/?status=certified").status_code == 200
    assert client.get("/libraries/?status=certified").status_code == 200
    assert len(stored) == 1


def test_parameter_order_does_not_make_a_new_entry(client, library, stored):
    client.get("/libraries/?status=certified&goal=12")
    client.get("/libraries/?goal=12&status=certified")
    assert len(stored) == 1


@pytest.mark.parametrize(
    ("query", "canonical"),
    [
        ("?utm_source=newsletter", []),
        ("?status=certified&foo=1", [("status", "certified")]),
        ("?status=certified&status=expired", [("status", "certified")]),
        ("?q=&status=certified&region=&municipality=&goal=", [("status", "certified")]),
        ("?page=abc", []),
        ("?page=0", []),
        ("?page=-1", []),
        ("?page=1&page=2", [("page", "1")]),
        ("?PAGE=2", []),
    ],
)
def test_unknown_repeated_and_empty_parameters_redirect_without_a_new_entry(
    client, library, stored, query, canonical
):
    response = client.get(f"/libraries/{query}")
    assert redirect_target(response) == ("/libraries/", canonical)
    assert stored == []


def test_the_redirect_keeps_the_language(client, library):
    assert redirect_target(client.get("/en/libraries/?x=1")) == ("/en/libraries/", [])


def test_a_page_past_the_last_redirects_to_the_last_without_a_new_entry(client, populate, stored):
    populate(30)  # two pages of 25
    response = client.get("/libraries/?page=9999")
    assert redirect_target(response) == ("/libraries/", [("page", "2")])
    assert client.get("/libraries/?page=2").status_code == 200
    assert len(stored) == 1
    # One page only: the canonical URL has no page number at all.
    assert redirect_target(client.get("/libraries/?region=1082&page=3")) == (
        "/libraries/",
        [("region", "1082")],
    )


def test_an_overlong_search_is_refused_with_a_message_and_not_stored(client, library, stored):
    response = client.get("/libraries/?q=" + "x" * 10_000)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_q_error"' in html and "højst have 100 tegn" in html
    assert stored == []


def test_searches_are_never_stored(client, library, stored):
    for term in ("ballerup", "bibliotek", "zzz"):
        assert client.get(f"/libraries/?q={term}").status_code == 200
    assert stored == []


def test_an_invalid_value_gets_the_page_with_a_message_and_no_entry(client, library, stored):
    for _ in range(2):
        response = client.get("/libraries/?status=bogus&municipality=9999&goal=99")
        assert response.status_code == 200
        assert 'aria-invalid="true"' in response.content.decode()
    assert stored == []


def test_a_list_of_sort_orders_is_refused_and_not_stored(client, library, stored):
    """One order at a time, as the form sends: combinations would be millions of keys."""
    response = client.get("/libraries/?sort=name,-region,joined")
    assert response.status_code == 200
    assert 'id="id_sort_error"' in response.content.decode()
    assert client.get("/libraries/?sort=-region").status_code == 200
    assert len(stored) == 1


def test_the_open_data_takes_the_list_s_filters_and_nothing_else(client, library, stored):
    certify(library)
    assert client.get("/libraries.csv?status=certified").status_code == 200
    assert client.get("/libraries.json?status=certified").status_code == 200
    assert len(stored) == 2
    assert redirect_target(client.get("/libraries.csv?status=certified&page=2")) == (
        "/libraries.csv",
        [("status", "certified")],
    )
    assert redirect_target(client.get("/libraries.json?callback=x")) == ("/libraries.json", [])
    assert len(stored) == 2


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/en/",
        "/libraries/ballerup/",
        "/libraries/ballerup/badge.svg",
        "/feed/",
        "/sitemap.xml",
        "/accessibility/",
        "/privacy/",
    ],
)
def test_pages_without_parameters_redirect_any_query_string(client, library, stored, path):
    assert redirect_target(client.get(path + "?nocache=123")) == (path, [])
    assert redirect_target(client.get(path + "?p=2")) == (path, [])
    assert stored == []
    assert client.get(path).status_code == 200
    assert len(stored) == 1


# --- the decorator as other apps will use it (themes, events) -------------------------------


class AudienceForm(forms.Form):
    audience = forms.ChoiceField(
        choices=[("children", "Children"), ("adults", "Adults")], required=False
    )
    q = forms.CharField(max_length=20, required=False)


@public_page(params=AudienceForm, paginated=True)
def calendar(request):
    page = page_of(request, list(range(45)), 20)
    return HttpResponse(f"page {page.number}")


def _get(query=""):
    request = RequestFactory().get("/calendar/" + query)
    return calendar(request)


def test_a_form_declares_the_parameters_of_any_public_page(stored):
    assert _get("?audience=children&page=2").content == b"page 2"
    assert _get("?audience=children&page=2").content == b"page 2"
    assert len(stored) == 1
    assert redirect_target(_get("?audience=children&page=4")) == (
        "/calendar/",
        [("audience", "children"), ("page", "3")],
    )
    assert redirect_target(_get("?when=today")) == ("/calendar/", [])
    assert _get("?audience=pensioners").status_code == 200  # the form says no: not stored
    assert _get("?q=anything").status_code == 200  # free text: not stored
    assert len(stored) == 1
