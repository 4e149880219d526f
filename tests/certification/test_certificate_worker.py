import io
import subprocess
import time

import pytest
import zxingcpp
from django.conf import settings
from PIL import Image
from pypdf import PdfReader

from actionplans.models import Decision
from certification import services
from certification.models import Certification
from tests import factories
from tests.certification.conftest import make_submitted_plan


def wait_for_pdf(library, timeout=60) -> Certification:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        certification = Certification.objects.filter(library=library).first()
        if certification and certification.pdf and certification.pdf_generated_at:
            return certification
        time.sleep(0.25)
    pytest.fail("The worker did not render the certificate in time")


@pytest.mark.worker
def test_the_worker_renders_a_certificate_with_a_qr_code_to_the_verify_page(
    reference_data, celery_worker_on_redis, library, tmp_path
):
    lead = factories.UserFactory(name="Lene Leder")
    factories.LeadMembershipFactory(user=lead, library=library)
    version = make_submitted_plan(library, by=lead, initiatives=4)
    coordinator = factories.CoordinatorFactory()
    services.decide_plan_version(version=version, decision=Decision.APPROVED, by=coordinator)

    certification = wait_for_pdf(library)
    with certification.pdf.open("rb") as handle:
        content = handle.read()
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert library.display_name in text
    assert certification.number in text
    assert settings.PROGRAMME_NAME.lower() in text.lower()

    (tmp_path / "certificate.pdf").write_bytes(content)
    subprocess.run(
        ["/usr/bin/pdftoppm", "-png", "-r", "150", "-singlefile", "certificate.pdf", "page"],
        cwd=tmp_path, check=True,
    )  # fmt: skip
    codes = zxingcpp.read_barcodes(Image.open(tmp_path / "page.png"))
    assert [code.text for code in codes] == [f"{settings.SITE_URL}/verify/{certification.number}/"]
