import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from actionplans import services
from actionplans.models import ActionPlan, Initiative
from core.models import AuditEvent
from tests import factories
from tests.actionplans.conftest import add_initiatives

PLAN_POST = {
    "period_start": "2027",
    "period_end": "",
    "vision": "Vision",
    "principles": "",
    "responsible": "",
    "sdg_coordinator": "",
    "staff_involvement": "",
}


@pytest.mark.django_db
def test_it_defaults_the_end_year_from_the_setting(login, staff, library, settings):
    settings.PLAN_YEARS = 4
    login(staff).post(f"/plans/{library.slug}/new/", PLAN_POST)
    plan = ActionPlan.objects.get(library=library)
    assert (plan.period_start, plan.period_end) == (2027, 2030)
    assert plan.created_by == staff
    assert AuditEvent.objects.filter(verb="plan.created", library=library).count() == 1


@pytest.mark.django_db
def test_it_keeps_every_typed_value_when_the_form_has_errors(login, staff, library):
    data = {**PLAN_POST, "period_start": "2027", "period_end": "2020", "vision": "Grøn & glad"}
    response = login(staff).post(f"/plans/{library.slug}/new/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Grøn &amp; glad" in html
    assert 'value="2020"' in html
    assert not ActionPlan.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_second_open_plan_with_a_clear_message(lead, plan):
    with pytest.raises(ValidationError) as error:
        services.create_plan(library=plan.library, by=lead, period_start=2029)
    assert "2026–2028" in " ".join(error.value.messages)


@pytest.mark.django_db
def test_it_sends_the_new_plan_page_to_the_open_plan(login, lead, plan):
    response = login(lead).get(f"/plans/{plan.library.slug}/new/", follow=True)
    assert response.redirect_chain[-1][0] == f"/plans/{plan.uuid}/"


@pytest.mark.django_db
def test_it_refuses_to_create_a_plan_for_someone_else(outsider, library):
    with pytest.raises(PermissionDenied):
        services.create_plan(library=library, by=outsider, period_start=2027)


@pytest.mark.django_db
def test_it_starts_a_plan_as_a_copy_of_the_last_approved(login, lead, library, approved_plan):
    dropped = approved_plan.initiatives.first()
    dropped.status = Initiative.Status.DROPPED
    dropped.save()
    response = login(lead).post(
        f"/plans/{library.slug}/new/",
        {**PLAN_POST, "period_start": "2028", "vision": "", "copy_last_approved": "on"},
    )
    assert response.status_code == 302
    plan = ActionPlan.objects.get(library=library, status=ActionPlan.Status.DRAFT)
    assert plan.copied_from == approved_plan
    assert plan.vision == approved_plan.vision
    assert plan.principles == approved_plan.principles
    copies = list(plan.initiatives.all())
    assert len(copies) == approved_plan.initiatives.count() - 1
    assert {i.title for i in copies} == set(
        approved_plan.initiatives.exclude(pk=dropped.pk).values_list("title", flat=True)
    )
    assert all(list(i.goals.values_list("number", flat=True)) == [12] for i in copies)
    assert all(set(i.years) <= {2028, 2029, 2030} for i in copies)


@pytest.mark.django_db
def test_it_offers_the_copy_only_when_there_is_an_approved_plan(login, lead, library):
    html = login(lead).get(f"/plans/{library.slug}/new/").content.decode()
    assert "copy_last_approved" not in html


@pytest.mark.django_db
def test_it_saves_principles_one_per_line(login, staff, plan):
    data = {
        **PLAN_POST,
        "lock_version": plan.lock_version,
        "principles": "  Først \n\nAndet\nTredje  ",
    }
    assert login(staff).post(f"/plans/{plan.uuid}/edit/", data).status_code == 302
    plan.refresh_from_db()
    assert plan.principles == ["Først", "Andet", "Tredje"]
    assert plan.lock_version == 1
    assert AuditEvent.objects.filter(verb="plan.updated").count() == 1


@pytest.mark.django_db
def test_it_refuses_a_stale_plan_save_and_shows_both_versions(login, staff, lead, plan):
    stale = plan.lock_version
    services.update_plan(plan=plan, by=lead, lock_version=stale, vision="Ledelsens vision")
    data = {**PLAN_POST, "lock_version": stale, "vision": "Min egen vision"}
    response = login(staff).post(f"/plans/{plan.uuid}/edit/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ledelsens vision" in html  # the saved version
    assert "Min egen vision" in html  # what they typed, still in the form
    assert f'name="lock_version" value="{stale + 1}"' in html
    plan.refresh_from_db()
    assert plan.vision == "Ledelsens vision"
    # Saving again after seeing the conflict is a deliberate overwrite.
    data["lock_version"] = stale + 1
    assert login(staff).post(f"/plans/{plan.uuid}/edit/", data).status_code == 302
    plan.refresh_from_db()
    assert plan.vision == "Min egen vision"


@pytest.mark.django_db
def test_it_lists_a_librarys_plans(login, staff, plan):
    factories.ActionPlanFactory(
        library=plan.library,
        status=ActionPlan.Status.SUPERSEDED,
        period_start=2023,
        period_end=2025,
    )
    html = login(staff).get(f"/plans/{plan.library.slug}/").content.decode()
    assert "2026–2028" in html and "2023–2025" in html


@pytest.mark.django_db
def test_it_shows_agreed_requirements_and_the_coordinators_comments(
    login, staff, lead, coordinator, complete_plan
):
    version = services.submit_plan(plan=complete_plan, by=lead)
    initiative = complete_plan.initiatives.first()
    version.decision = "changes_requested"
    version.decided_by = coordinator
    version.decision_comment = "Gør indikatorerne målbare."
    version.item_comments = {str(initiative.uuid): "Hvor mange deltagere?"}
    version.save()
    ActionPlan.objects.filter(pk=complete_plan.pk).update(
        status=ActionPlan.Status.CHANGES_REQUESTED, agreed_requirements="Særligt krav om energi"
    )
    html = login(staff).get(f"/plans/{complete_plan.uuid}/").content.decode()
    assert "Gør indikatorerne målbare." in html
    assert "Særligt krav om energi" in html
    article = html.split(f'id="initiative-{initiative.uuid}"')[1].split("</article>")[0]
    assert "Hvor mange deltagere?" in article
    add_initiatives(complete_plan)
    second = services.submit_plan(plan=complete_plan, by=lead)
    assert second.number == 2
