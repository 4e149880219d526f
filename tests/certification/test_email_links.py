"""Every e-mail links straight to what it is about (issue 16, item 3b): the plan, the version,
the report, the certificate or the request, as an absolute address on SITE_URL, in the text
and the HTML part alike."""

import datetime

import pytest

from actionplans import services as plan_services
from actionplans.models import Decision
from certification import services
from certification.models import Certification
from libraries import services as library_services
from tests import factories
from tests.certification.conftest import make_submitted_report

pytestmark = pytest.mark.django_db

SITE = "https://portal.example.dk"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


def assert_links_to(message, path: str) -> None:
    url = f"{SITE}{path}"
    html, _mimetype = message.alternatives[0]
    assert url in message.body, message.body
    assert f'href="{url}"' in html, html


def decide(version, decision, by, **kwargs):
    return services.decide_plan_version(version=version, decision=decision, by=by, **kwargs)


def test_plan_decisions_link_to_the_plan_or_the_version(
    submitted_version, coordinator, lead, mailoutbox, django_capture_on_commit_callbacks
):
    plan = submitted_version.plan
    uuid = submitted_version.snapshot["initiatives"][0]["uuid"]
    with django_capture_on_commit_callbacks(execute=True):
        decide(
            submitted_version, Decision.CHANGES_REQUESTED, coordinator, item_comments={uuid: "Mere"}
        )
    assert_links_to(mailoutbox[-1], f"/plans/{plan.uuid}/")

    version2 = plan_services.submit_plan(plan=plan, by=lead)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide(version2, Decision.REJECTED, coordinator, comment="Nej")
    assert_links_to(mailoutbox[-1], f"/plans/{plan.uuid}/versions/2/")


def test_approval_links_to_the_approved_plan(
    submitted_version, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decide(submitted_version, Decision.APPROVED, coordinator)
    assert_links_to(mailoutbox[-1], f"/plans/{submitted_version.plan.uuid}/")


def test_coordinators_are_sent_straight_to_the_review_pages(
    complete_plan_factory, lead, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    plan = complete_plan_factory()
    with django_capture_on_commit_callbacks(execute=True):
        plan_services.submit_plan(plan=plan, by=lead)
    [message] = [m for m in mailoutbox if m.to == [coordinator.email]]
    assert_links_to(message, f"/review/plans/{plan.uuid}/v1/")


def test_report_mails_link_to_the_report(
    certified_plan, lead, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    report = make_submitted_report(certified_plan, by=lead)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_report(
            report=report, decision=Decision.CHANGES_REQUESTED, by=coordinator, comment="Mere"
        )
    assert_links_to(mailoutbox[-1], f"/plans/reports/{report.uuid}/")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        plan_services.submit_report(report=report, by=lead)
    [to_coordinator] = [m for m in mailoutbox if m.to == [coordinator.email]]
    assert_links_to(to_coordinator, f"/review/reports/{report.uuid}/")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_report(report=report, decision=Decision.APPROVED, by=coordinator)
    assert_links_to(mailoutbox[-1], f"/plans/reports/{report.uuid}/")


def test_the_reminder_links_to_the_plans_reports(
    certified_plan, lead, mailoutbox, django_capture_on_commit_callbacks
):
    certification = Certification.objects.get(plan=certified_plan)
    today = certification.valid_until - datetime.timedelta(days=14)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_report_reminders(today=today) == 1
    assert_links_to(mailoutbox[-1], f"/plans/{certified_plan.uuid}/#reports-title")


def test_revoking_links_to_the_certificates_status(
    certified_plan, coordinator, lead, mailoutbox, django_capture_on_commit_callbacks
):
    certification = Certification.objects.get(plan=certified_plan)
    with django_capture_on_commit_callbacks(execute=True):
        services.revoke_certification(certification=certification, by=coordinator, reason="Snyd")
    assert_links_to(mailoutbox[-1], f"/verify/{certification.number}/")


def test_a_join_request_links_to_the_request_itself(
    library, lead, mailoutbox, django_capture_on_commit_callbacks, client
):
    newcomer = factories.UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        membership = library_services.request_membership(user=newcomer, library=library)
    [message] = [m for m in mailoutbox if m.to == [lead.email]]
    assert_links_to(message, f"/manage/{library.slug}/members/#request-{membership.pk}")
    client.force_login(lead)
    html = client.get(f"/manage/{library.slug}/members/").content.decode()
    assert f'id="request-{membership.pk}"' in html


@pytest.fixture
def complete_plan_factory(library, lead):
    def make():
        plan = factories.ActionPlanFactory(library=library, created_by=lead)
        for area in ("organisation", "operations", "citizens"):
            factories.InitiativeFactory(plan=plan, area=area)
        return plan

    return make
