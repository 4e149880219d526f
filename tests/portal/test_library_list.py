"""/libraries/: who is in, with filters, search, sorting and pagination; and the open data
(/libraries.csv, /libraries.json), which must agree with the HTML list."""

import csv
import io
import re

import pytest

from certification.models import Certification
from libraries.models import Library
from portal.selectors import PublicStatus
from tests.portal.conftest import certify, participate

pytestmark = pytest.mark.django_db

ROW = re.compile(r'<tr data-slug="([^"]+)" data-status="([^"]+)">')


def listed(client, query=""):
    response = client.get(f"/libraries/{query}")
    assert response.status_code == 200
    return dict(ROW.findall(response.content.decode()))


@pytest.fixture
def seeded(library, other_library):
    """Ballerup certified (SDG 12 and 13), Rudersdal expired (SDG 4), Dragør revoked,
    Glostrup in progress; Køge not participating."""
    certify(library, goals=(12, 13))
    certify(other_library, status=Certification.Status.EXPIRED, goals=(4,))
    certify(participate("dragoer"), status=Certification.Status.REVOKED)
    participate("glostrup")
    return {"ballerup", "rudersdal", "dragoer", "glostrup"}


def test_it_lists_every_participating_library_with_its_status(client, seeded):
    assert listed(client) == {
        "ballerup": PublicStatus.CERTIFIED,
        "rudersdal": PublicStatus.EXPIRED,
        "dragoer": PublicStatus.NOT_CERTIFIED,
        "glostrup": PublicStatus.IN_PROGRESS,
    }


def test_it_shows_valid_until_and_sdg_badges(client, seeded):
    html = client.get("/libraries/").content.decode()
    certification = Certification.objects.get(library__slug="ballerup")
    assert f"gyldig til {certification.valid_until.day}." in html
    assert 'class="sdg-badge sdg-13 sdg-badge-small"' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?status=certified", {"ballerup"}),
        ("?status=expired", {"rudersdal"}),
        ("?status=not_certified", {"dragoer"}),
        ("?status=in_progress", {"glostrup"}),
        ("?region=1084", {"ballerup", "rudersdal", "dragoer", "glostrup"}),
        ("?region=1082", set()),
        ("?municipality=151", {"ballerup"}),
        ("?goal=13", {"ballerup"}),
        ("?goal=4", {"rudersdal"}),
        ("?goal=12&status=certified", {"ballerup"}),
        ("?q=rudersd", {"rudersdal"}),
        ("?q=ballerup", {"ballerup"}),
    ],
)
def test_it_filters_the_list(client, seeded, query, expected):
    assert set(listed(client, query)) == expected


def test_it_searches_by_town(client, seeded):
    Library.objects.filter(slug="glostrup").update(city="Hvissinge")
    assert set(listed(client, "?q=hvissinge")) == {"glostrup"}


def test_it_ignores_an_invalid_filter_value_and_says_so(client, seeded):
    response = client.get("/libraries/?status=bogus&goal=99")
    assert set(dict(ROW.findall(response.content.decode()))) == seeded
    assert 'aria-invalid="true"' in response.content.decode()


def test_it_sorts_by_name_by_default_and_on_request(client, seeded):
    html = client.get("/libraries/").content.decode()
    names = [slug for slug, _ in ROW.findall(html)]
    by_name = sorted(
        Library.objects.filter(slug__in=seeded), key=lambda library: library.display_name
    )
    assert names == [library.slug for library in by_name]
    reverse = [
        slug for slug, _ in ROW.findall(client.get("/libraries/?sort=-name").content.decode())
    ]
    assert reverse == names[::-1]


def test_it_paginates_and_keeps_the_filters_in_the_links(client, populate):
    populate(30)
    html = client.get("/libraries/?status=certified").content.decode()
    assert len(ROW.findall(html)) == 25
    assert 'href="?status=certified&amp;page=2"' in html
    second = client.get("/libraries/?status=certified&page=2").content.decode()
    assert len(ROW.findall(second)) == 5


def test_the_filters_are_a_plain_get_form_and_links(client, seeded):
    html = client.get("/libraries/").content.decode()
    assert '<form method="get"' in html
    assert 'href="?status=certified"' in html
    assert "<script" not in html.split("<main", 1)[1]


def _csv_rows(client, query=""):
    response = client.get(f"/libraries.csv{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_csv_agrees_with_the_html_list(client, seeded):
    rows = _csv_rows(client)
    html = listed(client)
    assert {row["profile_url"].rsplit("/", 2)[1]: row["status"] for row in rows} == html
    ballerup = next(row for row in rows if row["municipality_code"] == "151")
    certification = Certification.objects.get(library__slug="ballerup")
    assert ballerup["certificate_number"] == certification.number
    assert ballerup["valid_until"] == certification.valid_until.isoformat()
    assert ballerup["sdgs"] == "12;13"
    assert ballerup["region_code"] == "1084"
    assert ballerup["profile_url"] == "http://testserver/libraries/ballerup/"
    dragoer = next(row for row in rows if row["profile_url"].endswith("/dragoer/"))
    assert dragoer["certificate_number"] == ""


def test_the_json_agrees_with_the_html_list(client, seeded):
    data = client.get("/libraries.json").json()
    assert data["count"] == 4
    statuses = {row["profile_url"].rsplit("/", 2)[1]: row["status"] for row in data["libraries"]}
    assert statuses == listed(client)
    ballerup = next(row for row in data["libraries"] if row["municipality_code"] == "151")
    assert ballerup["sdgs"] == [12, 13]


@pytest.mark.parametrize("query", ["?status=certified", "?goal=4", "?q=dra"])
def test_the_open_data_takes_the_same_filters_as_the_list(client, seeded, query):
    csv_slugs = {row["profile_url"].rsplit("/", 2)[1] for row in _csv_rows(client, query)}
    json_slugs = {
        row["profile_url"].rsplit("/", 2)[1]
        for row in client.get(f"/libraries.json{query}").json()["libraries"]
    }
    assert csv_slugs == json_slugs == set(listed(client, query))


def test_the_list_is_in_english_under_en(client, seeded):
    html = client.get("/en/libraries/").content.decode()
    assert "Certified" in html and "Libraries in the programme" in html
