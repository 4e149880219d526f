import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from actionplans import services
from actionplans.models import ActionPlan, ProgressReport
from core.models import AuditEvent


def entry_post(report, **overrides):
    data = {"lock_version": str(report.lock_version), "summary": "Et godt år"}
    for entry in report.entries.all():
        prefix = f"entry-{entry.pk}"
        data.update(
            {
                f"{prefix}-status": "running",
                f"{prefix}-result": f"Resultat for {entry.initiative.title}",
                f"{prefix}-indicator_value": "",
                f"{prefix}-evidence_links": "",
                f"{prefix}-photo_alt": "",
            }
        )
    data.update(overrides)
    return data


@pytest.fixture
def report(approved_plan, staff):
    with time_machine.travel("2026-11-20"):
        return services.create_report(plan=approved_plan, year=2026, by=staff)


@pytest.mark.django_db
@time_machine.travel("2026-11-20")
def test_it_opens_reports_only_for_approved_plans_and_past_years(login, staff, approved_plan, plan):
    with pytest.raises(ValidationError):
        services.create_report(plan=approved_plan, year=2027, by=staff)  # the future
    ActionPlan.objects.filter(pk=approved_plan.pk).update(status=ActionPlan.Status.SUPERSEDED)
    approved_plan.refresh_from_db()
    with pytest.raises(ValidationError):
        services.create_report(plan=approved_plan, year=2025, by=staff)
    ActionPlan.objects.filter(pk=approved_plan.pk).update(status=ActionPlan.Status.APPROVED)
    response = login(staff).post(f"/plans/{approved_plan.uuid}/reports/new/", {"year": "2025"})
    report = ProgressReport.objects.get(plan=approved_plan, year=2025)
    assert response["Location"] == f"/plans/reports/{report.uuid}/"
    assert report.entries.count() == 3
    assert AuditEvent.objects.filter(verb="report.created").count() == 1


@pytest.mark.django_db
def test_it_saves_results_numbers_links_and_a_photo(login, staff, report, png_bytes):
    entry = report.entries.first()
    prefix = f"entry-{entry.pk}"
    data = entry_post(
        report,
        **{
            f"{prefix}-indicator_value": "42,5",
            f"{prefix}-evidence_links": "https://ballerup.dk/byttemarked\n\nhttps://example.org/x",
            f"{prefix}-photo": SimpleUploadedFile("foto.png", png_bytes, "image/png"),
            f"{prefix}-photo_alt": "Borgere bytter tøj",
        },
    )
    response = login(staff).post(f"/plans/reports/{report.uuid}/", data)
    assert response.status_code == 302, response.content.decode()
    entry.refresh_from_db()
    assert str(entry.indicator_value) == "42.50"
    assert entry.evidence_links == ["https://ballerup.dk/byttemarked", "https://example.org/x"]
    assert entry.photo.name.startswith("evidence/") and entry.photo_alt == "Borgere bytter tøj"
    report.refresh_from_db()
    assert report.summary == "Et godt år" and report.lock_version == 1


@pytest.mark.django_db
def test_it_requires_alt_text_a_real_image_and_web_addresses(login, staff, report, png_bytes):
    entry = report.entries.first()
    prefix = f"entry-{entry.pk}"
    data = entry_post(
        report,
        **{
            f"{prefix}-photo": SimpleUploadedFile("foto.png", png_bytes, "image/png"),
            f"{prefix}-evidence_links": "ikke en adresse",
            f"{prefix}-result": "Mit resultat & mere",
        },
    )
    response = login(staff).post(f"/plans/reports/{report.uuid}/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "ikke en adresse" in html and "Mit resultat &amp; mere" in html
    assert html.count('aria-invalid="true"') == 2
    data[f"{prefix}-photo"] = SimpleUploadedFile("x.png", b"not an image", "image/png")
    data[f"{prefix}-photo_alt"] = "Noget"
    data[f"{prefix}-evidence_links"] = ""
    response = login(staff).post(f"/plans/reports/{report.uuid}/", data)
    assert response.status_code == 200
    entry.refresh_from_db()
    assert not entry.photo


@pytest.mark.django_db
def test_it_refuses_a_photo_over_5_mb(report, png_bytes):
    from actionplans.forms import EntryForm

    entry = report.entries.first()
    big = SimpleUploadedFile("big.png", png_bytes, "image/png")
    big.size = 5 * 1024 * 1024 + 1
    form = EntryForm({"status": "running", "photo_alt": "x"}, {"photo": big}, entry=entry)
    assert not form.is_valid()
    assert "photo" in form.errors


@pytest.mark.django_db
def test_it_refuses_a_stale_report_save_and_keeps_what_was_typed(login, staff, lead, report):
    stale = entry_post(report)
    services.update_report(report=report, by=lead, lock_version=0, summary="Ledelsens", entries={})
    stale["summary"] = "Min opsummering"
    response = login(staff).post(f"/plans/reports/{report.uuid}/", stale)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ledelsens" in html and "Min opsummering" in html
    report.refresh_from_db()
    assert report.summary == "Ledelsens"


@pytest.mark.django_db
def test_the_lead_submits_a_complete_report(
    login, lead, staff, coordinator, report, mailoutbox, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError):
        services.submit_report(report=report, by=lead)  # no results yet
    login(staff).post(f"/plans/reports/{report.uuid}/", entry_post(report))
    report.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.submit_report(report=report, by=staff)
    assert login(staff).post(f"/plans/reports/{report.uuid}/submit/").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = login(lead).post(f"/plans/reports/{report.uuid}/submit/")
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.SUBMITTED
    assert report.submitted_at and report.submitted_by == lead
    assert AuditEvent.objects.filter(verb="report.submitted").count() == 1
    assert [m.to for m in mailoutbox] == [[coordinator.email]]
    assert login(lead).post(f"/plans/reports/{report.uuid}/", entry_post(report)).status_code == 403


@pytest.mark.django_db
def test_an_evidence_photo_is_stored_under_a_generated_name(login, staff, report, png_bytes):
    import re

    entry = report.entries.first()
    prefix = f"entry-{entry.pk}"
    data = entry_post(
        report,
        **{
            f"{prefix}-photo": SimpleUploadedFile("Jens Hansen 0101.png", png_bytes, "image/png"),
            f"{prefix}-photo_alt": "Borgere bytter tøj",
        },
    )
    assert login(staff).post(f"/plans/reports/{report.uuid}/", data).status_code == 302
    entry.refresh_from_db()
    assert re.fullmatch(r"evidence/[0-9a-f]{32}\.png", entry.photo.name)


@pytest.mark.django_db
def test_an_evidence_photo_with_too_many_pixels_is_refused(login, staff, report):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (8000, 6000)).save(buffer, format="PNG")  # 48 million pixels, a few KB
    entry = report.entries.first()
    prefix = f"entry-{entry.pk}"
    data = entry_post(
        report,
        **{
            f"{prefix}-photo": SimpleUploadedFile("bomb.png", buffer.getvalue(), "image/png"),
            f"{prefix}-photo_alt": "Noget",
        },
    )
    response = login(staff).post(f"/plans/reports/{report.uuid}/", data)
    assert response.status_code == 200
    entry.refresh_from_db()
    assert not entry.photo
