"""Plan succession (issue 16, item 1): a plan approved for the next period does not replace the
running plan at once. The running plan stays current (public profile, progress reports) until
the new plan's first year begins; the daily run then makes the new plan current and moves the
certification to it. The certificate never ends before the new plan begins."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from actionplans import services as plan_services
from actionplans.models import ActionPlan, Decision
from certification import services
from certification.models import Certification
from core.models import AuditEvent
from tests import factories
from tests.certification.conftest import make_submitted_plan

pytestmark = pytest.mark.django_db

APPROVAL_DAY = datetime.datetime(2026, 11, 15, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def running_plan(library):
    """The library's approved plan 2025–2027 with a certification valid until March 2027."""
    plan = factories.ActionPlanFactory(
        library=library, period_start=2025, period_end=2027, status=ActionPlan.Status.APPROVED
    )
    factories.InitiativeFactory(plan=plan, title="Byttemarked", goals=[12])
    factories.InitiativeFactory(plan=plan, title="Klimacafé", area="operations", goals=[13])
    factories.CertificationFactory(
        library=library,
        plan=plan,
        issued_at=datetime.date(2025, 3, 1),
        valid_until=datetime.date(2027, 3, 1),
    )
    return plan


@pytest.fixture
def next_plan_approved(running_plan, library, lead, coordinator):
    """The plan 2028–2030, started as a copy of the running plan and approved in Nov 2026."""
    with time_machine.travel(APPROVAL_DAY, tick=False):
        plan = plan_services.create_plan(
            library=library, by=lead, period_start=2028, copy_last_approved=True
        )
        version = make_submitted_plan(library, plan=plan, by=lead)
        services.decide_plan_version(version=version, decision=Decision.APPROVED, by=coordinator)
    plan.refresh_from_db()
    return plan


def test_approving_the_next_period_keeps_the_running_plan_current(running_plan, next_plan_approved):
    running_plan.refresh_from_db()
    assert running_plan.status == ActionPlan.Status.APPROVED
    assert next_plan_approved.status == ActionPlan.Status.UPCOMING
    assert next_plan_approved.approved_at is not None
    certification = Certification.objects.get(library=running_plan.library)
    assert certification.plan == running_plan


def test_the_certificate_does_not_end_before_the_new_plan_begins(next_plan_approved):
    certification = Certification.objects.get(library=next_plan_approved.library)
    # A full validity period counted from the day the new plan takes over (1 Jan 2028),
    # not from the approval in Nov 2026 (which would end in Nov 2027).
    assert certification.valid_until == datetime.date(2029, 1, 1)
    assert certification.status == Certification.Status.ACTIVE


def test_the_profile_shows_the_running_plan_and_the_next_one_as_upcoming(
    client, running_plan, next_plan_approved, library
):
    html = client.get(f"/libraries/{library.slug}/").content.decode()
    assert "Handleplan 2025–2027" in html
    assert "Kommende" in html
    assert "2028–2030" in html
    assert "Handleplan 2028–2030" not in html


def test_the_day_before_the_new_period_nothing_switches(running_plan, next_plan_approved):
    result = services.run_daily(today=datetime.date(2027, 12, 31))
    assert result["plans_started"] == 0
    running_plan.refresh_from_db()
    next_plan_approved.refresh_from_db()
    assert running_plan.status == ActionPlan.Status.APPROVED
    assert next_plan_approved.status == ActionPlan.Status.UPCOMING


def test_the_daily_run_switches_when_the_new_period_starts(
    client, running_plan, next_plan_approved, library
):
    with time_machine.travel(datetime.datetime(2028, 1, 1, 6, 0, tzinfo=datetime.UTC)):
        result = services.run_daily(today=datetime.date(2028, 1, 1))
        assert result["plans_started"] == 1
        assert result["certifications_moved"] == 1
        running_plan.refresh_from_db()
        next_plan_approved.refresh_from_db()
        assert running_plan.status == ActionPlan.Status.SUPERSEDED
        assert next_plan_approved.status == ActionPlan.Status.APPROVED
        certification = Certification.objects.get(library=library)
        assert certification.plan == next_plan_approved
        assert certification.valid_until == datetime.date(2029, 1, 1)
        assert certification.is_valid(datetime.date(2028, 1, 1))
        html = client.get(f"/libraries/{library.slug}/").content.decode()
        assert "Handleplan 2028–2030" in html
        assert "Kommende" not in html
    assert AuditEvent.objects.filter(verb="plan.started").count() == 1
    # Running the day again changes nothing.
    assert services.run_daily(today=datetime.date(2028, 1, 2))["plans_started"] == 0


def test_progress_reports_stay_with_the_running_plan_until_the_switch(
    running_plan, next_plan_approved
):
    from actionplans.selectors import report_years

    with time_machine.travel(datetime.datetime(2027, 6, 1, tzinfo=datetime.UTC)):
        assert report_years(running_plan) == [2025, 2026, 2027]
        assert report_years(next_plan_approved) == []


def test_a_plan_for_the_current_year_takes_over_at_once(running_plan, library, lead, coordinator):
    with time_machine.travel(datetime.datetime(2028, 2, 1, 12, tzinfo=datetime.UTC), tick=False):
        plan = plan_services.create_plan(
            library=library, by=lead, period_start=2028, copy_last_approved=True
        )
        version = make_submitted_plan(library, plan=plan, by=lead)
        services.decide_plan_version(version=version, decision=Decision.APPROVED, by=coordinator)
        today = timezone.localdate()
    plan.refresh_from_db()
    running_plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.APPROVED
    assert running_plan.status == ActionPlan.Status.SUPERSEDED
    certification = Certification.objects.get(library=library)
    assert certification.plan == plan
    assert certification.valid_until == services.add_months(today, 12)


def test_a_first_plan_for_a_later_period_is_current_at_once(library, lead, coordinator):
    with time_machine.travel(APPROVAL_DAY, tick=False):
        plan = factories.ActionPlanFactory(library=library, period_start=2027, period_end=2029)
        factories.InitiativeFactory(plan=plan)
        version = make_submitted_plan(library, plan=plan, by=lead)
        services.decide_plan_version(version=version, decision=Decision.APPROVED, by=coordinator)
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.APPROVED
    assert Certification.objects.get(library=library).plan == plan


def test_the_dashboard_says_when_the_next_plan_takes_over(
    client, running_plan, next_plan_approved, lead
):
    with time_machine.travel(datetime.datetime(2027, 6, 1, tzinfo=datetime.UTC)):
        client.force_login(lead)
        html = client.get("/en/dashboard/").content.decode()
    assert "The next plan (2028–2030) is approved and takes over on 1 January 2028." in html
    assert "time to start the next plan" not in html


def test_the_approval_mail_says_when_an_upcoming_plan_takes_over(
    running_plan, library, lead, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    lead.language = "en"
    lead.save()
    with time_machine.travel(APPROVAL_DAY, tick=False):
        plan = plan_services.create_plan(
            library=library, by=lead, period_start=2028, copy_last_approved=True
        )
        version = make_submitted_plan(library, plan=plan, by=lead)
        with django_capture_on_commit_callbacks(execute=True):
            services.decide_plan_version(
                version=version, decision=Decision.APPROVED, by=coordinator
            )
    [message] = [m for m in mailoutbox if m.to == [lead.email]]
    assert "stays in force until this plan takes over on 1 January 2028" in message.body
