"""The change-request loop (issue 16, item 4): while changes are asked for, "next steps" does
not call the plan ready; the lead answers the coordinator's comments when resubmitting, and
the answers show next to the comments on the review page and the version page."""

import pytest

from actionplans import selectors, services
from actionplans.models import ActionPlan, Decision
from certification import services as certification_services
from core.models import AuditEvent
from tests.actionplans.test_dashboard import steps_for

pytestmark = pytest.mark.django_db

GENERAL = "Beskriv hvordan personalet inddrages."
ON_ITEM = "Indikatoren skal kunne måles."


@pytest.fixture
def changes_requested(submitted_plan, coordinator):
    """Version 1 with a general comment and a comment on the first initiative."""
    version = submitted_plan.versions.get()
    first = version.snapshot["initiatives"][0]
    certification_services.decide_plan_version(
        version=version,
        decision=Decision.CHANGES_REQUESTED,
        by=coordinator,
        comment=GENERAL,
        item_comments={first["uuid"]: ON_ITEM},
    )
    submitted_plan.refresh_from_db()
    version.refresh_from_db()
    return version


def test_next_steps_do_not_call_the_plan_ready_while_changes_are_requested(
    changes_requested, lead, staff
):
    lead_steps = steps_for(lead)["ballerup"]
    assert lead_steps[0] in (
        "Koordinatoren har bedt om ændringer.",
        "The coordinator asked for changes.",
    )
    assert not any("submit it" in s or "indsend den" in s for s in lead_steps)
    assert any("answer the coordinator" in s or "besvar koordinatorens" in s for s in lead_steps)
    staff_steps = steps_for(staff)["ballerup"]
    assert not any("can submit it" in s or "kan indsende den" in s for s in staff_steps)


def test_the_submit_page_asks_for_an_answer_to_each_comment(login, lead, changes_requested):
    plan = changes_requested.plan
    html = login(lead).get(f"/en/plans/{plan.uuid}/submit/").content.decode()
    uuid = changes_requested.snapshot["initiatives"][0]["uuid"]
    title = changes_requested.snapshot["initiatives"][0]["title"]
    assert 'name="answer_general"' in html
    assert f'name="answer_{uuid}"' in html
    assert f"Your answer about “{title}”" in html
    assert ON_ITEM in html and GENERAL in html


def test_a_first_submission_has_nothing_to_answer(login, lead, complete_plan):
    html = login(lead).get(f"/en/plans/{complete_plan.uuid}/submit/").content.decode()
    assert "answer_general" not in html


def test_the_answers_are_kept_with_the_new_version_and_shown_to_the_coordinator(
    login, lead, coordinator, changes_requested
):
    plan = changes_requested.plan
    uuid = changes_requested.snapshot["initiatives"][0]["uuid"]
    response = login(lead).post(
        f"/en/plans/{plan.uuid}/submit/",
        {
            "answer_general": "Alle medarbejdere deltager i to workshops.",
            f"answer_{uuid}": "Vi tæller nu antal deltagere pr. måned.",
            "answer_not-a-comment": "ignored",
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.SUBMITTED
    version = plan.versions.get(number=2)
    assert version.answer_comment == "Alle medarbejdere deltager i to workshops."
    assert version.item_answers == {uuid: "Vi tæller nu antal deltagere pr. måned."}
    assert AuditEvent.objects.get(verb="plan.submitted", data__version=2).data["answers"] == 2

    html = login(coordinator).get(f"/en/review/plans/{plan.uuid}/v2/").content.decode()
    assert "answers to the comments on the previous version" in html
    assert GENERAL in html and "Alle medarbejdere deltager i to workshops." in html
    assert ON_ITEM in html and "Vi tæller nu antal deltagere pr. måned." in html
    lead_html = login(lead).get(f"/en/plans/{plan.uuid}/versions/2/").content.decode()
    assert "Vi tæller nu antal deltagere pr. måned." in lead_html


def test_answers_are_optional_and_stored_as_typed(lead, changes_requested):
    plan = changes_requested.plan
    version = services.submit_plan(plan=plan, by=lead, answer_comment="  <b>Tak</b>  ")
    assert version.answer_comment == "<b>Tak</b>"
    assert version.item_answers == {}
    answered = selectors.answered_comments(version)
    assert [(a.comment, a.answer) for a in answered] == [(GENERAL, "<b>Tak</b>"), (ON_ITEM, "")]


def test_answers_without_a_comment_to_answer_are_dropped(lead, complete_plan):
    version = services.submit_plan(
        plan=complete_plan, by=lead, answer_comment="Hej", item_answers={"x": "y"}
    )
    assert version.answer_comment == "" and version.item_answers == {}


def test_the_checklist_does_not_ask_ready_to_submit_while_changes_are_requested(
    login, lead, changes_requested
):
    html = login(lead).get(f"/en/plans/{changes_requested.plan.uuid}/").content.decode()
    assert "Before you submit the plan again" in html
    assert "Ready to submit?" not in html
