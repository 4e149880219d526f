"""Replaced or deleted files go from storage (issue 11.1): evidence photos (private), library
logos (public), certificates; once the change commits, never before (a rolled-back change keeps
its file)."""

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from actionplans import services
from actionplans.models import InitiativeProgress
from core.files import private_storage
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(approved_plan, staff):
    with time_machine.travel("2026-11-20"):
        return services.create_report(plan=approved_plan, year=2026, by=staff)


def save_photo(report, staff, photo, **extra):
    entry = report.entries.order_by("pk").first()
    services.update_report(
        report=report,
        by=staff,
        lock_version=report.lock_version,
        summary="",
        entries={entry.pk: {"photo": photo, "photo_alt": "Foto", **extra}},
    )
    report.refresh_from_db()
    return InitiativeProgress.objects.get(pk=entry.pk)


@time_machine.travel("2026-11-20")
def test_a_replaced_or_removed_evidence_photo_goes_from_private_storage(
    report, staff, png_bytes, django_capture_on_commit_callbacks
):
    storage = private_storage()
    with django_capture_on_commit_callbacks(execute=True):
        first = save_photo(report, staff, SimpleUploadedFile("a.png", png_bytes)).photo.name
    assert storage.exists(first)
    with django_capture_on_commit_callbacks(execute=True):
        second = save_photo(report, staff, SimpleUploadedFile("b.png", png_bytes)).photo.name
    assert storage.exists(second) and not storage.exists(first)
    with django_capture_on_commit_callbacks(execute=True):
        assert not save_photo(report, staff, False).photo
    assert not storage.exists(second)


@time_machine.travel("2026-11-20")
def test_a_photo_stays_until_its_removal_commits(report, staff, png_bytes):
    name = save_photo(report, staff, SimpleUploadedFile("a.png", png_bytes)).photo.name
    save_photo(report, staff, False)  # the test's transaction never commits
    assert private_storage().exists(name)


@time_machine.travel("2026-11-20")
def test_deleting_a_report_deletes_its_photos(
    report, staff, png_bytes, django_capture_on_commit_callbacks
):
    name = save_photo(report, staff, SimpleUploadedFile("a.png", png_bytes)).photo.name
    with django_capture_on_commit_callbacks(execute=True):
        report.delete()
    assert not private_storage().exists(name)


def test_a_replaced_or_removed_library_logo_goes_from_storage(
    library, png_bytes, django_capture_on_commit_callbacks
):
    library.logo.save("logo.png", ContentFile(png_bytes))
    storage, old = library.logo.storage, library.logo.name
    with django_capture_on_commit_callbacks(execute=True):
        library.logo = ContentFile(png_bytes, name="new.png")
        library.save()
    new = library.logo.name
    assert storage.exists(new) and not storage.exists(old)
    with django_capture_on_commit_callbacks(execute=True):
        library.logo = None
        library.save()
    assert not storage.exists(new)


def test_deleting_a_certification_deletes_its_certificate(
    library, django_capture_on_commit_callbacks
):
    certification = factories.CertificationFactory(library=library)
    certification.pdf.save("c.pdf", ContentFile(b"%PDF-1.4"))
    name = certification.pdf.name
    assert private_storage().exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        certification.delete()
    assert not private_storage().exists(name)
