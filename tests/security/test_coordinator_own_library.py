"""A coordinator who is also a member of a library never decides on that library's things:
not its plans and reports (certification), not its certificate's revocation, not its examples."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from actionplans.models import ActionPlan
from certification import services as certification_services
from certification.models import Certification
from inspiration import services as inspiration_services
from inspiration.models import Example
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_coordinator(coordinator, library):
    factories.MembershipFactory(user=coordinator, library=library)
    return coordinator


@pytest.fixture
def certification(library):
    plan = factories.ActionPlanFactory(library=library, status=ActionPlan.Status.APPROVED)
    return Certification.objects.create(
        library=library,
        plan=plan,
        number="VMC-2026-0101",
        issued_at=timezone.localdate(),
        valid_until=timezone.localdate().replace(year=timezone.localdate().year + 1),
    )


def test_it_refuses_revoking_the_certificate_of_ones_own_library(member_coordinator, certification):
    with pytest.raises(PermissionDenied):
        certification_services.revoke_certification(
            certification=certification, by=member_coordinator, reason="Egen"
        )
    certification.refresh_from_db()
    assert certification.status == Certification.Status.ACTIVE


def test_the_revoke_page_says_so_with_403(login, member_coordinator, certification):
    response = login(member_coordinator).post(
        f"/review/certifications/{certification.number}/revoke/", {"reason": "Egen"}
    )
    assert response.status_code == 403
    certification.refresh_from_db()
    assert certification.status == Certification.Status.ACTIVE


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_it_refuses_moderating_an_example_of_ones_own_library(
    login, member_coordinator, library, decision
):
    example = factories.ExampleFactory(
        library=library, status=Example.Status.SUBMITTED, submitted_at=timezone.now()
    )
    response = login(member_coordinator).post(
        f"/review/examples/{example.slug}/{decision}/", {"reason": "Nej"}
    )
    assert response.status_code == 403
    example.refresh_from_db()
    assert example.status == Example.Status.SUBMITTED
    with pytest.raises(PermissionDenied):
        inspiration_services.approve_example(example=example, by=member_coordinator)


def test_another_coordinator_may_moderate_it(coordinator, library):
    example = factories.ExampleFactory(
        library=library, status=Example.Status.SUBMITTED, submitted_at=timezone.now()
    )
    published = inspiration_services.approve_example(example=example, by=coordinator)
    assert published.status == Example.Status.APPROVED
