import pytest
from django.db import IntegrityError, transaction

from libraries.models import Municipality
from partners.models import Partner, normalise_name
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("CONCITO", "concito"),
        ("  Concito. ", "concito"),
        ("Grønne  Nabofællesskaber", "grønne nabofællesskaber"),
        ("DR – Danmarks Radio", "dr danmarks radio"),
    ],
)
def test_names_are_compared_without_case_punctuation_or_spacing(written, key):
    assert normalise_name(written) == key


def test_a_national_partner_exists_once_whatever_its_case():
    factories.PartnerFactory(name="CONCITO", slug="concito")
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.PartnerFactory(name="Concito", slug="concito-2")


def test_local_partners_of_the_same_name_may_live_in_different_municipalities():
    ballerup = Municipality.objects.get(name="Ballerup")
    odense = Municipality.objects.get(name="Odense")
    for municipality in (ballerup, odense):
        factories.PartnerFactory(
            name="Naturskolen",
            slug=f"naturskolen-{municipality.code}",
            scope=Partner.Scope.LOCAL,
            municipality=municipality,
        )
    assert Partner.objects.matching("NATURSKOLEN").count() == 2
    assert list(Partner.objects.available_to(odense).values_list("municipality", flat=True)) == [
        odense.pk
    ]


def test_a_local_partner_needs_its_municipality():
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.PartnerFactory(scope=Partner.Scope.LOCAL, municipality=None)
