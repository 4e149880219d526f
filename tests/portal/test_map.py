"""The map on /libraries/: 98 municipalities, each with a title and a status colour, and a
table alternative with the same statuses."""

import re

import pytest

from certification.models import Certification
from libraries.map import denmark_map
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
    assert by_code["151"][1].startswith("Ballerup: Ballerup Bibliotekerne – Certificeret")
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


SVG = re.compile(r"<svg\b[^>]*>.*?</svg>", re.S)
NUMERIC_ATTRIBUTE = re.compile(r'\b(x|y|width|height|viewBox|stroke-width|d)="([^"]*)"')


def svgs(html: str) -> list[str]:
    return SVG.findall(html)


@pytest.mark.parametrize("path", ["/libraries/", "/en/libraries/"])
def test_no_number_in_the_maps_is_localised(client, library, path):
    """Danish writes 433,4; SVG does not read it, and Bornholm's box was not drawn."""
    certify(library)
    html = client.get(path).content.decode()
    maps = [svg for svg in svgs(html) if "dk-map-svg" in svg]
    assert len(maps) == 2  # the country and the capital area
    for svg in maps:
        for name, value in NUMERIC_ATTRIBUTE.findall(svg):
            assert "," not in value, f'{name}="{value}"'
    inset = re.search(r'<rect class="dk-map-inset" ([^>]*)/>', html).group(1)
    assert re.fullmatch(
        r'x="\d+\.\d" y="\d+\.\d" width="\d+\.\d" height="\d+\.\d" fill="none" .*', inset
    )


def test_the_filter_form_has_no_empty_action(client, db):
    html = client.get("/libraries/").content.decode()
    assert 'action=""' not in html
    assert re.search(r'<form method="get" class="filter-form"', html)


CAPITAL_LINK = re.compile(
    r'<a href="(/libraries/[^"]+/)" class="dk-map-link" aria-label="([^"]+)"><path d="[^"]+" '
    r'fill-rule="evenodd" fill="(#[0-9a-f]{6})"[^>]*data-area-code="(\d{3})"'
)


def test_the_capital_area_is_magnified_with_links_a_keyboard_reaches(client, library):
    certify(library)
    html = client.get("/libraries/").content.decode()
    links = {code: (href, name, colour) for href, name, colour, code in CAPITAL_LINK.findall(html)}
    # Frederiksberg, Vallensbæk and Rødovre are a few pixels on the country map.
    assert {"147", "187", "175", "101", "151", "155"} <= set(links)
    href, name, colour = links["151"]
    assert href == "/libraries/ballerup/"
    assert name.startswith("Ballerup: Ballerup Bibliotekerne – Certificeret")
    assert colour == PublicStatus.COLOURS[PublicStatus.CERTIFIED]
    capital_svg = next(svg for svg in svgs(html) if "capital-map-caption" in svg)
    assert 'tabindex="-1"' not in capital_svg  # the Tab key reaches each link
    assert 'aria-hidden="true" focusable="false"' not in capital_svg.split(">", 1)[0]
    # The table alternative lists them too, with their region.
    row = re.search(r'<tr data-code="147" [^>]*>(.*?)</tr>', html, re.S).group(1)
    assert "Frederiksberg" in row and "Region Hovedstaden" in row


def test_the_map_follows_the_lists_filters(client, library, other_library):
    certify(library)  # Ballerup, Region Hovedstaden
    certify(participate("odense"))  # Region Syddanmark
    html = client.get("/libraries/?status=certified&region=1084").content.decode()
    shapes = {code: (colour, status, title) for colour, code, status, title in SHAPE.findall(html)}
    assert shapes["151"][0] == PublicStatus.COLOURS[PublicStatus.CERTIFIED]  # Ballerup: shown
    odense_colour, odense_status, odense_title = shapes["461"]
    assert odense_status == PublicStatus.CERTIFIED  # still says what it is …
    assert odense_colour == "#ffffff"  # … but is drawn as not chosen
    assert odense_title.endswith("(Ikke med i dit udvalg)")
    assert shapes["230"][0] == "#ffffff"  # Rudersdal: in the region, but not certified
    legend = re.search(r'<ul class="map-legend">(.*?)</ul>', html, re.S).group(1)
    assert "Certificeret (1)" in legend
    assert "Ikke med i dit udvalg (97)" in legend
    assert "Kortet følger dine filtre" in html


def test_the_map_of_an_unfiltered_list_shows_every_status(client, library):
    certify(library)
    html = client.get("/libraries/?sort=name").content.decode()
    assert "Ikke med i dit udvalg" not in html
    assert 'class="dk-map-not-matching"' not in html


def test_municipality_options_carry_their_region_for_the_script(client, db):
    html = client.get("/libraries/").content.decode()
    assert '<select name="municipality" data-follows="id_region" id="id_municipality">' in html
    assert '<option value="147" data-region="1084">Frederiksberg</option>' in html
    assert '<select name="region" id="id_region">' in html
