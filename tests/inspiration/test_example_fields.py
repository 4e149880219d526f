"""An example says what the library did and what it learned, in fields of their own, and may
name SDG targets under its goals; the page, the review, revisions, shared and adopted ideas
and the catalogue carry them."""

import pytest

from actionplans.models import Initiative
from core import documents
from inspiration import services
from inspiration.models import Example
from tests import factories
from tests.inspiration.test_workflow import example_post

pytestmark = pytest.mark.django_db

DID = "Vi holdt **byttemarked** i foyeren <script>alert(1)</script>"
LEARNED = "Sæt en fast dato, så folk kan regne med det."


def test_staff_write_what_they_did_and_learned_and_name_targets(login, staff):
    data = example_post(what_we_did=DID, what_we_learned=LEARNED, targets="12.5, 13.3", body="")
    response = login(staff).post("/examples/new/", data)
    assert response.status_code == 302
    example = Example.objects.get()
    assert example.what_we_did == DID  # stored as typed
    assert example.what_we_learned == LEARNED
    assert [target.code for target in example.targets.order_by("code")] == ["12.5", "13.3"]


def test_a_target_outside_the_chosen_sdgs_is_an_error_next_to_the_field(login, staff):
    client = login(staff)
    response = client.post("/examples/new/", example_post(what_we_did=DID, targets="12.5, 99.9"))
    assert response.status_code == 200
    assert "Der findes intet delmål 99.9" in response.content.decode()
    response = client.post("/examples/new/", example_post(what_we_did=DID, targets="4.7"))
    html = response.content.decode()
    assert response.status_code == 200
    error = html[html.index('id="id_targets_error"') :][:300]
    assert "4.7" in error
    assert "byttemarked** i foyeren &lt;script&gt;" in html  # what was typed is kept, escaped
    assert not Example.objects.exists()


def test_the_page_shows_the_sections_and_targets_escaped(client):
    example = factories.ExampleFactory(
        what_we_did=DID, what_we_learned=LEARNED, body="Mere her.", targets=["12.5"]
    )
    html = client.get(example.get_absolute_url()).content.decode()
    assert "<strong>byttemarked</strong>" in html
    assert "<script>alert(1)</script>" not in html
    assert LEARNED in html
    for heading in ("Det gjorde vi", "Det lærte vi", "Mere om eksemplet"):
        assert heading in html
    assert "12.5" in html


def test_an_old_example_with_only_its_text_shows_no_empty_sections(client):
    example = factories.ExampleFactory(body="Kun den gamle tekst.")
    html = client.get(example.get_absolute_url()).content.decode()
    assert "Kun den gamle tekst." in html
    assert "Det gjorde vi" not in html and "Mere om eksemplet" not in html


def test_a_revision_carries_the_fields_and_targets_onto_the_published_example(
    staff, coordinator, library
):
    original = factories.ExampleFactory(
        library=library, created_by=staff, what_we_did="Før.", targets=["12.5"]
    )
    revision = services.start_revision(example=original, by=staff)
    assert revision.what_we_did == "Før."
    assert [t.code for t in revision.targets.all()] == ["12.5"]
    services.update_example(
        example=revision,
        by=staff,
        goals=list(revision.goals.all()),
        targets=[],
        lock_version=revision.lock_version,
        title=revision.title,
        summary=revision.summary,
        what_we_did="Efter.",
        what_we_learned="Lært.",
        body="",
        area=revision.area,
    )
    revision = services.submit_example(example=Example.objects.get(pk=revision.pk), by=staff)
    services.approve_example(example=revision, by=coordinator)
    original.refresh_from_db()
    assert (original.what_we_did, original.what_we_learned) == ("Efter.", "Lært.")
    assert not original.targets.exists()


def test_sharing_an_initiative_and_adopting_an_example_keep_text_and_targets(
    login, staff, library, outsider, other_library
):
    initiative = factories.InitiativeFactory(
        plan__library=library, title="Grøn læsekreds", description="Vi læser.", goals=[4]
    )
    initiative.targets.set(factories.Target.objects.filter(code="4.7"))
    login(staff).post(f"/examples/share/{initiative.uuid}/")
    shared = Example.objects.get()
    assert shared.what_we_did == "Vi læser."
    assert [t.code for t in shared.targets.all()] == ["4.7"]

    example = factories.ExampleFactory(
        what_we_did="Vi byttede.", what_we_learned="Det virker.", goals=[12], targets=["12.5"]
    )
    plan = factories.ActionPlanFactory(library=other_library)
    login(outsider).post(f"/inspiration/{example.slug}/adopt/", {"library": other_library.slug})
    adopted = Initiative.objects.get(plan=plan)
    assert "Vi byttede." in adopted.description and "Det virker." in adopted.description
    assert [t.code for t in adopted.targets.all()] == ["12.5"]


def test_search_finds_words_in_what_they_did(client):
    factories.ExampleFactory(title="Et eksempel", what_we_did="Vi lavede en frøbank.")
    factories.ExampleFactory(title="Et andet")
    html = client.get("/inspiration/?q=frøbank").content.decode()
    assert "Et eksempel" in html and "Et andet" not in html


def test_the_catalogue_prints_targets_and_the_two_sections(pdf_text):
    factories.ExampleFactory(
        title="Frøbanken",
        what_we_did="Vi lavede en frøbank.",
        what_we_learned=LEARNED,
        goals=[15],
        targets=["15.5"],
    )
    pdf, _job = documents.build_pdf("catalogue")
    text = pdf_text(pdf)
    assert "Det gjorde vi" in text and "Vi lavede en frøbank." in text
    assert "Det lærte vi" in text and "Sæt en fast dato" in text
    assert "15.5" in text
