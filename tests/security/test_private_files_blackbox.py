"""Private files, probed from outside (issue 11.1, "How we will check it").

Every file linked from the pages behind a library's submitted plan, an unreviewed progress report,
a revoked certification and an unapproved example is collected from those pages as the library's
own member and as a coordinator see them. Then, as an anonymous visitor and as staff of another
library, every one of those URLs answers 404; the member and the coordinator still get each file.
"""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from PIL import Image

from actionplans.models import ActionPlan, InitiativeProgress, ProgressReport
from certification import services as certification_services
from tests import factories
from tests.sessions import sign_in

pytestmark = pytest.mark.django_db

LINK = re.compile(r'(?:href|src)="(/[^"]*)"')
FILE_MARKS = ("/pdf/", ".pdf", "/photos/", "/images/", "/media/")
# Linked from every page's layout, and public by design.
PUBLIC_DOCUMENTS = {"/programme.pdf", "/inspiration/catalogue.pdf"}


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "#3F7E44").save(buffer, format="PNG")
    return buffer.getvalue()


def file_urls(client, *pages) -> set[str]:
    urls = set()
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        links = LINK.findall(response.content.decode())
        urls.update(link for link in links if any(mark in link for mark in FILE_MARKS))
    return urls - PUBLIC_DOCUMENTS


@pytest.fixture
def library_files(library, lead, coordinator):
    """A submitted plan with its version PDF; an approved plan with a submitted (unreviewed)
    report holding an evidence photo, and a revoked certification with its certificate."""
    submitted = factories.ActionPlanFactory(library=library, status=ActionPlan.Status.SUBMITTED)
    factories.InitiativeFactory(plan=submitted)
    version = factories.PlanVersionFactory(plan=submitted, submitted_by=lead)
    version.pdf.save("v1.pdf", ContentFile(b"%PDF-1.4 submitted plan"))

    approved = factories.ActionPlanFactory(
        library=library, status=ActionPlan.Status.APPROVED, period_start=2023, period_end=2025
    )
    initiative = factories.InitiativeFactory(plan=approved)
    report = factories.ProgressReportFactory(
        plan=approved, year=2025, status=ProgressReport.Status.SUBMITTED, submitted_by=lead
    )
    entry = InitiativeProgress.objects.create(
        report=report, initiative=initiative, status="running", photo_alt="Byttemarkedet"
    )
    entry.photo.save("evidence.png", ContentFile(png()))

    certification = factories.CertificationFactory(library=library, plan=approved)
    certification.pdf.save("certificate.pdf", ContentFile(b"%PDF-1.4 certificate"))
    certification_services.revoke_certification(
        certification=certification, by=coordinator, reason="Ikke fulgt op"
    )
    return {
        "member_pages": [f"/plans/{submitted.uuid}/", f"/plans/reports/{report.uuid}/"],
        "coordinator_pages": [f"/plans/{submitted.uuid}/", f"/review/reports/{report.uuid}/"],
        # The certificate number is public (/verify/<number>/): so is its address.
        "certificate": f"/certificates/{certification.number}.pdf",
    }


def assert_private(urls, *, insiders, outsiders):
    for user in insiders:
        client = sign_in(Client(), user)
        for url in urls:
            assert client.get(url).status_code == 200, (url, user)
    for user in outsiders:
        client = Client() if user is None else sign_in(Client(), user)
        for url in urls:
            assert client.get(url).status_code == 404, (url, user or "anonymous")


def test_files_of_submitted_plans_unreviewed_reports_and_revoked_certificates_are_private(
    library_files, staff, coordinator, outsider
):
    member_urls = file_urls(sign_in(Client(), staff), *library_files["member_pages"])
    coordinator_urls = file_urls(
        sign_in(Client(), coordinator), *library_files["coordinator_pages"]
    )
    assert any("/pdf/" in url for url in member_urls), "the plan links its version PDF"
    assert any("/photos/" in url for url in member_urls), "the report shows its photo"
    assert any("/photos/" in url for url in coordinator_urls), "so does the review page"
    urls = member_urls | coordinator_urls | {library_files["certificate"]}
    assert not any(url.startswith("/media/") for url in urls), "nothing private in /media/"
    assert_private(urls, insiders=[staff, coordinator], outsiders=[None, outsider])


def test_images_of_an_unapproved_example_are_private(library, staff, coordinator, outsider):
    example = factories.ExampleFactory(
        library=library, status="submitted", approved_at=None, created_by=staff
    )
    factories.ExampleImageFactory(example=example, alt_text="Byttemarkedet")
    urls = file_urls(sign_in(Client(), staff), f"/examples/{example.slug}/") | file_urls(
        sign_in(Client(), coordinator), f"/review/examples/{example.slug}/"
    )
    assert urls, "the example's pages show its image"
    assert_private(urls, insiders=[staff, coordinator], outsiders=[None, outsider])
