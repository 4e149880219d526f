"""The renewal review (issue 16, item 2): a new plan that starts as a copy of the approved one
is compared initiative by initiative with the plan it was copied from, so the coordinator sees
only what really changed, not every copied initiative as both added and removed."""

import datetime

import pytest
import time_machine

from actionplans import services as plan_services
from actionplans.models import ActionPlan, Decision, Goal
from actionplans.snapshots import build as build_snapshot
from actionplans.snapshots import diff as diff_snapshots
from tests import factories
from tests.certification.conftest import make_submitted_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved_version(library, lead):
    """Version 1 of the library's plan 2025–2027, approved, with three initiatives (one done,
    one dropped)."""
    plan = factories.ActionPlanFactory(library=library, period_start=2025, period_end=2027)
    factories.InitiativeFactory(plan=plan, area="organisation", title="Kompetenceløft", goals=[4])
    factories.InitiativeFactory(
        plan=plan, area="operations", title="Affaldssortering", goals=[12], status="done"
    )
    factories.InitiativeFactory(plan=plan, area="citizens", title="Byttemarked", goals=[12])
    factories.InitiativeFactory(plan=plan, area="citizens", title="Opgivet idé", status="dropped")
    version = make_submitted_plan(library, plan=plan, by=lead)
    ActionPlan.objects.filter(pk=plan.pk).update(status=ActionPlan.Status.APPROVED)
    version.decision = Decision.APPROVED
    version.save()
    return version


@pytest.fixture
def renewal(approved_version, library, lead):
    with time_machine.travel(datetime.datetime(2027, 9, 1, 12, tzinfo=datetime.UTC)):
        return plan_services.create_plan(
            library=library, by=lead, period_start=2028, copy_last_approved=True
        )


def test_copies_remember_what_they_were_copied_from(approved_version, renewal):
    sources = {i.title: i for i in approved_version.plan.initiatives.all()}
    copies = list(renewal.initiatives.select_related("copied_from"))
    assert sorted(c.title for c in copies) == ["Affaldssortering", "Byttemarked", "Kompetenceløft"]
    for copy in copies:
        assert copy.copied_from == sources[copy.title]
    snapshot = build_snapshot(renewal)
    assert {item["copied_from"] for item in snapshot["initiatives"]} == {
        str(sources[title].uuid) for title in ("Affaldssortering", "Byttemarked", "Kompetenceløft")
    }


def test_an_unchanged_copy_shows_only_the_new_period(approved_version, renewal):
    diff = diff_snapshots(approved_version.snapshot, build_snapshot(renewal))
    assert diff.added == [] and diff.removed == [] and diff.changed == []
    assert {c.field for c in diff.plan_changes} == {"period_start", "period_end"}


def test_only_the_changed_initiative_shows_as_changed(approved_version, renewal):
    changed = renewal.initiatives.get(title="Byttemarked")
    changed.indicator = "Antal byttede ting pr. måned"
    changed.save()
    changed.goals.set(Goal.objects.filter(number__in=[12, 11]))
    renewal.initiatives.get(title="Kompetenceløft").delete()
    factories.InitiativeFactory(plan=renewal, area="citizens", title="Reparationscafé")
    diff = diff_snapshots(approved_version.snapshot, build_snapshot(renewal))
    [change] = diff.changed
    assert change.initiative["title"] == "Byttemarked"
    assert {c.field for c in change.changes} == {"indicator", "goals"}
    assert [item["title"] for item in diff.added] == ["Reparationscafé"]
    # The dropped initiative was left behind by the copy on purpose: not a removal.
    assert [item["title"] for item in diff.removed] == ["Kompetenceløft"]


def test_a_renamed_copy_is_a_change_not_a_new_initiative(approved_version, renewal):
    copy = renewal.initiatives.get(title="Affaldssortering")
    copy.title = "Affald og genbrug"
    copy.save()
    diff = diff_snapshots(approved_version.snapshot, build_snapshot(renewal))
    assert diff.added == [] and diff.removed == []
    [change] = diff.changed
    assert [(c.field, c.old, c.new) for c in change.changes] == [
        ("title", "Affaldssortering", "Affald og genbrug")
    ]


def test_snapshots_from_before_copies_were_remembered_still_compare(approved_version, renewal):
    """Without `copied_from` (older snapshots) a copy is new, as before: no error."""
    new = build_snapshot(renewal)
    for item in new["initiatives"]:
        del item["copied_from"]
    diff = diff_snapshots(approved_version.snapshot, new)
    assert len(diff.added) == 3


def test_the_review_page_of_a_renewal_lists_only_the_real_change(
    login, coordinator, approved_version, renewal, lead, library
):
    changed = renewal.initiatives.get(title="Byttemarked")
    changed.indicator = "Antal byttede ting pr. måned"
    changed.save()
    version = make_submitted_plan(library, plan=renewal, by=lead)
    html = login(coordinator).get(f"/en/review/plans/{renewal.uuid}/v1/").content.decode()
    assert "Initiative changed: Byttemarked" in html
    assert "<ins>Antal byttede ting pr. måned</ins>" in html
    assert "Initiative changed: Affaldssortering" not in html
    assert "Initiatives added" not in html
    assert "<del>Kompetenceløft</del>" not in html
    assert version.snapshot["initiatives"][0]["copied_from"]
