"""A library's public status is decided in one place (portal.selectors) and shown the same
way in the list, the profile, the open data and the badge."""

import datetime

import pytest
from django.utils import timezone

from certification.models import Certification
from libraries.models import Library
from portal import selectors
from portal.selectors import PublicStatus
from tests.portal.conftest import certify, participate

pytestmark = pytest.mark.django_db


def status_of(library):
    return selectors.with_public_status().get(pk=library.pk).public_status


def test_it_shows_a_participating_library_without_certification_as_in_progress(library):
    assert status_of(library) == PublicStatus.IN_PROGRESS


def test_it_shows_a_library_that_has_not_joined_as_not_participating(db):
    assert status_of(Library.objects.get(slug="koege")) == PublicStatus.NOT_PARTICIPATING


def test_it_shows_an_active_certification_as_certified(library):
    certify(library)
    assert status_of(library) == PublicStatus.CERTIFIED


def test_it_shows_an_expired_certification_as_expired(library):
    certify(library, status=Certification.Status.EXPIRED)
    assert status_of(library) == PublicStatus.EXPIRED


def test_it_shows_a_revoked_certification_as_not_certified(library):
    certify(library, status=Certification.Status.REVOKED)
    assert status_of(library) == PublicStatus.NOT_CERTIFIED


def test_it_stops_showing_certified_after_date_and_grace_even_before_the_daily_task(
    library, settings
):
    settings.CERTIFICATION_GRACE_DAYS = 30
    today = timezone.localdate()
    certification = certify(library, valid_until=today - datetime.timedelta(days=31))
    assert certification.status == Certification.Status.ACTIVE  # the task has not run
    assert status_of(library) == PublicStatus.EXPIRED


def test_it_keeps_a_certification_within_its_grace_period_certified(library, settings):
    settings.CERTIFICATION_GRACE_DAYS = 30
    certify(library, valid_until=timezone.localdate() - datetime.timedelta(days=30))
    assert status_of(library) == PublicStatus.CERTIFIED


def test_it_prefers_the_active_certification_over_a_newer_lapsed_one(library):
    today = timezone.localdate()
    certify(library, issued_at=today - datetime.timedelta(days=10))
    certify(
        library,
        status=Certification.Status.EXPIRED,
        issued_at=today - datetime.timedelta(days=5),
        valid_until=today - datetime.timedelta(days=1),
    )
    assert status_of(library) == PublicStatus.CERTIFIED


def test_it_uses_the_newest_certification_when_none_is_active(library):
    today = timezone.localdate()
    certify(library, status=Certification.Status.EXPIRED, issued_at=today.replace(year=2023))
    certify(library, status=Certification.Status.REVOKED, issued_at=today.replace(year=2025))
    assert status_of(library) == PublicStatus.NOT_CERTIFIED


def test_it_hides_the_certificate_number_of_a_revoked_certification(library):
    certify(library, status=Certification.Status.REVOKED)
    row = selectors.attach_goals(selectors.public_libraries().filter(pk=library.pk))[0]
    assert row.shows_certificate is False


def test_it_counts_certified_libraries_on_the_front_page(library, other_library):
    certify(library)
    certify(other_library, status=Certification.Status.REVOKED)
    participate("dragoer")
    figures = selectors.figures()
    assert (figures.participating, figures.certified, figures.initiatives) == (3, 1, 2)
