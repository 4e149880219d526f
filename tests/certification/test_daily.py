import datetime

import pytest
import time_machine
from django.conf import settings

from actionplans.models import ActionPlan
from certification import tasks
from certification.models import Certification, ReminderLog
from core.models import AuditEvent
from tests import factories
from tests.certification.conftest import make_submitted_report

pytestmark = pytest.mark.django_db

DUE = datetime.date(2027, 3, 1)


@pytest.fixture
def due_certification(library, lead, staff):
    plan = factories.ActionPlanFactory(library=library, status=ActionPlan.Status.APPROVED)
    return factories.CertificationFactory(
        library=library, plan=plan, issued_at=datetime.date(2026, 3, 1), valid_until=DUE
    )


def run_on(day: datetime.date, capture) -> dict:
    moment = datetime.datetime.combine(day, datetime.time(7, 0))
    with time_machine.travel(moment, tick=False), capture(execute=True):
        return tasks.daily_task()


def test_reminders_go_to_leads_60_14_and_1_days_before_and_never_twice(
    due_certification, lead, staff, mailoutbox, django_capture_on_commit_callbacks
):
    sent_on = {}
    day = DUE - datetime.timedelta(days=70)
    while day <= DUE + datetime.timedelta(days=2):
        before = len(mailoutbox)
        run_on(day, django_capture_on_commit_callbacks)
        run_on(day, django_capture_on_commit_callbacks)  # a second run the same day
        if len(mailoutbox) > before:
            sent_on[(DUE - day).days] = len(mailoutbox) - before
        day += datetime.timedelta(days=1)
    assert sent_on == {60: 1, 14: 1, 1: 1}
    assert {m.to[0] for m in mailoutbox} == {lead.email}  # leads only
    assert ReminderLog.objects.filter(certification=due_certification).count() == 3
    assert "1 dag" in mailoutbox[-1].subject or "1 day" in mailoutbox[-1].subject


def test_a_missed_day_is_caught_up_once(
    due_certification, mailoutbox, django_capture_on_commit_callbacks
):
    # The scheduler was down on the 60-days day: the next run sends the 60-days reminder.
    run_on(DUE - datetime.timedelta(days=58), django_capture_on_commit_callbacks)
    run_on(DUE - datetime.timedelta(days=57), django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1
    assert ReminderLog.objects.get().days_before == 60


def test_no_reminder_while_a_report_waits_for_review(
    due_certification, mailoutbox, django_capture_on_commit_callbacks
):
    make_submitted_report(due_certification.plan)
    run_on(DUE - datetime.timedelta(days=14), django_capture_on_commit_callbacks)
    assert mailoutbox == []


def test_it_expires_certifications_after_the_grace_period_once(
    due_certification, django_capture_on_commit_callbacks, monkeypatch
):
    rendered = []
    from core import documents

    monkeypatch.setattr(documents, "request_render", rendered.append)
    last_valid_day = DUE + datetime.timedelta(days=settings.CERTIFICATION_GRACE_DAYS)
    assert run_on(last_valid_day, django_capture_on_commit_callbacks)["expired"] == 0
    due_certification.refresh_from_db()
    assert due_certification.status == Certification.Status.ACTIVE
    next_day = last_valid_day + datetime.timedelta(days=1)
    assert run_on(next_day, django_capture_on_commit_callbacks)["expired"] == 1
    assert run_on(next_day, django_capture_on_commit_callbacks)["expired"] == 0
    due_certification.refresh_from_db()
    assert due_certification.status == Certification.Status.EXPIRED
    assert AuditEvent.objects.filter(verb="certification.expired").count() == 1
    assert rendered == ["programme"]


def test_the_daily_task_is_in_the_beat_schedule():
    entries = [
        e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "certification.daily"
    ]
    assert len(entries) == 1
