"""Plans in useful states for the action plan tests."""

import pytest

from actionplans.models import ActionPlan, Area
from tests import factories


def add_initiatives(plan, count_per_area=1, **extra):
    made = []
    for area in Area.values:
        for _n in range(count_per_area):
            made.append(factories.InitiativeFactory(plan=plan, area=area, **extra))
    return made


@pytest.fixture
def plan(library, lead, staff):
    """A draft plan of the lead's library, with nothing in it but its texts."""
    return factories.ActionPlanFactory(library=library, created_by=lead)


@pytest.fixture
def complete_plan(plan):
    """A draft plan that passes the checklist: one initiative per area."""
    add_initiatives(plan)
    return plan


@pytest.fixture
def submitted_plan(complete_plan, lead):
    from actionplans.services import submit_plan

    submit_plan(plan=complete_plan, by=lead)
    complete_plan.refresh_from_db()
    return complete_plan


@pytest.fixture
def approved_plan(library, lead):
    plan = factories.ActionPlanFactory(
        library=library, status=ActionPlan.Status.APPROVED, period_start=2025, period_end=2027
    )
    add_initiatives(plan)
    return plan


@pytest.fixture
def png_bytes():
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "#3F7E44").save(buffer, format="PNG")
    return buffer.getvalue()
