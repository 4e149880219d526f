import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from actionplans import services, snapshots
from actionplans.models import ActionPlan, PlanVersion
from core.models import AuditEvent
from tests import factories

SNAPSHOT_KEYS = {
    "schema",
    "library",
    "period_start",
    "period_end",
    "vision",
    "principles",
    "responsible",
    "sdg_coordinator",
    "staff_involvement",
    "initiatives",
}
INITIATIVE_KEYS = {
    "uuid",
    "copied_from",
    "area",
    "title",
    "description",
    "goals",
    "targets",
    "years",
    "responsible",
    "partners",
    "indicator",
    "status",
    "order",
    "credit",
}


@pytest.mark.django_db
def test_the_snapshot_follows_the_contract(plan):
    from actionplans.models import Target

    citizens_b = factories.InitiativeFactory(plan=plan, area="citizens", order=5, goals=[4, 12])
    citizens_a = factories.InitiativeFactory(plan=plan, area="citizens", order=1)
    organisation = factories.InitiativeFactory(plan=plan, area="organisation", credit="Rudersdal")
    operations = factories.InitiativeFactory(plan=plan, area="operations")
    citizens_b.targets.set(Target.objects.filter(code__in=["12.5", "4.7"]))
    snapshot = snapshots.build(plan)
    assert set(snapshot) == SNAPSHOT_KEYS
    assert snapshot["schema"] == 1
    assert snapshot["library"] == {
        "name": plan.library.display_name,
        "slug": "ballerup",
        "municipality": "Ballerup",
    }
    assert (snapshot["period_start"], snapshot["period_end"]) == (2026, 2028)
    assert snapshot["principles"] == plan.principles
    assert [i["uuid"] for i in snapshot["initiatives"]] == [
        str(x.uuid) for x in (organisation, operations, citizens_a, citizens_b)
    ]
    for item in snapshot["initiatives"]:
        assert set(item) == INITIATIVE_KEYS
    last = snapshot["initiatives"][-1]
    assert last["goals"] == [4, 12]
    assert last["targets"] == ["4.7", "12.5"]
    assert last["years"] == [2026, 2027, 2028]
    assert last["order"] == 1
    assert snapshot["initiatives"][0]["credit"] == "Rudersdal"
    assert snapshot["initiatives"][0]["copied_from"] is None


@pytest.mark.django_db
def test_it_refuses_an_incomplete_plan_and_says_why(login, lead, plan):
    plan.vision = ""
    plan.save()
    factories.InitiativeFactory(plan=plan, area="citizens", goals=[], indicator="")
    with pytest.raises(ValidationError) as error:
        services.submit_plan(plan=plan, by=lead)
    text = " ".join(error.value.messages)
    assert "SDG" in text or "verdensmål" in text
    response = login(lead).post(f"/plans/{plan.uuid}/submit/")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Organisation" in html
    assert not PlanVersion.objects.exists()
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.DRAFT


@pytest.mark.django_db
def test_the_checklist_counts_what_is_missing(plan):
    from actionplans.selectors import plan_checklist

    factories.InitiativeFactory(plan=plan, area="citizens", goals=[], indicator="")
    factories.InitiativeFactory(plan=plan, area="citizens", goals=[], indicator="x")
    checklist = plan_checklist(plan)
    items = {item.key: item for item in checklist.items}
    assert items["goals"].count == 2 and not items["goals"].done
    assert items["indicators"].count == 1
    assert items["area_citizens"].done and not items["area_operations"].done
    assert items["vision"].done
    assert not checklist.complete


@pytest.mark.django_db
def test_only_the_lead_submits(staff, complete_plan):
    with pytest.raises(PermissionDenied):
        services.submit_plan(plan=complete_plan, by=staff)


@pytest.mark.django_db
def test_submitting_locks_the_plan_records_and_tells_the_coordinators(
    lead, coordinator, complete_plan, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version = services.submit_plan(plan=complete_plan, by=lead)
    complete_plan.refresh_from_db()
    assert complete_plan.status == ActionPlan.Status.SUBMITTED
    assert version.number == 1 and version.submitted_by == lead
    assert version.decision == "pending"
    event = AuditEvent.objects.get(verb="plan.submitted")
    assert event.actor == lead and event.data["version"] == 1
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [coordinator.email]
    assert str(complete_plan.uuid) in mailoutbox[0].body
    with pytest.raises(ValidationError):
        services.submit_plan(plan=complete_plan, by=lead)
    with pytest.raises(PermissionDenied):
        services.add_initiative(
            plan=complete_plan, by=lead, data={"area": "citizens", "title": "x"}
        )


@pytest.mark.django_db
def test_a_version_never_changes_when_the_plan_changes_later(
    login, lead, coordinator, complete_plan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version = services.submit_plan(plan=complete_plan, by=lead)
    version.refresh_from_db()
    snapshot, pdf_name = version.snapshot, version.pdf.name
    pdf_bytes = version.pdf.read()
    # The coordinator asks for changes; the library edits the plan heavily.
    PlanVersion.objects.filter(pk=version.pk).update(decision="changes_requested")
    ActionPlan.objects.filter(pk=complete_plan.pk).update(
        status=ActionPlan.Status.CHANGES_REQUESTED
    )
    complete_plan.refresh_from_db()
    services.update_plan(
        plan=complete_plan, by=lead, lock_version=complete_plan.lock_version, vision="Ny vision"
    )
    initiative = complete_plan.initiatives.first()
    services.update_initiative(
        initiative=initiative,
        by=lead,
        lock_version=initiative.lock_version,
        data={"title": "Helt ny titel"},
    )
    services.delete_initiative(initiative=complete_plan.initiatives.last(), by=lead)
    factories.InitiativeFactory(plan=complete_plan, area="citizens", title="Ny indsats")
    factories.InitiativeFactory(plan=complete_plan, area="organisation", title="Ny indsats")
    factories.InitiativeFactory(plan=complete_plan, area="operations", title="Ny indsats")
    version.refresh_from_db()
    assert version.snapshot == snapshot
    assert version.pdf.name == pdf_name and version.pdf.read() == pdf_bytes
    html = login(coordinator).get(f"/plans/{complete_plan.uuid}/versions/1/").content.decode()
    assert "Helt ny titel" not in html and "Ny vision" not in html
    assert initiative.title in html
    response = login(coordinator).get(f"/plans/{complete_plan.uuid}/versions/1/pdf/")
    assert b"".join(response.streaming_content) == pdf_bytes
    with django_capture_on_commit_callbacks(execute=True):
        second = services.submit_plan(plan=complete_plan, by=lead)
    assert second.number == 2
    assert second.snapshot["vision"] == "Ny vision"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_renders_the_version_pdf(celery_worker_on_redis, library, lead):
    import time

    from tests.actionplans.conftest import add_initiatives

    plan = factories.ActionPlanFactory(library=library)
    add_initiatives(plan)
    version = services.submit_plan(plan=plan, by=lead)
    for _n in range(100):
        version.refresh_from_db()
        if version.pdf:
            break
        time.sleep(0.2)
    assert version.pdf.read().startswith(b"%PDF")
