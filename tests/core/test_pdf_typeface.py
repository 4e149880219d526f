"""Every PDF (catalogue, programme, plan version, certificate) is set in the portal's
typeface from Debian's packages, embedded in the file."""

import io

import pytest
from pypdf import PdfReader

from core import documents
from tests import factories
from tests.certification.conftest import make_submitted_plan

pytestmark = pytest.mark.django_db


def embedded_fonts(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def assert_open_sans(fonts: set[str]) -> None:
    assert fonts, "no fonts embedded"
    assert all(name.startswith("Open-Sans") for name in fonts), fonts


@pytest.mark.parametrize("kind", ["catalogue", "programme"])
def test_the_public_documents_are_set_in_open_sans(kind, library):
    factories.ExampleFactory(library=library, title="Byttemarked i foyeren")
    pdf, _job = documents.build_pdf(kind)
    assert_open_sans(embedded_fonts(pdf))


def test_a_plan_version_pdf_is_set_in_open_sans(library, lead):
    from actionplans.services import render_version_pdf

    version = make_submitted_plan(library, by=lead, initiatives=3)
    assert_open_sans(embedded_fonts(render_version_pdf(version)))
