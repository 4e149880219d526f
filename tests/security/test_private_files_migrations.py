"""The data migrations that move existing evidence photos and certificates out of public media
(issue 11.1), and the admin pages that show their rows without linking the private files."""

import importlib
import re

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from actionplans.models import InitiativeProgress
from tests import factories

pytestmark = pytest.mark.django_db


def test_evidence_photos_move_to_private_storage(
    library, settings, django_capture_on_commit_callbacks
):
    migration = importlib.import_module("actionplans.migrations.0006_evidence_photos_private")
    plan = factories.ActionPlanFactory(library=library, status="approved")
    report = factories.ProgressReportFactory(plan=plan, year=2026)
    old_name = default_storage.save("evidence/0123abcd.png", ContentFile(b"png bytes"))
    entry = InitiativeProgress.objects.create(
        report=report, initiative=factories.InitiativeFactory(plan=plan), status="running"
    )
    InitiativeProgress.objects.filter(pk=entry.pk).update(photo=old_name)
    with django_capture_on_commit_callbacks(execute=True):
        migration.to_private(apps, None)
    entry.refresh_from_db()
    assert (settings.PRIVATE_MEDIA_ROOT / entry.photo.name).read_bytes() == b"png bytes"
    assert not default_storage.exists(old_name), "no longer served from /media/"


def test_certificates_move_to_private_storage_under_random_names(
    library, settings, django_capture_on_commit_callbacks
):
    migration = importlib.import_module(
        "certification.migrations.0002_certificates_private_random_names"
    )
    certification = factories.CertificationFactory(library=library, number="VMC-2026-0042")
    old_name = default_storage.save("certificates/VMC-2026-0042.pdf", ContentFile(b"%PDF-1.7"))
    lost = factories.CertificationFactory(library=library, number="VMC-2026-0043", status="expired")
    type(certification).objects.filter(pk=certification.pk).update(pdf=old_name)
    type(lost).objects.filter(pk=lost.pk).update(pdf="certificates/VMC-2026-0043.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        migration.to_private(apps, None)
    certification.refresh_from_db()
    lost.refresh_from_db()
    assert re.fullmatch(r"certificates/[0-9a-f]{32}\.pdf", certification.pdf.name)
    assert (settings.PRIVATE_MEDIA_ROOT / certification.pdf.name).read_bytes() == b"%PDF-1.7"
    assert not default_storage.exists(old_name), "no longer at its public, guessable address"
    assert lost.pdf.name == "", "a lost certificate is rendered again by the worker"


def test_the_admin_shows_a_certification_without_linking_its_private_certificate(
    login, operator, library
):
    certification = factories.CertificationFactory(library=library)
    certification.pdf.save("c.pdf", ContentFile(b"%PDF-1.4"))
    response = login(operator).get(f"/admin/certification/certification/{certification.pk}/change/")
    assert response.status_code == 200
    assert certification.pdf.name not in response.content.decode()
