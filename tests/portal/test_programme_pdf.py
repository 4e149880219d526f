"""The programme PDF's design (issue 15.5): live figures and the map of Denmark by status."""

import io

import pytest
from pypdf import PdfReader

from core import documents
from portal import programme
from tests import factories
from tests.inspiration.test_catalogue_design_and_selections import walk_structure

pytestmark = pytest.mark.django_db


def test_the_cover_has_live_figures_and_other_apps_can_add_theirs(library, monkeypatch):
    factories.ThemeFactory()
    factories.ThemeFactory(status="draft")
    monkeypatch.setattr(
        programme,
        "FIGURE_PROVIDERS",
        [*programme.FIGURE_PROVIDERS, lambda: [programme.Figure(7, "arrangementer")]],
    )
    found = {figure.label: figure.value for figure in programme.figures()}
    assert found["nationale temaer"] == 1  # published ones only
    assert found["arrangementer"] == 7
    assert {"certificerede biblioteker", "biblioteker på vej mod certificering"} <= found.keys()


def test_the_map_is_a_figure_whose_alt_text_says_what_it_shows(library):
    status_map = programme.status_map()
    assert status_map["src"].startswith("data:image/svg+xml;base64,")
    assert status_map["alt"].startswith("Danmarkskort over kommunerne")
    pdf, _job = documents.build_pdf("programme")
    found = []
    reader = PdfReader(io.BytesIO(pdf))
    walk_structure(reader.trailer["/Root"]["/StructTreeRoot"], found)
    assert status_map["alt"] in [alt for kind, alt in found if kind == "/Figure"]
    assert "nationale temaer" in reader.pages[0].extract_text()
