"""The front page, the feed, sitemap.xml, robots.txt, the statement pages and error pages."""

import itertools
import re
import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string

from certification.models import Certification
from core.models import ProgrammeText
from tests import factories
from tests.portal.conftest import certify, participate

pytestmark = pytest.mark.django_db


def test_every_programme_text_has_a_danish_and_an_english_default(db):
    texts = {text.key: text for text in ProgrammeText.objects.all()}
    assert set(texts) == set(ProgrammeText.Key.values)
    for text in texts.values():
        assert text.title_da and text.title_en and text.body_da and text.body_en


def test_the_front_page_shows_texts_counts_newest_and_top_sdgs(client, library, other_library):
    certify(library, goals=(13,))
    certify(other_library, status=Certification.Status.REVOKED, goals=(13, 4))
    participate("dragoer")
    factories.ExampleFactory(library=library, title="Reparationscafé om torsdagen")
    html = client.get("/").content.decode()
    intro = ProgrammeText.objects.get(key="intro")
    assert intro.title_da in html
    assert ProgrammeText.objects.get(key="how_to_join").title_da in html
    assert "<strong>3</strong>" in html  # participating
    assert "<strong>1</strong>" in html  # certified (the revoked one does not count)
    assert "Reparationscafé om torsdagen" in html
    assert html.index('class="sdg-badge sdg-13"') < html.index('class="sdg-badge sdg-4"')
    assert 'href="/programme.pdf"' in html and 'href="/inspiration/catalogue.pdf"' in html


def test_the_front_page_shows_edited_texts_in_english_under_en(client, db):
    ProgrammeText.objects.filter(key="intro").update(title_en="Hello libraries")
    assert "Hello libraries" in client.get("/en/").content.decode()


def test_the_front_page_leaves_out_revoked_and_lapsed_certifications(client, library):
    certify(library, status=Certification.Status.REVOKED)
    assert 'href="/libraries/ballerup/"' not in client.get("/").content.decode()


def test_the_feed_has_new_certifications_and_examples(client, library):
    certification = certify(library)
    factories.ExampleFactory(library=library, title="Frøbibliotek", slug="froebibliotek")
    response = client.get("/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    ids = [entry.findtext("{http://www.w3.org/2005/Atom}id") for entry in root]
    assert f"certification:{certification.number}" in ids
    assert "example:froebibliotek" in ids


def test_the_sitemap_lists_public_pages_in_both_languages(client, library):
    factories.ExampleFactory(library=library, slug="froebibliotek")
    xml = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/libraries/ballerup/" in xml
    assert "http://testserver/en/libraries/ballerup/" in xml
    assert "http://testserver/inspiration/froebibliotek/" in xml
    assert "/libraries/koege/" not in xml  # not participating: a thin page


def test_robots_txt_points_to_the_sitemap_and_keeps_out_private_pages(client, db):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /dashboard/" in text and "Disallow: /en/accounts/" in text


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/accessibility/", "<h1>Tilgængelighedserklæring</h1>"),
        ("/en/accessibility/", "<h1>Accessibility statement</h1>"),
        ("/privacy/", "<h1>Privatlivspolitik</h1>"),
        ("/en/privacy/", "<h1>Privacy policy</h1>"),
    ],
)
def test_the_statement_pages_exist_in_both_languages(client, db, path, heading):
    html = client.get(path).content.decode()
    assert heading in html
    assert html.count("<h1") == 1


def test_the_500_page_renders_without_a_request_or_database():
    html = render_to_string("500.html")
    assert "Der skete en fejl" in html


def test_the_403_page_is_in_the_portal_s_layout(client, login, library, staff):
    response = login(staff).get("/manage/ballerup/profile/")
    assert response.status_code == 403
    assert 'class="site-header"' in response.content.decode()


def test_coordinators_may_edit_programme_texts_in_the_admin(client, login, coordinator):
    coordinator.is_staff = True
    coordinator.save()
    text = ProgrammeText.objects.get(key="intro")
    response = login(coordinator).get(f"/admin/core/programmetext/{text.pk}/change/")
    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/", "/libraries/", "/libraries/ballerup/", "/accessibility/"])
def test_public_pages_have_one_h1_and_headings_in_order(client, library, path):
    certify(library)
    html = client.get(path).content.decode()
    levels = [int(level) for level in re.findall(r"<h([1-6])[ >]", html)]
    assert levels.count(1) == 1 and levels[0] == 1
    for previous, current in itertools.pairwise(levels):
        assert current <= previous + 1, (path, levels)
