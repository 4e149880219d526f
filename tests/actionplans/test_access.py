"""Who may see and change what: outsiders get 404, readers 403, anonymous users a login."""

import pytest

from actionplans.models import ActionPlan, ProgressReport
from tests import factories


def plan_urls(plan, initiative):
    return {
        "detail": f"/plans/{plan.uuid}/",
        "edit": f"/plans/{plan.uuid}/edit/",
        "submit": f"/plans/{plan.uuid}/submit/",
        "new_initiative": f"/plans/{plan.uuid}/initiatives/new/",
        "initiative_edit": f"/plans/initiatives/{initiative.uuid}/edit/",
        "initiative_delete": f"/plans/initiatives/{initiative.uuid}/delete/",
        "library": f"/plans/{plan.library.slug}/",
        "new_plan": f"/plans/{plan.library.slug}/new/",
    }


@pytest.fixture
def urls(complete_plan):
    return plan_urls(complete_plan, complete_plan.initiatives.first())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "detail",
        "edit",
        "submit",
        "new_initiative",
        "initiative_edit",
        "initiative_delete",
        "library",
        "new_plan",
    ],
)
def test_it_hides_every_plan_url_from_staff_of_another_library(login, outsider, urls, name):
    assert login(outsider).get(urls[name]).status_code == 404


@pytest.mark.django_db
def test_it_hides_moves_versions_and_reports_from_outsiders(login, outsider, submitted_plan):
    client = login(outsider)
    initiative = submitted_plan.initiatives.first()
    assert client.post(f"/plans/initiatives/{initiative.uuid}/move/up/").status_code == 404
    assert client.get(f"/plans/{submitted_plan.uuid}/versions/1/").status_code == 404
    assert client.get(f"/plans/{submitted_plan.uuid}/versions/1/pdf/").status_code == 404


@pytest.mark.django_db
def test_it_sends_anonymous_visitors_to_the_login(client, urls):
    for url in urls.values():
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_it_lets_staff_read_and_edit_a_draft(login, staff, urls):
    client = login(staff)
    for name in ("detail", "edit", "new_initiative", "initiative_edit", "initiative_delete"):
        assert client.get(urls[name]).status_code == 200, name


@pytest.mark.django_db
def test_it_refuses_staff_the_submission(login, staff, urls):
    client = login(staff)
    assert client.get(urls["submit"]).status_code == 403
    assert client.post(urls["submit"]).status_code == 403


@pytest.mark.django_db
def test_it_shows_coordinators_every_plan_read_only(login, coordinator, urls):
    client = login(coordinator)
    assert client.get(urls["detail"]).status_code == 200
    assert client.get(urls["library"]).status_code == 200
    for name in ("edit", "submit", "new_initiative", "initiative_edit", "initiative_delete"):
        assert client.get(urls[name]).status_code == 403, name
    assert client.post(urls["edit"], {}).status_code == 403
    assert client.get(urls["new_plan"]).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status",
    [ActionPlan.Status.SUBMITTED, ActionPlan.Status.APPROVED, ActionPlan.Status.SUPERSEDED],
)
def test_it_lets_nobody_edit_a_locked_plan(login, lead, staff, complete_plan, status):
    ActionPlan.objects.filter(pk=complete_plan.pk).update(status=status)
    urls = plan_urls(complete_plan, complete_plan.initiatives.first())
    for user in (lead, staff):
        client = login(user)
        for name in ("edit", "submit", "new_initiative", "initiative_edit", "initiative_delete"):
            assert client.get(urls[name]).status_code == 403, (user, name)
        initiative = complete_plan.initiatives.first()
        assert client.post(f"/plans/initiatives/{initiative.uuid}/move/down/").status_code == 403


@pytest.mark.django_db
def test_it_makes_a_plan_editable_again_when_changes_are_requested(login, staff, complete_plan):
    ActionPlan.objects.filter(pk=complete_plan.pk).update(
        status=ActionPlan.Status.CHANGES_REQUESTED
    )
    assert login(staff).get(f"/plans/{complete_plan.uuid}/edit/").status_code == 200


@pytest.mark.django_db
def test_it_guards_reports_like_plans(login, lead, staff, outsider, coordinator, approved_plan):
    report = factories.ProgressReportFactory(plan=approved_plan, year=2025)
    url = f"/plans/reports/{report.uuid}/"
    assert login(outsider).get(url).status_code == 404
    assert login(coordinator).get(url).status_code == 200
    assert login(coordinator).post(url, {}).status_code == 403
    assert login(staff).get(f"/plans/reports/{report.uuid}/submit/").status_code == 403
    assert login(lead).get(f"/plans/reports/{report.uuid}/submit/").status_code == 200
    ProgressReport.objects.filter(pk=report.pk).update(status=ProgressReport.Status.SUBMITTED)
    assert login(lead).post(url, {}).status_code == 403


@pytest.mark.django_db
def test_it_answers_rules_permissions_the_same_way(lead, staff, outsider, coordinator, plan):
    assert lead.has_perm("actionplans.submit_plan", plan)
    assert staff.has_perm("actionplans.change_plan", plan)
    assert not staff.has_perm("actionplans.submit_plan", plan)
    assert not outsider.has_perm("actionplans.view_plan", plan)
    assert coordinator.has_perm("actionplans.view_plan", plan)
    assert not coordinator.has_perm("actionplans.change_plan", plan)
