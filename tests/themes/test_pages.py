"""The public theme pages and the coordinators' sign-up table: content, access, CSV and a
query count that does not grow with the number of libraries."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from libraries.models import Library
from partners.models import Partner
from tests import factories
from themes.models import Theme, ThemeMaterial

pytestmark = pytest.mark.django_db


def sign_up_libraries(theme, count):
    """Sign up the first `count` libraries (Ballerup left out) that are not signed up yet."""
    libraries = list(
        Library.objects.exclude(slug="ballerup").exclude(theme_signups__theme=theme).order_by("pk")
    )[: count - theme.signups.count()]
    for library in libraries:
        signup = factories.ThemeSignupFactory(theme=theme, library=library)
        partner = factories.PartnerFactory(
            name=f"Lokal forening {library.slug}",
            scope=Partner.Scope.LOCAL,
            municipality=library.municipality,
        )
        signup.local_partners.add(partner)
    return libraries


def test_the_list_shows_published_themes_and_the_archive(client, theme, closed_theme):
    draft = factories.ThemeFactory(title="Hemmelig kladde", status=Theme.Status.DRAFT)
    html = client.get("/themes/").content.decode()
    assert theme.title in html and closed_theme.title in html
    assert draft.title not in html


def test_a_draft_is_the_coordinators_only(client, login, lead, coordinator):
    draft = factories.ThemeFactory(status=Theme.Status.DRAFT, published_at=None)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert login(lead).get(draft.get_absolute_url()).status_code == 404
    assert login(coordinator).get(draft.get_absolute_url()).status_code == 200


def test_the_theme_page_shows_everything_public(client, theme, library):
    concito = factories.PartnerFactory(name="CONCITO", website="https://concito.dk")
    theme.national_partners.add(concito)
    theme.days.create(date=theme.starts_on, title="Klima og energi")
    factories.ThemeSignupFactory(theme=theme, library=library)
    factories.ThemeMaterialFactory(theme=theme, title="Plakat", kind="link", url="https://x.dk")
    factories.ThemeMaterialFactory(
        theme=theme, title="Hemmeligt kit", kind="link", url="https://y.dk", visibility="signed_up"
    )
    html = client.get(theme.get_absolute_url()).content.decode()
    assert "26. april – 2. maj 2027 (uge 17)" in html
    assert "CONCITO" in html and "Klima og energi" in html
    assert theme.commitment in html
    assert "Plakat" in html and "Hemmeligt kit" not in html
    assert f'data-code="{library.municipality.code}" data-status="signed_up"' in html
    assert "1 af de 98 kommuner" in html or "i 1 af de 98 kommuner" in html
    assert library.display_name in html


def test_the_library_profile_lists_its_themes(client, theme, library):
    factories.ThemeSignupFactory(theme=theme, library=library)
    html = client.get(library.get_absolute_url()).content.decode()
    assert theme.title in html


def queries_of(client, url) -> int:
    client.get(url)  # warm what is cached per process (the map geometry)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_theme_page_costs_the_same_queries_for_5_or_30_libraries(
    client, theme, django_assert_num_queries
):
    sign_up_libraries(theme, 5)
    with_five = queries_of(client, theme.get_absolute_url())
    sign_up_libraries(theme, 30)
    with django_assert_num_queries(with_five):
        response = client.get(theme.get_absolute_url())
    assert response.content.decode().count('data-status="signed_up"') >= 30


def test_the_signup_table_costs_the_same_queries_for_5_or_30_libraries(
    login, coordinator, theme, django_assert_num_queries
):
    client = login(coordinator)
    url = f"/themes/{theme.slug}/signups/"
    sign_up_libraries(theme, 5)
    with_five = queries_of(client, url)
    sign_up_libraries(theme, 30)
    with django_assert_num_queries(with_five):
        response = client.get(url)
    assert response.content.decode().count("Lokal forening") == 30


def test_the_signup_table_filters_by_region_and_exports_safe_csv(login, coordinator, theme):
    hovedstaden = Library.objects.get(slug="ballerup")
    nordjylland = Library.objects.filter(municipality__region__code="1081").first()
    factories.ThemeSignupFactory(theme=theme, library=hovedstaden, note="=HYPERLINK(1)")
    factories.ThemeSignupFactory(theme=theme, library=nordjylland)
    client = login(coordinator)
    html = client.get(f"/themes/{theme.slug}/signups/?region=1084").content.decode()
    assert hovedstaden.display_name in html and nordjylland.display_name not in html
    response = client.get(f"/themes/{theme.slug}/signups.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {row["library"] for row in rows} == {
        hovedstaden.display_name,
        nordjylland.display_name,
    }
    ballerup = next(row for row in rows if row["library"] == hovedstaden.display_name)
    assert ballerup["note"] == "'=HYPERLINK(1)"
    assert ballerup["region"] == "Region Hovedstaden"
    only_north = client.get(f"/themes/{theme.slug}/signups.csv?region=1081").content.decode()
    assert hovedstaden.display_name not in only_north


def test_members_only_material_is_for_signed_up_libraries(client, login, theme, library, lead,
                                                          outsider):  # fmt: skip
    material = factories.ThemeMaterialFactory(
        theme=theme, kind="pdf", visibility=ThemeMaterial.Visibility.SIGNED_UP
    )
    url = f"/themes/{theme.slug}/materials/{material.uuid}/"
    assert client.get(url).status_code == 404
    assert login(lead).get(url).status_code == 404  # not signed up yet
    factories.ThemeSignupFactory(theme=theme, library=library, contact=lead)
    response = login(lead).get(url)
    assert response.status_code == 200
    assert login(outsider).get(url).status_code == 404


def test_the_idea_list_links_approved_examples_sharing_the_theme_s_sdgs(client, theme, library):
    sharing = factories.ExampleFactory(library=library, title="Klimacafé", goals=[13])
    factories.ExampleFactory(library=library, title="Kun om vand", goals=[6])
    factories.ExampleFactory(library=library, title="Kladde om klima", goals=[13], status="draft")
    html = client.get(theme.get_absolute_url()).content.decode()
    assert sharing.get_absolute_url() in html
    assert "Kun om vand" not in html and "Kladde om klima" not in html


def test_the_theme_page_in_english(client, theme):
    html = client.get(f"/en/themes/{theme.slug}/").content.decode()
    assert "26 April – 2 May 2027 (week 17)" in html
