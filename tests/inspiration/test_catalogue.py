import pytest
from django.db import connection

from tests import factories

pytestmark = pytest.mark.django_db


def titles(response):
    return [example.title for example in response.context["examples"]]


def test_it_lists_only_approved_examples_with_badges_and_images(client, make_example):
    shown = make_example(title="Byttemarked i foyeren", goals=[12, 13])
    make_example(title="Kladde", status="draft")
    make_example(title="Indsendt", status="submitted")
    make_example(title="Afvist", status="rejected")
    make_example(title="Revision", status="submitted", revision_of=shown)
    response = client.get("/inspiration/")
    assert titles(response) == ["Byttemarked i foyeren"]
    html = response.content.decode()
    assert 'class="sdg-badge sdg-12' in html and 'class="sdg-badge sdg-13' in html


def test_it_filters_by_goal_area_tag_and_region(client, make_example, other_library):
    tag = factories.TagFactory(name="genbrug", slug="genbrug")
    first = make_example(title="Genbrug", goals=[12], area="operations")
    first.tags.add(tag)
    make_example(title="Debat", goals=[16], area="citizens", library=other_library)
    assert titles(client.get("/inspiration/?goal=12")) == ["Genbrug"]
    assert titles(client.get("/inspiration/?area=citizens")) == ["Debat"]
    assert titles(client.get("/inspiration/?tag=genbrug")) == ["Genbrug"]
    region = other_library.municipality.region.code
    assert titles(client.get(f"/inspiration/?region={region}")) == ["Debat"] or region == (
        first.library.municipality.region.code
    )


def test_it_searches_the_text(client, make_example):
    make_example(title="Byttemarked", summary="Borgerne bytter tøj", body="Mange byttemarkeder.")
    make_example(title="Læsekreds", summary="Vi læser sammen", body="Klima og natur.")
    assert titles(client.get("/inspiration/?q=tøj")) == ["Byttemarked"]
    assert titles(client.get("/inspiration/?q=natur")) == ["Læsekreds"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Danish stemming needs PostgreSQL")
def test_it_searches_in_danish_with_stemming(client, make_example):
    make_example(title="Byttemarkeder", summary="Borgerne bytter", body="")
    assert titles(client.get("/inspiration/?q=byttemarked")) == ["Byttemarkeder"]


def test_it_paginates(client, make_example):
    for n in range(14):
        make_example(title=f"Eksempel {n:02d}")
    first = client.get("/inspiration/")
    assert len(first.context["examples"]) == 12
    second = client.get("/inspiration/?page=2")
    assert len(second.context["examples"]) == 2
    assert 'rel="prev"' in second.content.decode()


def test_the_catalogue_runs_the_same_queries_for_few_and_many_examples(
    client, make_example, django_assert_num_queries
):
    def add(count):
        for _ in range(count):
            example = make_example(goals=[3, 12])
            example.tags.add(factories.TagFactory())
            factories_image(example)

    add(2)
    small = count_queries(client, "/inspiration/")
    small_filtered = count_queries(client, "/inspiration/?goal=12&q=byttemarked")
    add(12)
    with django_assert_num_queries(small):
        client.get("/inspiration/")
    with django_assert_num_queries(small_filtered):
        client.get("/inspiration/?goal=12&q=byttemarked")


def test_the_example_page_runs_the_same_queries_for_few_and_many_related(client, make_example):
    example = make_example(goals=[12])
    make_example(goals=[12])
    small = count_queries(client, example.get_absolute_url())
    for _ in range(6):
        factories_image(make_example(goals=[12, 4]))
    assert count_queries(client, example.get_absolute_url()) == small


def test_the_example_page_links_the_library_and_related_examples(client, make_example):
    example = make_example(title="Hovedeksempel", goals=[12, 13])
    make_example(title="Deler to mål", goals=[12, 13])
    make_example(title="Deler et mål", goals=[13])
    make_example(title="Intet fælles", goals=[1])
    response = client.get(example.get_absolute_url())
    assert [e.title for e in response.context["related"]] == ["Deler to mål", "Deler et mål"]
    assert f'href="/libraries/{example.library.slug}/"' in response.content.decode()


def test_the_contact_is_shown_only_when_ticked(client, make_example):
    hidden = make_example(contact_name="Anna", contact_email="anna@example.org")
    shown = make_example(contact_name="Bo", contact_email="bo@example.org", show_contact=True)
    assert "anna@example.org" not in client.get(hidden.get_absolute_url()).content.decode()
    assert "bo@example.org" in client.get(shown.get_absolute_url()).content.decode()


def factories_image(example):
    from inspiration.models import ExampleImage
    from tests.inspiration.conftest import image_upload

    ExampleImage.objects.create(example=example, image=image_upload(), alt_text="Et billede")


def count_queries(client, path):
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(conn) as captured:
        assert client.get(path).status_code == 200
    return len(captured)
