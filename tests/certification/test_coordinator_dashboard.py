"""A coordinator lands on their work: the review queue (oldest first) and the progress
reports that are due or overdue, not "you are not a member of a library yet"."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from certification import coordinator_dashboard
from certification.models import Certification
from tests import factories
from tests.certification.conftest import make_submitted_plan, make_submitted_report
from tests.sessions import sign_in

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 30)


def _certify(library, *, valid_until):
    return factories.CertificationFactory(
        library=library, valid_until=valid_until, issued_at=valid_until - datetime.timedelta(365)
    )


def _library(slug):
    from libraries.models import Library

    return Library.objects.get(slug=slug)


@time_machine.travel("2026-11-30 09:00")
def test_a_coordinator_lands_on_the_queue_and_the_deadlines(client, coordinator):
    now = timezone.now()
    make_submitted_plan(_library("rudersdal"), submitted_at=now - datetime.timedelta(days=9))
    make_submitted_plan(_library("dragoer"), submitted_at=now - datetime.timedelta(days=2))
    factories.ExampleFactory(
        library=_library("koege"), title="Reparationscafé", status="submitted",
        approved_at=None, submitted_at=now - datetime.timedelta(days=4),
    )  # fmt: skip
    _certify(_library("ballerup"), valid_until=TODAY + datetime.timedelta(days=12))
    _certify(_library("gentofte"), valid_until=TODAY - datetime.timedelta(days=3))  # in grace
    _certify(_library("herlev"), valid_until=TODAY + datetime.timedelta(days=200))  # not yet

    # Signing in sends everyone to the dashboard; for a coordinator it shows their work.
    sign_in(client, coordinator)
    response = client.get("/dashboard/")
    html = response.content.decode()
    assert "Du er ikke tilknyttet et bibliotek endnu" not in html
    assert "Til behandling" in html
    # Oldest first: Rudersdal (9 days), the example (4 days), Dragør (2 days).
    assert html.index("Rudersdal") < html.index("Reparationscafé") < html.index("Dragør")
    assert 'href="/review/"' in html
    # Deadlines: the overdue one first, with the date it lapses; the far one is not listed.
    assert "Frister for statusrapporter" in html
    assert html.index("Gentofte") < html.index("Ballerup")
    assert "Forsinket: bortfalder 27. december 2026" in html
    assert "om 12 dage" in html
    assert "Herlev" not in html


def test_a_report_already_submitted_is_in_the_queue_not_in_the_deadlines(coordinator):
    library = _library("ballerup")
    certification = _certify(library, valid_until=timezone.localdate() + datetime.timedelta(5))
    make_submitted_report(certification.plan, year=2026)
    panel = coordinator_dashboard.panel(user=coordinator, memberships=[])
    assert panel["deadlines"] == []
    assert [item.kind for item, _days in panel["oldest"]] == ["report"]


def test_revoked_and_lapsed_certifications_are_not_deadlines(coordinator):
    today = timezone.localdate()
    _certify(_library("ballerup"), valid_until=today - datetime.timedelta(days=40))  # lapsed
    revoked = _certify(_library("gentofte"), valid_until=today + datetime.timedelta(days=5))
    Certification.objects.filter(pk=revoked.pk).update(status=Certification.Status.REVOKED)
    assert coordinator_dashboard.report_deadlines(today) == []


def test_members_of_a_library_see_no_coordinator_panel(client, lead, library):
    assert coordinator_dashboard.panel(user=lead, memberships=[]) is None
    sign_in(client, lead)
    html = client.get("/dashboard/").content.decode()
    assert "Til behandling" not in html


def test_a_user_without_library_or_role_is_invited_to_join(client):
    sign_in(client, factories.UserFactory())
    html = client.get("/dashboard/").content.decode()
    assert "Du er ikke tilknyttet et bibliotek endnu" in html


def test_the_coordinators_dashboard_runs_a_fixed_number_of_queries(
    client, coordinator, django_assert_num_queries
):
    sign_in(client, coordinator)
    client.get("/dashboard/")  # warm up (session, content types)

    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get("/dashboard/").status_code == 200
        return len(queries)

    few = count_queries()
    today = timezone.localdate()
    for index, slug in enumerate(["ballerup", "gentofte", "herlev", "rudersdal", "dragoer"]):
        library = _library(slug)
        certification = _certify(library, valid_until=today + datetime.timedelta(days=index))
        make_submitted_report(certification.plan, year=2026 + index)
        make_submitted_plan(_library(f"{slug}"), number=1)
        factories.ExampleFactory(library=library, status="submitted", submitted_at=timezone.now())
    for slug in ["koege", "greve", "solroed"]:
        _certify(_library(slug), valid_until=today + datetime.timedelta(days=10))
    with django_assert_num_queries(few):
        assert client.get("/dashboard/").status_code == 200
