"""No self-dealing (issue 12.7): a coordinator who was a member of a library in the last 12
months decides nothing for it (plans, reports, certificate, examples) and cannot open its
example's review-edit form, even after removing themselves from it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from actionplans.models import Decision
from certification import services
from certification.models import Certification
from inspiration import services as example_services
from inspiration.models import Example
from libraries import services as library_services
from libraries.models import Membership
from libraries.permissions import has_conflict_of_interest
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def former_member(library, lead):
    """A coordinator who was the library's second lead and removed themselves today."""
    coordinator = factories.CoordinatorFactory(email="former@example.org", name="Frida Fhv")
    membership = factories.LeadMembershipFactory(user=coordinator, library=library)
    library_services.remove_member(membership=membership, by=coordinator)
    return type(coordinator).objects.get(pk=coordinator.pk)


@pytest.fixture
def submitted_example(library, lead):
    return factories.ExampleFactory(
        library=library, status=Example.Status.SUBMITTED, approved_at=None, created_by=lead
    )


def test_a_removed_membership_is_kept_with_its_end_and_is_not_active(former_member, library):
    membership = Membership.objects.get(user=former_member, library=library)
    assert membership.status == Membership.Status.REMOVED
    assert membership.ended_at is not None
    assert not Membership.objects.active().filter(user=former_member).exists()
    assert has_conflict_of_interest(former_member, library)


def test_a_former_member_cannot_decide_on_the_plan(former_member, submitted_version):
    with pytest.raises(PermissionDenied, match="for nylig"):
        services.decide_plan_version(
            version=submitted_version, decision=Decision.APPROVED, by=former_member
        )
    submitted_version.refresh_from_db()
    assert submitted_version.decision == Decision.PENDING


def test_a_former_member_cannot_decide_on_a_report(former_member, submitted_report):
    with pytest.raises(PermissionDenied):
        services.decide_report(
            report=submitted_report, decision=Decision.APPROVED, by=former_member
        )


def test_a_former_member_cannot_revoke_the_certificate(former_member, certified_plan):
    certification = Certification.objects.get(plan=certified_plan)
    with pytest.raises(PermissionDenied):
        services.revoke_certification(certification=certification, by=former_member, reason="x")
    certification.refresh_from_db()
    assert certification.status == Certification.Status.ACTIVE


def test_a_former_member_cannot_approve_reject_or_edit_an_example(former_member, submitted_example):
    with pytest.raises(PermissionDenied):
        example_services.approve_example(example=submitted_example, by=former_member)
    with pytest.raises(PermissionDenied):
        example_services.reject_example(example=submitted_example, by=former_member, reason="x")
    with pytest.raises(PermissionDenied):
        example_services.update_example(
            example=submitted_example,
            by=former_member,
            goals=[],
            lock_version=submitted_example.lock_version,
            moderating=True,
            title="Ny",
        )
    submitted_example.refresh_from_db()
    assert submitted_example.status == Example.Status.SUBMITTED


def test_a_former_member_cannot_open_the_review_edit_form(former_member, submitted_example, login):
    client = login(former_member)
    url = reverse("inspiration:review_edit", kwargs={"slug": submitted_example.slug})
    assert client.get(url).status_code == 403
    review = client.get(f"/review/examples/{submitted_example.slug}/").content.decode()
    assert url not in review, "the review page offers no decision either"
    other = factories.CoordinatorFactory(email="other@example.org")
    assert login(other).get(url).status_code == 200


def test_a_membership_ended_over_a_year_ago_is_no_conflict(
    former_member, library, submitted_version
):
    Membership.objects.filter(user=former_member).update(
        ended_at=timezone.now() - datetime.timedelta(days=366)
    )
    assert not has_conflict_of_interest(former_member, library)
    services.decide_plan_version(
        version=submitted_version, decision=Decision.APPROVED, by=former_member
    )
