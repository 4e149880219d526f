"""What changed between two versions: snapshots built by actionplans.snapshots (the contract)
from real plans, before and after an edit."""

import pytest

from actionplans.models import Goal
from actionplans.snapshots import build as build_snapshot
from actionplans.snapshots import diff as diff_snapshots
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(library):
    return factories.ActionPlanFactory(library=library, vision="Grøn", principles=["a"])


def initiative(plan, **fields):
    return factories.InitiativeFactory(plan=plan, **fields)


def test_it_finds_nothing_between_equal_snapshots(plan):
    initiative(plan)
    initiative(plan)
    assert diff_snapshots(build_snapshot(plan), build_snapshot(plan)).is_empty


def test_it_lists_added_and_removed_initiatives_by_uuid(plan):
    initiative(plan)
    b = initiative(plan)
    old = build_snapshot(plan)
    b.delete()
    c = initiative(plan)
    diff = diff_snapshots(old, build_snapshot(plan))
    assert [i["uuid"] for i in diff.added] == [str(c.uuid)]
    assert [i["uuid"] for i in diff.removed] == [str(b.uuid)]
    assert diff.changed == []


def test_it_reports_changed_fields_one_by_one_and_keeps_identity_across_a_new_title(plan):
    a = initiative(plan, title="Byttemarked", goals=[12])
    old = build_snapshot(plan)
    a.title, a.status = "Byttedag", "running"
    a.save()
    a.goals.set(Goal.objects.filter(number__in=[12, 4]))
    diff = diff_snapshots(old, build_snapshot(plan))
    assert diff.added == [] and diff.removed == []
    [change] = diff.changed
    assert change.initiative["title"] == "Byttedag"
    assert {(c.field, str(c.old), str(c.new)) for c in change.changes} == {
        ("title", "Byttemarked", "Byttedag"),
        ("goals", "[12]", "[4, 12]"),
        ("status", "planned", "running"),
    }


def test_it_ignores_the_order_of_goals_and_the_display_order(plan):
    first = initiative(plan, goals=[12, 4], order=1)
    second = initiative(plan, goals=[4, 12], order=2)
    old = build_snapshot(plan)
    first.order, second.order = 5, 0  # swapped places within the area
    first.save()
    second.save()
    new = build_snapshot(plan)
    assert [i["uuid"] for i in new["initiatives"]] != [i["uuid"] for i in old["initiatives"]]
    assert diff_snapshots(old, new).is_empty


def test_it_reports_plan_level_changes(plan):
    old = build_snapshot(plan)
    plan.vision, plan.principles = "Grønnere", ["a", "b"]
    plan.save()
    diff = diff_snapshots(old, build_snapshot(plan))
    assert [(c.field, c.old, c.new) for c in diff.plan_changes] == [
        ("vision", "Grøn", "Grønnere"),
        ("principles", ["a"], ["a", "b"]),
    ]


def test_without_an_old_snapshot_everything_is_added(plan):
    a = initiative(plan)
    diff = diff_snapshots(None, build_snapshot(plan))
    assert [i["uuid"] for i in diff.added] == [str(a.uuid)]
    assert diff.plan_changes == []


def test_missing_fields_count_as_empty(plan):
    """A snapshot stored before a field existed lacks it: that is no change."""
    initiative(plan, partners=[], credit="")
    new = build_snapshot(plan)
    old = {**new, "initiatives": [dict(item) for item in new["initiatives"]]}
    for item in old["initiatives"]:
        del item["partners"], item["credit"]
    assert diff_snapshots(old, new).is_empty
