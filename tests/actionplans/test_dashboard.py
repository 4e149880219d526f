import pytest
import time_machine

from actionplans import dashboard
from actionplans.models import ActionPlan, ProgressReport
from libraries.models import Membership
from tests import factories
from tests.actionplans.conftest import add_initiatives


def steps_for(user):
    memberships = list(
        Membership.objects.active().filter(user=user).select_related("library__municipality")
    )
    panel = dashboard.panel(user=user, memberships=memberships)
    return {row.library.slug: [step.text for step in row.steps] for row in panel["rows"]}


@pytest.mark.django_db
def test_it_says_what_a_draft_needs(lead, plan):
    factories.InitiativeFactory(plan=plan, area="citizens", goals=[])
    factories.InitiativeFactory(plan=plan, area="citizens", goals=[])
    factories.InitiativeFactory(plan=plan, area="citizens", goals=[], indicator="")
    steps = steps_for(lead)["ballerup"]
    assert "3 indsatser har intet verdensmål" in steps or "3 initiatives have no SDG" in steps
    assert len(steps) == 4  # two missing areas, goals, indicator


@pytest.mark.django_db
def test_it_invites_to_start_a_plan(lead, library):
    assert len(steps_for(lead)["ballerup"]) == 1


@pytest.mark.django_db
@time_machine.travel("2027-03-01")
def test_it_asks_for_changes_and_reports(lead, library, approved_plan):
    factories.ProgressReportFactory(
        plan=approved_plan, year=2025, status=ProgressReport.Status.ACCEPTED
    )
    steps = steps_for(lead)["ballerup"]
    assert any("2026" in step for step in steps)
    assert not any("2025" in step for step in steps)
    assert any("2027" in step for step in steps)  # the plan ends this year
    open_plan = factories.ActionPlanFactory(
        library=library, status=ActionPlan.Status.CHANGES_REQUESTED, period_start=2028
    )
    add_initiatives(open_plan)
    steps = steps_for(lead)["ballerup"]
    assert steps[0] in (
        "Koordinatoren har bedt om ændringer.",
        "The coordinator asked for changes.",
    )


@pytest.mark.django_db
def test_the_panel_runs_a_fixed_number_of_queries(lead, django_assert_num_queries):
    libraries = [factories.LibraryFactory() for _n in range(4)]
    memberships = [factories.LeadMembershipFactory(user=lead, library=lib) for lib in libraries]
    with django_assert_num_queries(1):
        dashboard.panel(user=lead, memberships=memberships[:1])
    for index, library in enumerate(libraries):
        plan = factories.ActionPlanFactory(
            library=library, status=ActionPlan.Status.APPROVED if index % 2 else "draft"
        )
        add_initiatives(plan, count_per_area=3)
    with django_assert_num_queries(2):
        dashboard.panel(user=lead, memberships=memberships)


@pytest.mark.django_db
def test_the_dashboard_shows_the_panel(login, lead, plan):
    html = login(lead).get("/dashboard/").content.decode()
    assert f"/plans/{plan.uuid}/" in html
