import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actionplans.models import ActionPlan, Decision
from certification import services
from certification.models import Certification
from libraries.models import Library
from tests import factories
from tests.certification.conftest import make_submitted_plan, make_submitted_report

pytestmark = pytest.mark.django_db


def plan_url(version):
    return f"/review/plans/{version.plan.uuid}/v{version.number}/"


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


# --- access -------------------------------------------------------------------------------


def coordinator_urls(version, report, library):
    return [
        "/review/",
        "/review/overview/",
        plan_url(version),
        f"/review/reports/{report.uuid}/",
        f"/review/libraries/{library.slug}/log/",
    ]


def test_anonymous_users_are_sent_to_log_in(client, submitted_version, submitted_report, library):
    for url in coordinator_urls(submitted_version, submitted_report, library):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_staff_leads_and_outsiders_get_404_on_review_pages(
    login, submitted_version, submitted_report, library, staff, lead, outsider
):
    for user in (staff, lead, outsider):
        client = login(user)
        for url in coordinator_urls(submitted_version, submitted_report, library):
            assert client.get(url).status_code == 404, (user, url)
        response = client.post(plan_url(submitted_version), {"decision": "approved"})
        assert response.status_code == 404
    submitted_version.refresh_from_db()
    assert submitted_version.decision == Decision.PENDING


def test_coordinators_see_every_review_page(
    login, coordinator, submitted_version, submitted_report, library
):
    client = login(coordinator)
    for url in coordinator_urls(submitted_version, submitted_report, library):
        assert client.get(url).status_code == 200, url


# --- the queue ----------------------------------------------------------------------------


def test_the_queue_lists_waiting_items_oldest_first_with_days_waiting(
    login, coordinator, library, other_library, lead
):
    now = timezone.now()
    newer = make_submitted_plan(library, by=lead, submitted_at=now - datetime.timedelta(days=2))
    older = make_submitted_plan(other_library, submitted_at=now - datetime.timedelta(days=9))
    html = login(coordinator).get("/review/").content.decode()
    assert html.index(plan_url(older)) < html.index(plan_url(newer))
    assert "<td>9</td>" in html and "<td>2</td>" in html
    assert library.municipality.name in html
    # The navigation shows how many wait.
    assert 'class="count"' in html and ">2</span>" in html


def test_the_queue_filters_by_kind_and_region(
    login, coordinator, library, other_library, submitted_report
):
    version = make_submitted_plan(other_library)
    client = login(coordinator)
    html = client.get("/review/?kind=report").content.decode()
    assert f"/review/reports/{submitted_report.uuid}/" in html and plan_url(version) not in html
    region = library.municipality.region.code
    other_region = other_library.municipality.region.code
    html = client.get(f"/review/?region={region}").content.decode()
    assert f"/review/reports/{submitted_report.uuid}/" in html
    if region != other_region:
        assert plan_url(version) not in html


def test_the_queue_says_when_nothing_waits(login, coordinator):
    assert "Intet venter på behandling" in login(coordinator).get("/review/").content.decode()


def _waiting_items(count: int, *, first_library: int = 0):
    """`count` items waiting: per library a submitted plan version and two reports."""
    libraries = list(
        Library.objects.order_by("slug")[first_library : first_library + (count + 2) // 3]
    )
    made = 0
    for library in libraries:
        if made < count:
            make_submitted_plan(library, initiatives=1)
            made += 1
        approved = factories.ActionPlanFactory(
            library=library, status=ActionPlan.Status.APPROVED, period_start=2023, period_end=2025
        )
        for year in (2023, 2024):
            if made < count:
                make_submitted_report(approved, year=year)
                made += 1
    return made


def test_the_queue_keeps_a_flat_query_count(login, coordinator):
    client = login(coordinator)
    _waiting_items(5)
    few = count_queries(client, "/review/")
    _waiting_items(195, first_library=2)
    many = count_queries(client, "/review/")
    assert few == many
    assert count_queries(client, "/review/?page=3") == few


# --- reviewing a plan ---------------------------------------------------------------------


def test_the_plan_review_page_shows_the_plan_history_and_the_form(
    login, coordinator, submitted_version
):
    html = login(coordinator).get(plan_url(submitted_version)).content.decode()
    for item in submitted_version.snapshot["initiatives"]:
        assert item["title"] in html
        assert f'name="item_{item["uuid"]}"' in html
    assert "sdg-badge sdg-12" in html
    assert 'name="decision"' in html and 'name="agreed_requirements"' in html
    assert "første indsendte version" in html or "first submitted version" in html


def test_the_plan_review_page_shows_what_changed_since_the_previous_version(
    login, coordinator, library, lead
):
    version = make_submitted_plan(library, by=lead)
    version.decision = Decision.CHANGES_REQUESTED
    version.save()
    plan = version.plan
    first, _second, third = plan.initiatives.order_by("area", "order")
    first.title = "Et helt nyt navn"
    first.save()
    third.delete()
    factories.InitiativeFactory(plan=plan, title="Ny indsats om energi", goals=[7])
    second_version = make_submitted_plan(library, plan=plan, number=2, by=lead)
    html = login(coordinator).get(plan_url(second_version)).content.decode()
    assert "<ins>Et helt nyt navn</ins>" in html
    assert "<del>" + third.title + "</del>" in html
    assert "Ny indsats om energi</a></ins>" in html
    assert f'href="{plan_url(version)}"' in html  # the earlier version in the history


def test_the_plan_review_page_keeps_a_flat_query_count(login, coordinator, library, other_library):
    client = login(coordinator)
    small = make_submitted_plan(library, initiatives=2)
    large = make_submitted_plan(other_library, initiatives=60)
    assert count_queries(client, plan_url(small)) == count_queries(client, plan_url(large))


def test_approving_through_the_form(login, coordinator, submitted_version):
    response = login(coordinator).post(
        plan_url(submitted_version),
        {"decision": "approved", "comment": "", "agreed_requirements": "Årlig energirapport."},
    )
    assert response.status_code == 302
    submitted_version.refresh_from_db()
    assert submitted_version.decision == Decision.APPROVED
    assert Certification.objects.filter(library=submitted_version.plan.library).exists()
    submitted_version.plan.refresh_from_db()
    assert submitted_version.plan.agreed_requirements == "Årlig energirapport."


def test_asking_for_changes_through_the_form_with_a_comment_on_one_initiative(
    login, coordinator, submitted_version
):
    uuid = submitted_version.snapshot["initiatives"][1]["uuid"]
    response = login(coordinator).post(
        plan_url(submitted_version),
        {"decision": "changes_requested", "comment": "", f"item_{uuid}": "Mangler partnere."},
    )
    assert response.status_code == 302
    submitted_version.refresh_from_db()
    assert submitted_version.item_comments == {uuid: "Mangler partnere."}
    html = login(coordinator).get(plan_url(submitted_version)).content.decode()
    assert "Mangler partnere." in html


def test_rejecting_without_a_reason_shows_the_error_next_to_the_field(
    login, coordinator, submitted_version
):
    response = login(coordinator).post(
        plan_url(submitted_version), {"decision": "rejected", "comment": ""}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_comment_error"' in html and 'aria-invalid="true"' in html
    submitted_version.refresh_from_db()
    assert submitted_version.decision == Decision.PENDING


def test_the_second_coordinator_is_told_the_version_was_already_decided(
    login, coordinator, submitted_version
):
    from certification import services

    services.decide_plan_version(
        version=submitted_version, decision=Decision.APPROVED, by=coordinator
    )
    other = factories.CoordinatorFactory(name="Bent Anden")
    response = login(other).post(
        plan_url(submitted_version), {"decision": "rejected", "comment": "Nej tak"}
    )
    assert response.status_code == 409
    assert "Cora Koordinator" in response.content.decode()
    submitted_version.refresh_from_db()
    assert submitted_version.decision == Decision.APPROVED


def test_a_coordinator_who_is_a_member_sees_no_decision_form_and_is_refused(
    login, submitted_version, lead
):
    from django.contrib.auth.models import Group

    from tests.factories import add_totp

    lead.groups.add(Group.objects.get_or_create(name="coordinators")[0])
    add_totp(lead)
    client = login(lead)
    html = client.get(plan_url(submitted_version)).content.decode()
    assert 'name="decision"' not in html
    response = client.post(plan_url(submitted_version), {"decision": "approved"})
    assert response.status_code == 403
    submitted_version.refresh_from_db()
    assert submitted_version.decision == Decision.PENDING


# --- reviewing a report -------------------------------------------------------------------


def test_accepting_a_report_through_the_form(login, coordinator, submitted_report):
    client = login(coordinator)
    html = client.get(f"/review/reports/{submitted_report.uuid}/").content.decode()
    assert "Gik godt." in html
    response = client.post(f"/review/reports/{submitted_report.uuid}/", {"decision": "approved"})
    assert response.status_code == 302
    submitted_report.refresh_from_db()
    assert submitted_report.status == "accepted"


def test_the_report_review_page_keeps_a_flat_query_count(
    login, coordinator, library, other_library
):
    small_plan = factories.ActionPlanFactory(library=library, status=ActionPlan.Status.APPROVED)
    factories.InitiativeFactory(plan=small_plan)
    large_plan = factories.ActionPlanFactory(
        library=other_library, status=ActionPlan.Status.APPROVED
    )
    for _ in range(40):
        factories.InitiativeFactory(plan=large_plan)
    small, large = make_submitted_report(small_plan), make_submitted_report(large_plan)
    client = login(coordinator)
    assert count_queries(client, f"/review/reports/{small.uuid}/") == count_queries(
        client, f"/review/reports/{large.uuid}/"
    )


# --- verification -------------------------------------------------------------------------


def test_verify_a_valid_certificate(client, certified_plan, library):
    certification = Certification.objects.get(plan=certified_plan)
    response = client.get(f"/verify/{certification.number}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert library.display_name in html and "verdict-valid" in html
    assert certification.valid_until.strftime("%Y") in html


def test_verify_expired_and_revoked_certificates(client, certified_plan, coordinator):
    from certification import services

    certification = Certification.objects.get(plan=certified_plan)
    services.revoke_certification(certification=certification, by=coordinator, reason="Brud")
    html = client.get(f"/verify/{certification.number}/").content.decode()
    assert "verdict-invalid" in html and timezone.localdate().strftime("%Y") in html
    Certification.objects.filter(pk=certification.pk).update(status="expired")
    response = client.get(f"/en/verify/{certification.number}/")
    assert response.status_code == 200 and "Expired" in response.content.decode()


def test_verify_an_unknown_number_gives_404_with_a_clear_message(client):
    response = client.get("/en/verify/VMC-2026-9999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Unknown certificate number" in html and "<main" in html


# --- audit log, overview, revoke, download, dashboard -------------------------------------


def test_the_audit_log_lists_every_event_of_the_library_in_order(
    login, coordinator, submitted_version, other_library
):
    from certification import services
    from core import audit

    audit.record(actor=coordinator, verb="other.event", library=other_library)
    services.decide_plan_version(
        version=submitted_version, decision=Decision.APPROVED, by=coordinator
    )
    html = (
        login(coordinator)
        .get(f"/review/libraries/{submitted_version.plan.library.slug}/log/")
        .content.decode()
    )
    assert html.index("plan.approved") < html.index("certification.issued")
    assert "other.event" not in html
    assert "Cora Koordinator" in html


def test_the_overview_counts_and_draws_the_sdg_chart(login, coordinator, certified_plan):
    html = login(coordinator).get("/review/overview/").content.decode()
    assert "<svg" in html and 'fill="#BF8B2E"' in html  # goal 12's colour
    assert "12. " in html and "<caption>" in html
    assert f'<th scope="row">{timezone.localdate().year - 1}</th>' in html or "<td>1</td>" in html


def test_revoking_through_the_form(login, coordinator, certified_plan, library):
    certification = Certification.objects.get(plan=certified_plan)
    client = login(coordinator)
    url = f"/review/certifications/{certification.number}/revoke/"
    assert client.post(url, {"reason": ""}).status_code == 400
    response = client.post(url, {"reason": "Ingen rapport i to år."})
    assert response.status_code == 302
    certification.refresh_from_db()
    assert certification.status == "revoked"


def test_a_valid_certificate_is_public_and_a_revoked_one_only_for_its_members(
    login, certified_plan, lead, staff, outsider, coordinator, client
):
    from django.core.files.base import ContentFile

    certification = Certification.objects.get(plan=certified_plan)
    certification.pdf.save("c.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    certification.pdf_generated_at = timezone.now()
    certification.save()
    assert certification.number not in certification.pdf.name, "an unguessable stored name"
    url = f"/certificates/{certification.number}.pdf"
    assert f'href="{url}"' in client.get(f"/verify/{certification.number}/").content.decode()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert login(outsider).get(url).status_code == 200

    services.revoke_certification(certification=certification, by=coordinator, reason="Snyd")
    client.logout()
    assert url not in client.get(f"/verify/{certification.number}/").content.decode()
    assert client.get(url).status_code == 404
    assert login(outsider).get(url).status_code == 404
    for user in (lead, staff):
        response = login(user).get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_the_dashboard_shows_status_download_and_report_due(login, lead, certified_plan):
    html = login(lead).get("/dashboard/").content.decode()
    assert "Certificate" in html or "Certifikat" in html
    assert 'role="status"' in html
    assert "65" in html  # the progress report is due in 65 days


def test_the_dashboard_panel_keeps_a_flat_query_count(login, lead, certified_plan):
    from certification.dashboard import panel

    memberships = list(lead.memberships.select_related("library"))
    with CaptureQueriesContext(connection) as one:
        panel(user=lead, memberships=memberships)
    for _ in range(3):
        factories.LeadMembershipFactory(user=lead)
    memberships = list(lead.memberships.select_related("library"))
    with CaptureQueriesContext(connection) as four:
        panel(user=lead, memberships=memberships)
    assert len(one.captured_queries) == len(four.captured_queries) == 1


def test_the_queue_does_not_read_the_versions_snapshots(login, coordinator, library):
    """A snapshot is the whole plan as JSON; the queue shows none of it (bench: 200 pending
    versions at 1,000 libraries spent most of the page's time decoding them)."""
    make_submitted_plan(library, initiatives=1)
    client = login(coordinator)
    with CaptureQueriesContext(connection) as context:
        assert client.get("/review/").status_code == 200
    version_selects = [
        query["sql"]
        for query in context.captured_queries
        if query["sql"].startswith("SELECT") and 'FROM "actionplans_planversion"' in query["sql"]
    ]
    assert version_selects
    assert not any('"actionplans_planversion"."snapshot"' in sql for sql in version_selects)
