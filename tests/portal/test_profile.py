"""/libraries/<slug>/: the public profile, its badge and the 404 page."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from certification.models import Certification
from core.public_cache import public_data_changed
from libraries.models import Library
from tests import factories
from tests.portal.conftest import approve_plan, certify

pytestmark = pytest.mark.django_db


def test_it_shows_the_certification_with_a_link_to_verify(client, library):
    certification = certify(library)
    html = client.get("/libraries/ballerup/").content.decode()
    assert "<h1>Ballerup Bibliotekerne</h1>" in html or f"<h1>{library.display_name}</h1>" in html
    assert certification.number in html
    assert f'href="/verify/{certification.number}/"' in html
    assert 'class="status status-certified"' in html


def test_it_shows_the_plan_vision_principles_and_initiatives_by_area(client, library):
    plan = approve_plan(library, goals=(13,), area="operations")
    factories.InitiativeFactory(plan=plan, area="citizens", title="Reparationscafé", goals=[12])
    html = client.get("/libraries/ballerup/").content.decode()
    assert plan.vision in html
    assert plan.principles[0] in html
    assert html.index("Reparationscafé") > html.index("sdg-13")  # operations before citizens
    assert 'class="sdg-badge sdg-12"' in html


def test_it_leaves_out_plans_that_are_not_approved(client, library):
    factories.ActionPlanFactory(library=library, vision="Et udkast til en vision")
    assert "Et udkast til en vision" not in client.get("/libraries/ballerup/").content.decode()


def test_it_shows_only_the_library_s_approved_examples(client, library):
    factories.ExampleFactory(library=library, title="Frøbibliotek")
    factories.ExampleFactory(library=library, title="Ikke godkendt", status="submitted")
    html = client.get("/libraries/ballerup/").content.decode()
    assert "Frøbibliotek" in html and "Ikke godkendt" not in html


def test_a_library_that_does_not_take_part_still_has_a_page_that_says_so(client, db):
    response = client.get("/libraries/koege/")
    assert response.status_code == 200
    assert 'href="/join/koege/"' in response.content.decode()
    assert 'class="status status-not_participating"' in response.content.decode()


def test_it_has_open_graph_tags_and_a_meta_description(client, library):
    html = client.get("/libraries/ballerup/").content.decode()
    assert '<meta property="og:title"' in html
    assert '<meta property="og:url" content="http://testserver/libraries/ballerup/">' in html
    assert '<meta name="description" content="' in html


def test_an_unknown_slug_is_a_404_page_in_the_portal_s_layout(client, db):
    response = client.get("/libraries/no-such-library/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'class="skip-link"' in html and 'class="site-header"' in html
    assert 'href="/libraries/"' in html


def test_a_lead_sees_the_badge_snippet_and_others_do_not(client, login, library, lead, outsider):
    certify(library)
    assert "badge-code" not in client.get("/libraries/ballerup/").content.decode()
    html = login(outsider).get("/libraries/ballerup/").content.decode()
    assert "badge-code" not in html
    html = login(lead).get("/libraries/ballerup/").content.decode()
    assert "badge-code" in html
    assert "http://testserver/libraries/ballerup/badge.svg" in html


def badge(client, slug="ballerup"):
    response = client.get(f"/libraries/{slug}/badge.svg")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    return response.content.decode()


def test_the_badge_shows_the_mark_and_year_while_certified(client, library):
    certify(library, issued_at=datetime.date(2025, 6, 1))
    svg = badge(client)
    assert "2025" in svg and "#E5243B" in svg
    assert svg.startswith("<svg")


@pytest.mark.parametrize(
    ("status", "word"),
    [
        (Certification.Status.EXPIRED, "udløbet"),
        (Certification.Status.REVOKED, "ikke certificeret"),
    ],
)
def test_an_expired_or_revoked_certification_changes_the_badge_at_once(
    client, library, status, word, django_capture_on_commit_callbacks
):
    certification = certify(library, issued_at=datetime.date(2025, 6, 1))
    assert "#E5243B" in badge(client)
    assert "certified" in client.get("/libraries.json").json()["libraries"][0]["status"]
    with django_capture_on_commit_callbacks(execute=True):
        Certification.objects.filter(pk=certification.pk).update(status=status)
        public_data_changed()  # what the certification services call
    svg = badge(client)
    assert "#E5243B" not in svg and "2025" not in svg and word in svg
    assert client.get("/libraries/?status=certified").content.decode().count("data-slug=") == 0
    assert "status-certified" not in client.get("/libraries/ballerup/").content.decode()


def test_a_lapsed_date_changes_the_badge_the_next_day_without_any_task(client, library, settings):
    """No service runs and nothing bumps the data version: the date in the cache key and the
    date check in the status make the badge neutral the day after validity and grace end."""
    settings.CERTIFICATION_GRACE_DAYS = 30
    today = timezone.localdate()
    certify(library, valid_until=today - datetime.timedelta(days=30))
    assert "#E5243B" in badge(client)
    with time_machine.travel(today + datetime.timedelta(days=1, hours=12), tick=False):
        assert "#E5243B" not in badge(client)


def test_a_library_not_taking_part_gets_a_neutral_badge(client, db):
    Library.objects.get(slug="koege")
    assert "ikke certificeret" in badge(client, "koege")


def test_an_unknown_library_has_no_badge(client, db):
    assert client.get("/libraries/nope/badge.svg").status_code == 404
