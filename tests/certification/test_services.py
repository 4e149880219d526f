import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from actionplans.models import ActionPlan, Decision, ProgressReport
from certification import services
from certification.models import Certification
from core.models import AuditEvent
from tests import factories
from tests.certification.conftest import make_submitted_plan

pytestmark = pytest.mark.django_db


def approve(version, by, **kwargs):
    return services.decide_plan_version(
        version=version, decision=Decision.APPROVED, by=by, **kwargs
    )


def test_it_approves_a_first_plan_and_issues_a_certification(
    submitted_version, coordinator, lead, staff, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        approve(submitted_version, coordinator, comment="Flot plan.")
    submitted_version.refresh_from_db()
    plan = submitted_version.plan
    plan.refresh_from_db()
    assert submitted_version.decision == Decision.APPROVED
    assert submitted_version.decided_by == coordinator
    assert plan.status == ActionPlan.Status.APPROVED and plan.approved_at is not None
    certification = Certification.objects.get(library=plan.library)
    assert re.fullmatch(r"VMC-\d{4}-\d{4}", certification.number)
    assert certification.number.startswith(f"VMC-{timezone.localdate().year}-")
    assert certification.status == Certification.Status.ACTIVE
    assert certification.issued_at == timezone.localdate()
    assert certification.valid_until == services.add_months(timezone.localdate(), 12)
    verbs = list(AuditEvent.objects.values_list("verb", flat=True))
    assert "plan.approved" in verbs and "certification.issued" in verbs
    assert sorted(m.to[0] for m in mailoutbox) == sorted([lead.email, staff.email])
    assert "godkendt" in mailoutbox[0].subject.lower()
    assert certification.number in mailoutbox[0].body


def test_it_supersedes_the_previous_plan_and_keeps_the_certification_going(
    library, certified_plan, coordinator, lead
):
    """A plan whose period has begun takes over at once (a later one waits for its period:
    test_plan_succession)."""
    old_certification = Certification.objects.get(library=library)
    year = timezone.localdate().year
    new_plan = factories.ActionPlanFactory(
        library=library, status=ActionPlan.Status.SUBMITTED, copied_from=certified_plan,
        period_start=year, period_end=year + 2,
    )  # fmt: skip
    factories.InitiativeFactory(plan=new_plan, goals=[13])
    version = make_submitted_plan(library, plan=new_plan, by=lead)
    approve(version, coordinator)
    certified_plan.refresh_from_db()
    assert certified_plan.status == ActionPlan.Status.SUPERSEDED
    [certification] = Certification.objects.filter(library=library)
    assert certification.number == old_certification.number
    assert certification.plan == new_plan
    assert certification.valid_until == services.add_months(timezone.localdate(), 12)
    assert AuditEvent.objects.filter(verb="certification.continued").exists()


def test_it_requests_changes_with_comments_per_initiative(
    submitted_version, coordinator, lead, mailoutbox, django_capture_on_commit_callbacks
):
    first = submitted_version.snapshot["initiatives"][0]
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_plan_version(
            version=submitted_version,
            decision=Decision.CHANGES_REQUESTED,
            by=coordinator,
            comment="Uddyb indikatorerne.",
            item_comments={first["uuid"]: "Hvem er ansvarlig?", "not-a-uuid": "ignored"},
        )
    submitted_version.refresh_from_db()
    submitted_version.plan.refresh_from_db()
    assert submitted_version.plan.status == ActionPlan.Status.CHANGES_REQUESTED
    assert submitted_version.plan.is_editable
    assert submitted_version.item_comments == {first["uuid"]: "Hvem er ansvarlig?"}
    assert not Certification.objects.exists()
    assert "Hvem er ansvarlig?" in mailoutbox[0].body and first["title"] in mailoutbox[0].body


def test_asking_for_changes_needs_a_comment(submitted_version, coordinator):
    with pytest.raises(ValidationError):
        services.decide_plan_version(
            version=submitted_version, decision=Decision.CHANGES_REQUESTED, by=coordinator
        )


def test_it_rejects_with_a_reason(
    submitted_version, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_plan_version(
            version=submitted_version, decision=Decision.REJECTED, by=coordinator,
            comment="Planen dækker ikke driften.",
        )  # fmt: skip
    submitted_version.plan.refresh_from_db()
    assert submitted_version.plan.status == ActionPlan.Status.REJECTED
    assert "Planen dækker ikke driften." in mailoutbox[0].body
    assert AuditEvent.objects.filter(verb="plan.rejected").exists()


def test_rejecting_needs_a_reason(submitted_version, coordinator):
    with pytest.raises(ValidationError):
        services.decide_plan_version(
            version=submitted_version, decision=Decision.REJECTED, by=coordinator, comment="  "
        )
    submitted_version.refresh_from_db()
    assert submitted_version.decision == Decision.PENDING


def test_it_stores_individually_agreed_requirements(submitted_version, coordinator):
    approve(
        submitted_version, coordinator, agreed_requirements="Rapport om energiforbrug hvert år."
    )
    submitted_version.plan.refresh_from_db()
    assert submitted_version.plan.agreed_requirements == "Rapport om energiforbrug hvert år."
    assert AuditEvent.objects.filter(verb="plan.agreed_requirements_changed").exists()


def test_a_lead_cannot_approve_their_own_plan_even_as_coordinator(submitted_version, lead):
    from django.contrib.auth.models import Group

    lead.groups.add(Group.objects.get_or_create(name="coordinators")[0])
    lead = type(lead).objects.get(pk=lead.pk)
    with pytest.raises(PermissionDenied):
        approve(submitted_version, lead)
    submitted_version.refresh_from_db()
    assert submitted_version.decision == Decision.PENDING


def test_staff_cannot_decide(submitted_version, staff, outsider):
    for user in (staff, outsider):
        with pytest.raises(PermissionDenied):
            approve(submitted_version, user)


def test_a_decided_version_cannot_be_decided_again(submitted_version, coordinator):
    approve(submitted_version, coordinator)
    other = factories.CoordinatorFactory(name="Anden Koordinator")
    with pytest.raises(ValidationError, match="Cora Koordinator") as error:
        services.decide_plan_version(
            version=submitted_version, decision=Decision.REJECTED, by=other, comment="Nej"
        )
    assert error.value.code == "already_decided"
    assert Certification.objects.count() == 1


def test_certificate_numbers_are_random_and_unused(monkeypatch):
    factories.CertificationFactory(number="VMC-2026-0001")
    numbers = {services.new_certificate_number(2026) for _ in range(30)}
    assert "VMC-2026-0001" not in numbers
    assert len(numbers) > 20  # drawn at random, not counted up


def test_add_months_clamps_to_the_end_of_the_month():
    assert services.add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert services.add_months(datetime.date(2026, 11, 22), 12) == datetime.date(2027, 11, 22)


# --- reports ------------------------------------------------------------------------------


def test_accepting_a_report_extends_the_certification(
    submitted_report, coordinator, lead, mailoutbox, django_capture_on_commit_callbacks
):
    certification = Certification.objects.get(library=submitted_report.plan.library)
    before = certification.valid_until
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_report(report=submitted_report, decision=Decision.APPROVED, by=coordinator)
    submitted_report.refresh_from_db()
    certification.refresh_from_db()
    assert submitted_report.status == ProgressReport.Status.ACCEPTED
    assert submitted_report.decision == Decision.APPROVED
    assert certification.valid_until == services.add_months(before, 12)
    assert AuditEvent.objects.filter(verb="report.accepted").exists()
    assert AuditEvent.objects.filter(verb="certification.extended").exists()
    assert lead.email in [m.to[0] for m in mailoutbox]


def test_asking_for_changes_to_a_report_makes_it_editable(submitted_report, coordinator):
    services.decide_report(
        report=submitted_report, decision=Decision.CHANGES_REQUESTED, by=coordinator,
        comment="Tilføj tal for besøgende.",
    )  # fmt: skip
    submitted_report.refresh_from_db()
    assert submitted_report.status == ProgressReport.Status.CHANGES_REQUESTED
    assert submitted_report.decision_comment == "Tilføj tal for besøgende."


def test_a_report_cannot_be_decided_twice_nor_by_its_own_lead(submitted_report, coordinator, lead):
    with pytest.raises(PermissionDenied):
        services.decide_report(report=submitted_report, decision=Decision.APPROVED, by=lead)
    services.decide_report(report=submitted_report, decision=Decision.APPROVED, by=coordinator)
    with pytest.raises(ValidationError):
        services.decide_report(
            report=submitted_report, decision=Decision.APPROVED, by=factories.CoordinatorFactory()
        )


# --- revoking -----------------------------------------------------------------------------


def test_revoking_needs_a_coordinator_and_a_reason_and_tells_the_members(
    certified_plan, coordinator, lead, staff, mailoutbox, django_capture_on_commit_callbacks
):
    certification = Certification.objects.get(plan=certified_plan)
    with pytest.raises(PermissionDenied):
        services.revoke_certification(certification=certification, by=lead, reason="x")
    with pytest.raises(ValidationError):
        services.revoke_certification(certification=certification, by=coordinator, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.revoke_certification(
            certification=certification, by=coordinator, reason="Ingen statusrapport."
        )
    certification.refresh_from_db()
    assert certification.status == Certification.Status.REVOKED
    assert certification.revoked_by == coordinator and certification.status_changed_at
    assert sorted(m.to[0] for m in mailoutbox) == sorted([lead.email, staff.email])
    assert "Ingen statusrapport." in mailoutbox[0].body
    with pytest.raises(ValidationError):
        services.revoke_certification(certification=certification, by=coordinator, reason="igen")


def test_certification_changes_refresh_public_data_and_the_programme_pdf(
    submitted_version, coordinator, monkeypatch
):
    calls = []
    from certification.services import certifications
    from core import documents

    monkeypatch.setattr(documents, "request_render", lambda kind: calls.append(kind))
    monkeypatch.setattr(certifications, "public_data_changed", lambda: calls.append("public"))
    approve(submitted_version, coordinator)
    assert "programme" in calls and "public" in calls
