"""A state change and its audit event commit together or not at all: inject a failure right
after the write (in the audit call) and prove nothing was written."""

import pytest

from core import audit
from core.models import AuditEvent
from libraries import services
from libraries.models import Library, Membership
from tests.reference_data import reload_reference_data

pytestmark = pytest.mark.django_db(transaction=True)


class Boom(Exception):
    pass


def _fail(**kwargs):
    raise Boom


@pytest.fixture
def ballerup(transactional_db):
    # transactional tests flush the reference data afterwards; put back what this test needs
    reload_reference_data()
    return Library.objects.get(slug="ballerup")


def test_accepting_a_member_is_undone_when_its_audit_event_fails(ballerup, monkeypatch):
    from tests import factories

    lead = factories.UserFactory()
    factories.LeadMembershipFactory(user=lead, library=ballerup)
    request = services.request_membership(user=factories.UserFactory(), library=ballerup)
    events_before = AuditEvent.objects.count()

    monkeypatch.setattr(audit, "record", _fail)
    with pytest.raises(Boom):
        services.accept_membership(membership=request, by=lead)

    request.refresh_from_db()
    assert request.status == Membership.Status.PENDING
    assert request.decided_by is None and request.decided_at is None
    assert AuditEvent.objects.count() == events_before


def test_a_first_lead_accepted_does_not_mark_the_library_participating_on_failure(
    ballerup, monkeypatch
):
    from tests import factories

    ballerup.participating_since = None
    ballerup.save()
    request = services.request_membership(user=factories.UserFactory(), library=ballerup)
    monkeypatch.setattr(audit, "record", _fail)
    with pytest.raises(Boom):
        services.accept_membership(membership=request, by=factories.CoordinatorFactory())
    ballerup.refresh_from_db()
    assert ballerup.participating_since is None
    request.refresh_from_db()
    assert (request.status, request.role) == (Membership.Status.PENDING, Membership.Role.STAFF)


def test_deleting_an_account_is_undone_when_a_step_fails(ballerup, monkeypatch):
    from accounts import services as account_services
    from accounts.models import User
    from tests import factories

    user = factories.UserFactory()
    factories.MembershipFactory(user=user, library=ballerup)
    audit.record(actor=user, verb="test.did_something", library=ballerup)
    monkeypatch.setattr(account_services.audit, "record", _fail)
    with pytest.raises(Boom):
        account_services.delete_account(user=user)
    assert User.objects.filter(pk=user.pk).exists()
    assert Membership.objects.filter(user=user).exists()
    assert AuditEvent.objects.get(verb="test.did_something").actor_label != (
        account_services.pseudonym(user)
    )
