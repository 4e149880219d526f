"""Coordinators manage the national partners; library staff search and add local ones, and a
name that only differs in case, accents or punctuation is refused as a duplicate."""

import pytest
from django.core.exceptions import ValidationError

from core.models import AuditEvent
from partners import services
from partners.models import Partner
from tests import factories

pytestmark = pytest.mark.django_db


def test_concito_is_refused_when_concito_exists(coordinator):
    services.create_partner(by=coordinator, name="CONCITO", kind="ngo", scope="national")
    with pytest.raises(ValidationError) as error:
        services.create_partner(by=coordinator, name="Concito.", kind="ngo", scope="national")
    assert "name" in error.value.message_dict
    assert Partner.objects.count() == 1
    assert AuditEvent.objects.filter(verb="partner.created").count() == 1


def test_a_local_partner_may_not_duplicate_a_national_one(coordinator, library, lead):
    services.create_partner(by=coordinator, name="CONCITO", kind="ngo", scope="national")
    with pytest.raises(ValidationError):
        services.create_partner(
            by=lead, name="concito", kind="ngo", scope="local", municipality=library.municipality
        )


def test_two_municipalities_may_each_have_a_local_partner_of_the_same_name(
    library, other_library, lead, outsider
):
    for user, lib in ((lead, library), (outsider, other_library)):
        services.create_partner(
            by=user, name="Naturskolen", kind="school", scope="local", municipality=lib.municipality
        )
    assert Partner.objects.filter(normalised_name="naturskolen").count() == 2


def test_coordinators_add_and_edit_national_partners(login, coordinator):
    client = login(coordinator)
    client.post("/partners/", {"name": "DR", "kind": "broadcaster", "website": "dr.dk"})
    partner = Partner.objects.get(name="DR")
    assert partner.scope == "national" and partner.website == "https://dr.dk"
    response = client.post("/partners/", {"name": "dr", "kind": "broadcaster"})
    assert "er allerede oprettet" in response.content.decode()
    client.post(
        f"/partners/{partner.slug}/edit/", {"name": "DR (Danmarks Radio)", "kind": "broadcaster"}
    )
    partner.refresh_from_db()
    assert partner.name == "DR (Danmarks Radio)"


def test_library_staff_search_before_they_add_a_local_partner(login, library, staff, other_library):
    factories.PartnerFactory(name="CONCITO")
    factories.PartnerFactory(
        name="Concito Rudersdal", scope="local", municipality=other_library.municipality
    )
    client = login(staff)
    url = f"/manage/{library.slug}/partners/"
    html = client.get(url, {"q": "concito"}).content.decode()
    assert "CONCITO" in html and "Concito Rudersdal" not in html  # another municipality's
    response = client.post(url, {"name": "Concito", "kind": "ngo"})
    assert response.status_code == 200 and "er allerede oprettet" in response.content.decode()
    client.post(url, {"name": "Ballerup Naturskole", "kind": "school"})
    added = Partner.objects.get(name="Ballerup Naturskole")
    assert added.scope == "local" and added.municipality == library.municipality
