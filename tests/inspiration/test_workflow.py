import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from actionplans.models import ActionPlan, Initiative
from core.models import AuditEvent
from inspiration import services
from inspiration.models import Example, Tag
from tests import factories
from tests.inspiration.conftest import image_upload

pytestmark = pytest.mark.django_db


def example_post(**overrides):
    data = {
        "library": "ballerup",
        "title": "Byttemarked for børnetøj",
        "summary": "Forældre bytter børnetøj én lørdag om måneden.",
        "body": "Vi holdt **byttemarked** i foyeren.",
        "area": "citizens",
        "goals": ["12", "13"],
        "new_tags": "byttemarked, Genbrug",
        "partners_text": "Lokale foreninger\nSkolen",
        "contact_name": "Søren Stab",
        "contact_email": "soeren@example.org",
        "show_contact": "on",
        "image0-alt_text": "",
        "image1-alt_text": "",
        "image2-alt_text": "",
    }
    data.update(overrides)
    return data


def test_it_lets_staff_write_a_draft_with_tags_partners_and_an_image(login, staff):
    client = login(staff)
    data = example_post()
    data["image0-image"] = image_upload(size=(3000, 2000), image_format="JPEG")
    data["image0-alt_text"] = "Børn ved et bord med tøj"
    response = client.post("/examples/new/", data)
    example = Example.objects.get()
    assert response.status_code == 302
    assert response.url == f"/examples/{example.slug}/"
    assert example.status == Example.Status.DRAFT
    assert example.slug == "byttemarked-for-boernetoej"
    assert example.library.slug == "ballerup"
    assert example.partners == ["Lokale foreninger", "Skolen"]
    assert sorted(example.tags.values_list("slug", flat=True)) == ["byttemarked", "genbrug"]
    assert sorted(g.number for g in example.goals.all()) == [12, 13]
    image = example.images.get()
    assert (image.width, image.height) == (1600, 1067)
    assert image.alt_text == "Børn ved et bord med tøj"
    assert AuditEvent.objects.filter(verb="example.created").count() == 1


def test_it_picks_existing_tags_and_keeps_what_was_typed_on_errors(login, staff):
    tag = factories.TagFactory(name="debat", slug="debat")
    factories.ExampleFactory().tags.add(tag)  # offered: an approved example uses it
    client = login(staff)
    response = client.post("/examples/new/", example_post(title="", goals=[], tags=[tag.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert "Forældre bytter børnetøj" in html  # what was typed is kept
    assert not Example.objects.filter(created_by=staff).exists()
    response = client.post("/examples/new/", example_post(tags=[tag.pk], new_tags=""))
    assert list(Example.objects.get(created_by=staff).tags.all()) == [tag]


def test_it_requires_the_contact_details_to_show_them(login, staff):
    response = login(staff).post("/examples/new/", example_post(contact_email=""))
    assert response.status_code == 200
    assert not Example.objects.exists()


def test_it_submits_and_a_coordinator_approves_and_the_author_is_told(
    login, staff, coordinator, mailoutbox, queued_renders, django_capture_on_commit_callbacks
):
    example = factories.ExampleFactory(
        library=staff.memberships.get().library, status="draft", approved_at=None, created_by=staff
    )
    client = login(staff)
    response = client.post(f"/examples/{example.slug}/submit/")
    assert response.status_code == 302
    example.refresh_from_db()
    assert example.status == "submitted"
    assert client.get(example.get_absolute_url()).status_code == 404  # not public yet

    client = login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/review/examples/{example.slug}/approve/")
    assert response.status_code == 302
    example.refresh_from_db()
    assert example.status == "approved"
    assert example.approved_by == coordinator
    assert queued_renders == [("catalogue", 20)]
    assert [m.to for m in mailoutbox] == [[staff.email]]
    assert "er offentliggjort" in mailoutbox[0].subject
    assert client.get(example.get_absolute_url()).status_code == 200


def test_it_rejects_with_a_reason_only(
    login, staff, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    example = factories.ExampleFactory(
        library=staff.memberships.get().library, status="submitted", created_by=staff
    )
    client = login(coordinator)
    response = client.post(f"/review/examples/{example.slug}/reject/", {"reason": ""})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/review/examples/{example.slug}/reject/", {"reason": "Mangler resultater."})
    example.refresh_from_db()
    assert example.status == "rejected"
    assert example.rejected_reason == "Mangler resultater."
    assert "Mangler resultater." in mailoutbox[0].body
    # The library edits it (back to draft) and submits again.
    client = login(staff)
    page = client.get(f"/examples/{example.slug}/")
    assert "Mangler resultater." in page.content.decode()
    services.update_example(
        example=example,
        by=staff,
        goals=list(example.goals.all()),
        lock_version=example.lock_version,
        title="Nyt navn",
    )
    example.refresh_from_db()
    assert example.status == "draft"


def test_it_cannot_decide_twice(coordinator, make_example):
    example = make_example(status="submitted")
    services.approve_example(example=example, by=coordinator)
    with pytest.raises(ValidationError):
        services.reject_example(example=example, by=coordinator, reason="Nej")


def test_a_coordinator_may_edit_a_submitted_example_before_approving(
    login, coordinator, make_example
):
    example = make_example(status="submitted")
    client = login(coordinator)
    assert client.get(f"/review/examples/{example.slug}/edit/").status_code == 200
    response = client.post(
        f"/review/examples/{example.slug}/edit/",
        example_post(title="Rettet titel", library="", lock_version=example.lock_version),
    )
    assert response.status_code == 302
    example.refresh_from_db()
    assert example.title == "Rettet titel"
    assert example.status == "submitted"


def test_editing_an_approved_example_goes_through_moderation_while_the_old_text_stays_public(
    login, staff, coordinator, make_example, queued_renders, django_capture_on_commit_callbacks
):
    original = make_example(title="Gammel titel", summary="Gammelt resumé")
    client = login(staff)
    response = client.post(f"/examples/{original.slug}/revise/")
    revision = Example.objects.get(revision_of=original)
    assert response.url == f"/examples/{revision.slug}/edit/"
    assert revision.status == "draft" and revision.title == "Gammel titel"
    # Asking again returns the same revision.
    client.post(f"/examples/{original.slug}/revise/")
    assert Example.objects.filter(revision_of=original).count() == 1

    response = client.post(
        f"/examples/{revision.slug}/edit/",
        example_post(title="Ny titel", summary="Nyt resumé", lock_version=revision.lock_version),
    )
    assert response.status_code == 302
    client.post(f"/examples/{revision.slug}/submit/")
    public = client.get(original.get_absolute_url()).content.decode()
    assert "Gammel titel" in public and "Ny titel" not in public
    assert client.get(f"/inspiration/{revision.slug}/").status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        services.approve_example(example=Example.objects.get(pk=revision.pk), by=coordinator)
    original.refresh_from_db()
    assert original.title == "Ny titel" and original.summary == "Nyt resumé"
    assert original.status == "approved"
    assert not Example.objects.filter(pk=revision.pk).exists()
    assert queued_renders == [("catalogue", 20)]


def test_it_features_and_unfeatures_an_approved_example(login, coordinator, make_example):
    example = make_example()
    client = login(coordinator)
    client.post(f"/review/examples/{example.slug}/feature/")
    example.refresh_from_db()
    assert example.featured
    client.post(f"/review/examples/{example.slug}/unfeature/")
    example.refresh_from_db()
    assert not example.featured


def test_it_shares_an_initiative_as_a_draft_example(login, staff, library):
    initiative = factories.InitiativeFactory(
        plan__library=library,
        title="Grøn læsekreds",
        description="Vi læser klimaromaner.\n\nOg taler om dem.",
        partners=["Ældresagen"],
        goals=[4, 13],
    )
    response = login(staff).post(f"/examples/share/{initiative.uuid}/")
    example = Example.objects.get()
    assert response.url == f"/examples/{example.slug}/edit/"
    assert example.status == "draft"
    assert example.title == "Grøn læsekreds"
    assert example.summary == "Vi læser klimaromaner."
    assert example.partners == ["Ældresagen"]
    assert sorted(g.number for g in example.goals.all()) == [4, 13]
    assert example.library == library


def test_it_adopts_an_example_into_the_draft_plan_with_credit(
    login, outsider, other_library, make_example
):
    example = make_example(title="Byttemarked", goals=[12])
    plan = factories.ActionPlanFactory(library=other_library)
    client = login(outsider)
    page = client.get(example.get_absolute_url()).content.decode()
    assert "Adopt" in page or "Brug idéen" in page
    response = client.post(f"/inspiration/{example.slug}/adopt/", {"library": "rudersdal"})
    assert response.status_code == 302
    initiative = Initiative.objects.get(plan=plan)
    assert initiative.title == "Byttemarked"
    assert "Ballerup" in initiative.credit and "Byttemarked" in initiative.credit
    assert [g.number for g in initiative.goals.all()] == [12]
    assert initiative.years == [2026, 2027, 2028]
    assert AuditEvent.objects.filter(verb="initiative.adopted_from_example").exists()


def test_an_adopted_idea_goes_to_the_end_of_its_area_like_any_new_initiative(
    outsider, other_library, make_example
):
    """Adopting numbered the initiative after the last one of the whole plan, not of its area,
    leaving a gap in the area's order; it now goes through actionplans' add_initiative."""
    from actionplans import services as plan_services

    plan = factories.ActionPlanFactory(library=other_library)
    for title in ("Dogmer", "Morgenmøder", "Læringscirkler"):
        plan_services.add_initiative(
            plan=plan, by=outsider, data={"area": "organisation", "title": title}
        )
    plan_services.add_initiative(plan=plan, by=outsider, data={"area": "citizens", "title": "Café"})
    adopted = services.adopt_example(example=make_example(area="citizens"), plan=plan, by=outsider)
    assert adopted.order == 1
    assert AuditEvent.objects.filter(verb="initiative.created", object_id=str(adopted.pk)).exists()


def test_it_refuses_to_adopt_into_a_plan_under_review(outsider, other_library, make_example):
    example = make_example()
    plan = factories.ActionPlanFactory(library=other_library, status=ActionPlan.Status.SUBMITTED)
    with pytest.raises(ValidationError):
        services.adopt_example(example=example, plan=plan, by=outsider)
    assert not Initiative.objects.exists()


def test_it_refuses_to_adopt_into_another_librarys_plan(staff, other_library, make_example):
    plan = factories.ActionPlanFactory(library=other_library)
    with pytest.raises(PermissionDenied):
        services.adopt_example(example=make_example(), plan=plan, by=staff)


def test_tags_typed_twice_are_one_tag(db):
    services.tags_from_names(["Genbrug", " genbrug "])
    assert Tag.objects.count() == 1
