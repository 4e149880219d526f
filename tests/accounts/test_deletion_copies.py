"""Personal data really deleted (issue 12.4): a deleted user's name and e-mail disappear where
they were copied (examples' contact, certificate signatory), the PDFs that showed them are
rendered again, the privacy page says what stays, and the confirmation message is true."""

import pytest
from django.contrib.messages import get_messages

from actionplans.models import ActionPlan, Decision
from certification import services as certification_services
from certification.models import Certification
from inspiration import services as example_services
from inspiration.models import Example
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    """What was queued: catalogue renders and certificate renders."""
    queued = []
    monkeypatch.setattr(example_services, "request_render", lambda kind: queued.append(kind))
    monkeypatch.setattr(
        certification_services.certifications,
        "queue_certificate",
        lambda certification: queued.append(("certificate", certification.pk)),
    )
    return queued


def delete_account(login, user):
    client = login(user)
    response = client.post("/accounts/privacy/delete/", {"password": factories.PASSWORD})
    assert response.status_code == 302
    return client, response


def test_a_shared_example_gets_the_librarys_contact(login, staff, library, client, renders):
    library.email = "biblioteket@ballerup.example.org"
    library.save()
    plan = factories.ActionPlanFactory(library=library)
    initiative = factories.InitiativeFactory(plan=plan, goals=[12])
    example = example_services.share_initiative(initiative=initiative, by=staff)
    assert (example.contact_name, example.contact_email) == (staff.name, staff.email)
    Example.objects.filter(pk=example.pk).update(status="approved", show_contact=True)

    delete_account(login, staff)

    example.refresh_from_db()
    assert example.contact_name == library.display_name
    assert example.contact_email == "biblioteket@ballerup.example.org"
    page = client.get(example.get_absolute_url()).content.decode()
    assert staff.email not in page and staff.name not in page
    assert "catalogue" in renders, "the catalogue PDF showed the contact: rendered again"


def test_an_example_without_a_library_address_loses_its_contact(login, coordinator, renders):
    example = factories.ExampleFactory(
        library=None,
        status="draft",
        approved_at=None,
        created_by=coordinator,
        contact_name=coordinator.name,
        contact_email=coordinator.email.upper(),
        show_contact=True,
    )
    other = factories.ExampleFactory(contact_name="Anden Person", contact_email="a@example.org")

    delete_account(login, coordinator)

    example.refresh_from_db()
    assert (example.contact_name, example.contact_email, example.show_contact) == ("", "", False)
    other.refresh_from_db()
    assert other.contact_email == "a@example.org"
    assert "catalogue" not in renders, "no published example changed"


def test_certificates_signed_by_a_deleted_coordinator_are_rendered_again(login, library, renders):
    signer = factories.CoordinatorFactory(email="signer@example.org", name="Sigrid Signer")
    plan = factories.ActionPlanFactory(library=library, status=ActionPlan.Status.APPROVED)
    factories.PlanVersionFactory(plan=plan, decision=Decision.APPROVED, decided_by=signer)
    certification = factories.CertificationFactory(library=library, plan=plan)
    assert certification_services.certificate_context(certification)["signatory"].name == (
        "Sigrid Signer"
    )

    delete_account(login, signer)

    assert ("certificate", certification.pk) in renders
    certification = Certification.objects.get(pk=certification.pk)
    assert certification_services.certificate_context(certification)["signatory"] is None


def test_the_confirmation_is_true_and_the_privacy_page_says_what_stays(login, staff, client):
    _client, response = delete_account(login, staff)
    message = str(next(iter(get_messages(response.wsgi_request))))
    assert "pseudonym" in message
    assert "dine personoplysninger er slettet" not in message  # not all: the log stays
    page = client.get("/en/privacy/").content.decode()
    assert 'id="delete-account"' in page
    assert "What stays, and why" in page and "pseudonym" in page
    assert "Backups" in page
