"""The certificate PDF a library frames: one A4 page with its whole frame, the issuer (from
the editable programme texts, with its logo) and the coordinator who signed it."""

import io
import re
import subprocess

import pytest
from django.core.files.base import ContentFile
from PIL import Image
from pypdf import PdfReader

from actionplans.models import Decision
from certification import services
from certification.models import Certification
from core.models import ProgrammeText
from tests import factories
from tests.certification.conftest import make_submitted_plan

pytestmark = pytest.mark.django_db

A4_LANDSCAPE_PT = (842, 595)


@pytest.fixture
def approved(library, lead, django_capture_on_commit_callbacks):
    """Ballerup's plan (initiatives for all 17 SDGs, the most the page must hold) approved by
    a coordinator with a job title."""
    version = make_submitted_plan(library, by=lead, initiatives=17)
    coordinator = factories.CoordinatorFactory(
        name="Karin Koordinator", job_title="Verdensmålskoordinator"
    )
    with django_capture_on_commit_callbacks(execute=False):
        services.decide_plan_version(version=version, decision=Decision.APPROVED, by=coordinator)
    return Certification.objects.get(library=library)


def _pdf(certification) -> PdfReader:
    return PdfReader(io.BytesIO(services.render_certificate_pdf(certification)))


def _text(reader: PdfReader) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_the_certificate_is_one_a4_landscape_page_naming_issuer_and_signatory(approved):
    reader = _pdf(approved)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == A4_LANDSCAPE_PT
    text = _text(reader)
    assert "Ballerup Bibliotekerne" in text
    assert approved.number in text
    assert "Udstedt af Chora 2030" in text  # the issuer, from the programme texts
    assert "Karin Koordinator" in text and "Verdensmålskoordinator" in text
    assert "17 Partnerskaber for handling" in text  # every goal fits on the page


def test_the_issuer_is_the_edited_programme_text(approved):
    ProgrammeText.objects.filter(key=ProgrammeText.Key.ISSUER).update(
        title_da="Chora 2030 & DB2030", body_da="Bibliotekernes netværk for verdensmålene"
    )
    text = _text(_pdf(approved))
    assert "Udstedt af Chora 2030 & DB2030" in text
    assert "Bibliotekernes netværk for verdensmålene" in text


def test_a_certificate_without_a_signatory_still_names_the_issuer(approved):
    approved.plan.versions.update(decided_by=None)  # the coordinator's account was deleted
    text = _text(_pdf(approved))
    assert "Udstedt af Chora 2030" in text
    assert "Karin Koordinator" not in text


def test_the_certificate_uses_the_portals_typefaces(approved):
    fonts = set()
    page = _pdf(approved).pages[0]
    for font in page["/Resources"]["/Font"].values():
        fonts.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    assert any(name.startswith("Open-Sans") for name in fonts), fonts
    assert any(name.startswith("EB-Garamond") for name in fonts), fonts
    assert not any(name.startswith("DejaVu") for name in fonts), fonts


def _rendered_page(certification, tmp_path) -> Image.Image:
    (tmp_path / "certificate.pdf").write_bytes(services.render_certificate_pdf(certification))
    subprocess.run(
        ["/usr/bin/pdftoppm", "-png", "-r", "40", "-singlefile", "certificate.pdf", "page"],
        cwd=tmp_path, check=True,
    )  # fmt: skip
    return Image.open(tmp_path / "page.png").convert("RGB")


def test_the_whole_frame_is_on_the_page(approved, tmp_path):
    """The frame's colour (#00446e) runs along all four edges, the bottom one included (it
    used to be cut off)."""
    image = _rendered_page(approved, tmp_path)
    width, height = image.size

    def is_frame(pixel):
        red, green, blue = pixel
        return red < 40 and 50 < green < 90 and 90 < blue < 130

    def frame_rows(ys):
        return [
            y
            for y in ys
            if sum(is_frame(image.getpixel((x, y))) for x in range(width)) > width * 0.8
        ]

    def frame_columns(xs):
        return [
            x
            for x in xs
            if sum(is_frame(image.getpixel((x, y))) for y in range(height)) > height * 0.8
        ]

    assert frame_rows(range(height // 5)), "no top edge"
    assert frame_rows(range(height - height // 5, height)), "no bottom edge"
    assert frame_columns(range(width // 5)), "no left edge"
    assert frame_columns(range(width - width // 5, width)), "no right edge"


def test_an_uploaded_issuer_logo_heads_the_certificate(approved, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    logo = Image.new("RGB", (400, 120), "#e5243b")  # a red logo: nothing else on the page is
    buffer = io.BytesIO()
    logo.save(buffer, format="PNG")
    issuer = ProgrammeText.objects.get(key=ProgrammeText.Key.ISSUER)
    issuer.logo.save("logo.png", ContentFile(buffer.getvalue()))
    image = _rendered_page(approved, tmp_path)
    top = image.crop((0, 0, image.width, image.height // 4))
    colours = top.getcolors(top.width * top.height)
    red = sum(count for count, (r, g, b) in colours if r > 200 and g < 80 and b < 90)
    assert red > 100


def test_a_long_name_and_all_17_goals_still_leave_the_qr_code_and_the_facts_on_the_page(
    approved, tmp_path
):
    import zxingcpp

    approved.library.name = (
        "Biblioteket i Ringkøbing-Skjern Kommune med filialer i Tarm, Videbæk og Hvide Sande"
    )
    approved.library.save()
    reader = _pdf(approved)
    assert len(reader.pages) == 1
    text = _text(reader)
    assert "Gyldig til" in text and "17 Partnerskaber for handling" in text
    (tmp_path / "certificate.pdf").write_bytes(services.render_certificate_pdf(approved))
    subprocess.run(
        ["/usr/bin/pdftoppm", "-png", "-r", "150", "-singlefile", "certificate.pdf", "page"],
        cwd=tmp_path, check=True,
    )  # fmt: skip
    codes = zxingcpp.read_barcodes(Image.open(tmp_path / "page.png"))
    assert [code.text for code in codes] == [services.verify_url(approved.number)]
