"""Fast public pages: query counts do not grow with the data, anonymous pages come from the
cache without touching the database, and conditional requests get 304."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.public_cache import public_data_changed
from libraries.models import Library

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/en/",
    "/libraries/",
    "/libraries/?status=certified&goal=12&sort=-valid_until",
    "/libraries/?q=bibliotek&page=1",  # with 10 libraries, page 2 redirects to the last
    "/libraries/{slug}/",
    "/libraries/{slug}/badge.svg",
    "/libraries.csv",
    "/libraries.json",
    "/feed/",
    "/sitemap.xml",
    "/accessibility/",
    "/privacy/",
]


def count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


def test_query_counts_are_the_same_for_10_and_500_libraries(client, populate, settings):
    settings.PUBLIC_CACHE_SECONDS = 0  # measure the real work, not the cache
    libraries = populate(10)
    slug = libraries[0].slug
    small = {path: count_queries(client, path.format(slug=slug)) for path in PUBLIC_PAGES}
    populate(500)
    assert Library.objects.participating().count() == 500
    large = {path: count_queries(client, path.format(slug=slug)) for path in PUBLIC_PAGES}
    assert large == small


def test_a_profile_s_query_count_does_not_grow_with_its_initiatives(
    client, library, settings, django_assert_num_queries
):
    from tests.portal.conftest import approve_plan, certify

    settings.PUBLIC_CACHE_SECONDS = 0
    certify(library)
    with CaptureQueriesContext(connection) as few:
        client.get("/libraries/ballerup/")
    approve_plan(library, goals=(3, 4, 5), initiatives=20)
    with django_assert_num_queries(len(few)):
        client.get("/libraries/ballerup/")


@pytest.mark.parametrize("path", ["/", "/libraries/", "/libraries/ballerup/", "/libraries.json"])
def test_a_second_anonymous_request_does_not_touch_the_database(
    client, library, path, django_assert_num_queries
):
    first = client.get(path)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get(path)
    assert second.status_code == 200
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_a_conditional_request_gets_304(client, library):
    first = client.get("/libraries/")
    assert first["ETag"] and first["Last-Modified"]
    assert client.get("/libraries/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    since = client.get("/libraries/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    assert client.get("/libraries/", HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_a_conditional_request_after_a_change_gets_the_new_page(
    client, library, django_capture_on_commit_callbacks
):
    etag = client.get("/libraries/")["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        Library.objects.filter(pk=library.pk).update(name="Nyt navn")
        public_data_changed()
    response = client.get("/libraries/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "Nyt navn" in response.content.decode()


def test_the_cache_is_per_language_and_query_string(client, library):
    assert '<html lang="da">' in client.get("/libraries/").content.decode()
    assert '<html lang="en">' in client.get("/en/libraries/").content.decode()
    assert "data-slug" not in client.get("/libraries/?status=expired").content.decode()
    assert "data-slug" in client.get("/libraries/").content.decode()


def test_signed_in_users_are_not_served_from_the_shared_cache(client, login, library, lead):
    client.get("/libraries/ballerup/")  # cached for anonymous visitors
    response = login(lead).get("/libraries/ballerup/")
    assert "badge-code" in response.content.decode()
    assert "private" in response["Cache-Control"]


def test_anonymous_responses_are_publicly_cacheable_and_vary_on_cookie(client, library):
    response = client.get("/libraries/")
    assert "public" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    assert not response.cookies


# --- pinned by the benchmark (bench/run.py, bench/RESULTS.md) --------------------------------


def test_a_page_served_from_the_cache_costs_one_cache_request(client, library, monkeypatch):
    """The version and the page are fetched together: one round trip to Redis per hit."""
    from django.core.cache import cache

    assert client.get("/libraries/").status_code == 200
    calls, depth = [], []

    def counted(name, original):
        def wrapper(*args, **kwargs):
            if not depth:  # the local cache's get_many calls get itself
                calls.append(name)
            depth.append(name)
            try:
                return original(*args, **kwargs)
            finally:
                depth.pop()

        return wrapper

    for name in ("get", "get_many", "has_key"):
        monkeypatch.setattr(cache, name, counted(name, getattr(cache, name)))
    response = client.get("/libraries/")
    assert response.status_code == 200
    assert calls == ["get_many"]


def test_a_page_cached_at_an_older_data_version_is_not_served(
    client, library, django_capture_on_commit_callbacks
):
    assert "Nyt navn" not in client.get("/libraries/ballerup/").content.decode()
    Library.objects.filter(pk=library.pk).update(name="Nyt navn")
    assert "Nyt navn" not in client.get("/libraries/ballerup/").content.decode()  # cached
    with django_capture_on_commit_callbacks(execute=True):
        public_data_changed()
    assert "Nyt navn" in client.get("/libraries/ballerup/").content.decode()


@pytest.mark.parametrize(
    "data",
    [{}, {"status": "certified", "region": "1084", "municipality": "151", "goal": "12",
          "sort": "-valid_until"}],
)  # fmt: skip
def test_the_filter_selects_render_as_django_s_select(data):
    """The Python-built selects of /libraries/ give Django's HTML, whitespace aside."""
    import re

    from django import forms

    from core.widgets import QuickSelect
    from portal import selectors
    from portal.filters import LibraryFilter

    def squeeze(html):
        return re.sub(r">\s+<", "><", str(html))

    filterset = LibraryFilter(data or None, queryset=selectors.public_libraries())
    for name in ("status", "region", "municipality", "goal", "sort"):
        field = filterset.form[name]
        assert isinstance(field.field.widget, QuickSelect)
        attrs = field.build_widget_attrs({"aria-describedby": "x", "id": field.auto_id})
        quick = field.as_widget(attrs={"aria-describedby": "x"})
        django = forms.Select.render(field.field.widget, field.html_name, field.value(), attrs)
        assert squeeze(quick) == squeeze(django), name
        if data:
            assert f'value="{data[name]}" selected' in quick


def test_quick_select_escapes_and_groups_like_select():
    from core.widgets import QuickSelect

    widget = QuickSelect(choices=[("a", "<b>"), ("Gruppe & co", [("b", "B"), ("c", "C")])])
    html = widget.render("x", "b", attrs={"id": "id_x"})
    assert '<option value="a">&lt;b&gt;</option>' in html
    assert '<optgroup label="Gruppe &amp; co">' in html
    assert '<option value="b" selected>B</option>' in html
    assert html.startswith('<select name="x" id="id_x">')


def test_the_map_reads_only_the_municipalities_it_draws(library, other_library):
    from portal.selectors import status_by_municipality

    assert set(status_by_municipality(["151"])) == {"151"}
    assert {"151", "230"} <= set(status_by_municipality())
