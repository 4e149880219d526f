import pytest
from django.core.management import call_command

from actionplans.models import ActionPlan, PlanVersion, ProgressReport


@pytest.mark.django_db
def test_the_demo_has_plans_in_every_state_and_is_idempotent():
    call_command("seed_demo", "--examples", "0", "--allow-without-debug", verbosity=0)
    counts = {
        status: ActionPlan.objects.filter(status=status).count()
        for status in ActionPlan.Status.values
    }
    assert counts["approved"] >= 9
    for status in ("draft", "submitted", "changes_requested", "superseded"):
        assert counts[status] >= 1, status
    assert ProgressReport.objects.filter(status="accepted").exists()
    assert ProgressReport.objects.filter(status="submitted").exists()
    changes = PlanVersion.objects.get(decision="changes_requested")
    assert changes.decision_comment and changes.item_comments
    assert set(changes.item_comments) <= {
        str(u) for u in changes.plan.initiatives.values_list("uuid", flat=True)
    }
    for plan in ActionPlan.objects.filter(status="approved"):
        assert plan.versions.get(number=1).decision == "approved"
        assert 5 <= plan.initiatives.count() <= 8
        assert set(plan.initiatives.values_list("area", flat=True)) == {
            "organisation",
            "operations",
            "citizens",
        }
    before = (ActionPlan.objects.count(), PlanVersion.objects.count())
    call_command("seed_demo", "--examples", "0", "--allow-without-debug", verbosity=0)
    assert (ActionPlan.objects.count(), PlanVersion.objects.count()) == before
