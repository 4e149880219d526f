"""Submitted plans and reports as the action-plans app leaves them (snapshots built by
actionplans.snapshots, the one contract)."""

import datetime

import pytest
from django.utils import timezone

from actionplans.models import ActionPlan, Initiative, ProgressReport
from tests import factories


def make_submitted_plan(library, *, initiatives=3, by=None, submitted_at=None, number=1, plan=None):
    """A plan in status submitted with `initiatives` initiatives and its pending version."""
    if plan is None:
        plan = factories.ActionPlanFactory(library=library, status=ActionPlan.Status.SUBMITTED)
        areas = ["organisation", "operations", "citizens"]
        for index in range(initiatives):
            factories.InitiativeFactory(
                plan=plan, area=areas[index % 3], goals=[(index % 17) + 1, 12]
            )
    else:
        plan.status = ActionPlan.Status.SUBMITTED
        plan.save()
    return factories.PlanVersionFactory(
        plan=plan,
        number=number,
        submitted_by=by,
        submitted_at=submitted_at or timezone.now(),
    )


@pytest.fixture
def submitted_version(library, lead):
    return make_submitted_plan(library, by=lead)


def make_submitted_report(plan, *, year=2026, by=None, submitted_at=None):
    report = factories.ProgressReportFactory(
        plan=plan,
        year=year,
        status=ProgressReport.Status.SUBMITTED,
        submitted_by=by,
        submitted_at=submitted_at or timezone.now(),
        summary="Et godt år med mange besøgende.",
    )
    from actionplans.models import InitiativeProgress

    for initiative in plan.initiatives.all():
        InitiativeProgress.objects.create(
            report=report,
            initiative=initiative,
            status=Initiative.Status.RUNNING,
            result="Gik godt.",
        )
    return report


@pytest.fixture
def certified_plan(library):
    """An approved plan of the library with an active certification."""
    plan = factories.ActionPlanFactory(library=library, status=ActionPlan.Status.APPROVED)
    factories.InitiativeFactory(plan=plan, goals=[4, 12])
    today = timezone.localdate()
    factories.CertificationFactory(
        library=library,
        plan=plan,
        issued_at=today - datetime.timedelta(days=300),
        valid_until=today + datetime.timedelta(days=65),
    )
    return plan


@pytest.fixture
def submitted_report(certified_plan, lead):
    return make_submitted_report(certified_plan, by=lead)


@pytest.fixture(autouse=True)
def queued_certificates(request, monkeypatch):
    """Certificate PDFs are recorded, not rendered (slow), except in the real-worker test."""
    queued = []
    if "celery_worker_on_redis" not in request.fixturenames:
        from certification.tasks import render_certificate_task

        monkeypatch.setattr(render_certificate_task, "delay", lambda pk: queued.append(pk))
    return queued


def _load_reference_data():
    from actionplans import reference_data as sdgs
    from actionplans.models import Goal, Target
    from libraries import reference_data as libraries
    from libraries.models import Library, Municipality, Region

    libraries.load(Region, Municipality, Library)
    sdgs.load(Goal, Target)


@pytest.fixture
def reference_data(django_db_setup, django_db_blocker):
    """Transactional tests flush the database, reference data included. Request this fixture
    before `transactional_db` (or the worker fixture): its teardown then runs after the flush
    and loads the reference data again, so later tests (and a reused test database) keep it."""
    from libraries.models import Library

    with django_db_blocker.unblock():
        if not Library.objects.exists():
            _load_reference_data()
    yield
    with django_db_blocker.unblock():
        _load_reference_data()
