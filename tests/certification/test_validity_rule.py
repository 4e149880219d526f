"""One rule for "is this certification valid?": the verify page, the coordinators' overview,
the public pages and the daily expiry all use it (grace period included), so a certification
past its date and grace never shows as valid anywhere, even before the daily task has run."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from certification import selectors
from certification.models import Certification
from portal.selectors import PublicStatus, with_public_status

pytestmark = pytest.mark.django_db


def lapse(certification, *, days_past_grace: int) -> None:
    """Still marked active (the daily task has not run), but past its date and grace."""
    valid_until = timezone.localdate() - datetime.timedelta(
        days=settings.CERTIFICATION_GRACE_DAYS + days_past_grace
    )
    Certification.objects.filter(pk=certification.pk).update(valid_until=valid_until)


def test_verify_says_expired_once_the_grace_period_has_passed(client, certified_plan, library):
    certification = Certification.objects.get(plan=certified_plan)
    lapse(certification, days_past_grace=1)
    html = client.get(f"/en/verify/{certification.number}/").content.decode()
    assert "verdict-valid" not in html
    assert "verdict-invalid" in html and "Expired" in html
    public = with_public_status().get(pk=library.pk)
    assert public.public_status == PublicStatus.EXPIRED


def test_verify_says_valid_within_the_grace_period_like_the_public_pages(
    client, certified_plan, library
):
    certification = Certification.objects.get(plan=certified_plan)
    lapse(certification, days_past_grace=-1)
    html = client.get(f"/en/verify/{certification.number}/").content.decode()
    assert "verdict-valid" in html
    assert with_public_status().get(pk=library.pk).public_status == PublicStatus.CERTIFIED


def test_the_overview_counts_a_lapsed_certification_as_expired(certified_plan):
    assert selectors.overview_counts()["certified"] == 1
    lapse(Certification.objects.get(plan=certified_plan), days_past_grace=1)
    counts = selectors.overview_counts()
    assert counts["certified"] == 0
    assert counts["expired"] == 1
