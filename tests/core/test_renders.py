"""Renders that are due are never lost: the reconcile run (beat) queues again what should
exist and does not, or is older than the newest change it shows."""

import datetime

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.utils import timezone

from actionplans import tasks as actionplan_tasks
from certification import tasks as certification_tasks
from core import documents, renders
from core.models import DocumentState
from core.tasks import render_document
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch):
    """Record what would be queued, by kind."""
    calls = []
    monkeypatch.setattr(
        render_document,
        "apply_async",
        lambda args=(), countdown=None, **kw: calls.append(("document", args[0])),
    )
    monkeypatch.setattr(
        actionplan_tasks.render_plan_version_pdf,
        "delay",
        lambda pk: calls.append(("plan-version-pdf", pk)),
    )
    monkeypatch.setattr(
        certification_tasks.render_certificate_task,
        "delay",
        lambda pk: calls.append(("certificate", pk)),
    )
    return calls


def current(kind, **changes):
    now = timezone.now()
    values = {"changed_at": now - datetime.timedelta(minutes=5), "rendered_at": now, **changes}
    DocumentState.objects.update_or_create(kind=kind, defaults=values)


def test_a_document_older_than_its_newest_change_is_queued_again(queued):
    current("programme")
    current("catalogue", rendered_at=timezone.now() - datetime.timedelta(minutes=10))
    assert renders.reconcile() == {
        "catalogue": 1,
        "programme": 0,
        "plan-version-pdf": 0,
        "certificate": 0,
    }
    assert queued == [("document", "catalogue")]


def test_a_document_never_rendered_is_queued(queued):
    current("programme")
    renders.reconcile()
    assert queued == [("document", "catalogue")]


def test_nothing_is_queued_when_everything_is_current(queued):
    current("programme")
    current("catalogue")
    renders.reconcile()
    assert queued == []


def test_missing_version_pdfs_and_certificates_are_queued_once(queued, library):
    current("programme")
    current("catalogue")
    plan = factories.ActionPlanFactory(library=library)
    missing = factories.PlanVersionFactory(plan=plan)
    has_pdf = factories.PlanVersionFactory(plan=plan, number=2)
    has_pdf.pdf.save("v2.pdf", ContentFile(b"%PDF"))
    certification = factories.CertificationFactory(library=library)
    factories.CertificationFactory(library=library, status="revoked")  # needs no certificate
    renders.reconcile()
    assert sorted(queued) == [("certificate", certification.pk), ("plan-version-pdf", missing.pk)]
    renders.reconcile()  # queued already: not again while that task may still come back
    assert len(queued) == 2


def test_a_lost_object_render_is_queued_again_after_the_visibility_timeout(
    queued, library, settings
):
    current("programme")
    current("catalogue")
    version = factories.PlanVersionFactory(plan=factories.ActionPlanFactory(library=library))
    renders.reconcile()
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=601)):
        renders.reconcile()
    assert queued == [("plan-version-pdf", version.pk)] * 2


def test_the_pending_marker_lets_a_new_render_through_after_a_lost_task(queued, settings):
    settings.RENDER_PENDING_SECONDS = 300
    assert documents.schedule_render("catalogue")
    assert not documents.schedule_render("catalogue")
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=301)):
        assert documents.schedule_render("catalogue")


def test_a_render_counts_as_current_even_when_the_file_did_not_change(library):
    factories.ExampleFactory(library=library)
    documents.render_now("catalogue")
    assert documents.is_current("catalogue")
    DocumentState.objects.filter(kind="catalogue").update(changed_at=timezone.now())
    assert not documents.is_current("catalogue")
    documents.render_now("catalogue")  # same bytes, no new row, but it read the new data
    assert documents.is_current("catalogue")


def test_a_change_committed_after_a_render_started_makes_it_out_of_date(
    django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(documents, "schedule_render", lambda kind, key="": True)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        documents.request_render("catalogue")  # the change, not committed yet
    documents._record_render("catalogue", timezone.now())  # a render read the old data
    for callback in callbacks:  # now it commits
        callback()
    assert not documents.is_current("catalogue")


def test_a_rolled_back_change_records_nothing():
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        documents.request_render("catalogue")
        raise RuntimeError
    assert not DocumentState.objects.filter(kind="catalogue").exists()


def test_the_beat_schedule_runs_the_reconcile_task(settings):
    from config.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["reconcile-renders"]
    assert entry["task"] == "core.reconcile_renders" in app.tasks
    assert entry["schedule"] <= datetime.timedelta(minutes=5)


def test_the_command_renders_what_is_missing_in_the_embedded_default(library):
    from django.core.management import call_command

    factories.ExampleFactory(library=library)
    plan = factories.ActionPlanFactory(library=library)
    version = factories.PlanVersionFactory(
        plan=plan, snapshot={"initiatives": [], "library": {"slug": "ballerup"}}
    )
    call_command("reconcile_renders", verbosity=0)
    version.refresh_from_db()
    assert version.pdf and documents.is_current("catalogue") and documents.is_current("programme")
