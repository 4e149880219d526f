"""The map on /libraries/: 98 municipalities, each with a title and a status colour, and a
table alternative with the same statuses."""

import re

import pytest

from certification.models import Certification
from portal.map import denmark_map
from portal.selectors import PublicStatus
from tests.portal.conftest import certify, participate

pytestmark = pytest.mark.django_db

SHAPE = re.compile(
    r'<path d="[^"]+" fill="(#[0-9a-f]{6})" fill-rule="evenodd"[^>]*data-code="(\d{3})" '
    r'data-status="([a-z_]+)"><title>([^<]+)</title></path>'
)
TABLE_ROW = re.compile(r'<tr data-code="(\d{3})" data-status="([a-z_]+)">')


@pytest.fixture
def page(client, library, other_library):
    certify(library)
    certify(participate("dragoer"), status=Certification.Status.EXPIRED)
    return client.get("/libraries/").content.decode()


def test_it_draws_98_municipalities_each_with_a_title_and_a_status_colour(page):
    shapes = SHAPE.findall(page)
    assert len(shapes) == 98
    assert len({code for _, code, _, _ in shapes}) == 98
    for colour, _code, status, title in shapes:
        assert colour == PublicStatus.COLOURS[status]
        assert title.strip()
    by_code = {code: (status, title) for _, code, status, title in shapes}
    assert by_code["151"][0] == PublicStatus.CERTIFIED
    assert by_code["151"][1].startswith("Ballerup:")
    assert by_code["230"][0] == PublicStatus.IN_PROGRESS  # Rudersdal
    assert by_code["155"][0] == PublicStatus.EXPIRED  # Dragør
    assert by_code["259"][0] == PublicStatus.NOT_PARTICIPATING  # Køge


def test_the_table_alternative_holds_the_same_statuses(page):
    shapes = {code: status for _, code, status, _ in SHAPE.findall(page)}
    rows = dict(TABLE_ROW.findall(page))
    assert rows == shapes


def test_the_map_links_to_libraries_has_a_legend_and_the_attribution(page):
    assert '<a href="/libraries/ballerup/" tabindex="-1" class="dk-map-link">' in page
    assert "Kortdata: Styrelsen for Dataforsyning og Infrastruktur (DAGI), CC BY 4.0" in page
    assert page.count('<svg class="swatch"') == len(PublicStatus.COLOURS)


def test_frederiksberg_is_a_hole_in_koebenhavn():
    shapes = {shape.code: shape for shape in denmark_map().shapes}
    assert len(shapes) == 98
    assert shapes["101"].path.count("M") > 1  # outer rings and the hole


def test_the_map_is_projected_once_per_process():
    assert denmark_map() is denmark_map()
