"""The impact report's figures (PDF, CSV and JSON read the same), the events hook, and a real
worker rendering the tagged, text-extractable PDF after the report's commit."""

import csv
import datetime
import io
import json
import time

import pytest
from django.utils import timezone

from core.models import PublishedDocument
from libraries.models import Library
from partners.models import Partner
from tests import factories
from themes import hooks, impact, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_events():
    """An events provider as the events app would register it."""
    events = []

    def provider(theme):
        return [found for theme_id, found in events if theme_id == theme.pk]

    hooks.register_events_provider(provider)
    yield events
    hooks.unregister_events_provider(provider)


def event(library, title, participants=None, cancelled=False):
    return hooks.ThemeEvent(
        library_id=library.pk if library else None,
        title=title,
        url=f"/events/{title.lower()}/",
        starts_at=timezone.make_aware(datetime.datetime(2026, 4, 20, 10)),
        participants=participants,
        cancelled=cancelled,
    )


def reported_theme(closed_theme):
    ballerup = Library.objects.get(slug="ballerup")
    aarhus = Library.objects.get(slug="aarhus")
    school = factories.PartnerFactory(
        name="Ballerup Naturskole", kind="school", scope="local", municipality=ballerup.municipality
    )
    concito = factories.PartnerFactory(name="CONCITO")
    closed_theme.national_partners.add(concito)
    first = factories.ThemeSignupFactory(theme=closed_theme, library=ballerup)
    first.local_partners.add(school)
    report = factories.ThemeReportFactory(signup=first, participants=120,
                                          what_worked="Naturvandringen samlede byen.")  # fmt: skip
    report.goals.set([15])
    second = factories.ThemeSignupFactory(theme=closed_theme, library=aarhus)
    factories.ThemeReportFactory(signup=second, participants=30, what_worked="")
    # signed up, not reported
    factories.ThemeSignupFactory(theme=closed_theme, library=Library.objects.get(slug="vejle"))
    return ballerup, aarhus


def test_the_figures_add_up(closed_theme):
    ballerup, _aarhus = reported_theme(closed_theme)
    data = impact.figures(closed_theme)
    assert data["totals"]["libraries"] == 3
    assert data["totals"]["reported"] == 2
    assert data["totals"]["participants"] == 150
    assert data["totals"]["partners"] == 2
    regions = {row["region"]: row for row in data["regions"]}
    assert regions["Region Hovedstaden"]["participants"] == 120
    assert regions["Region Midtjylland"]["participants"] == 30
    assert data["goals"] == [
        {"number": 15, "name": "Livet på land", "colour": data["goals"][0]["colour"],
         "libraries": 1, "participants": 120}
    ]  # fmt: skip
    kinds = {row["kind"]: row["partners"] for row in data["partner_kinds"]}
    assert kinds == {Partner.Kind.NGO: 1, Partner.Kind.SCHOOL: 1}
    assert data["quotes"] == [
        {"library": ballerup.display_name, "text": "Naturvandringen samlede byen."}
    ]


def test_events_from_the_hook_count_per_library(closed_theme, fake_events):
    ballerup, _aarhus = reported_theme(closed_theme)
    fake_events += [
        (closed_theme.pk, event(ballerup, "Naturvandring", participants=25)),
        (closed_theme.pk, event(ballerup, "Frøbytte", participants=10)),
        (closed_theme.pk, event(ballerup, "Aflyst", participants=99, cancelled=True)),
    ]
    data = impact.figures(closed_theme)
    assert (data["totals"]["events"], data["totals"]["event_participants"]) == (2, 35)
    row = next(r for r in data["libraries"] if r["library"] == ballerup.display_name)
    assert (row["events"], row["event_participants"]) == (2, 35)


def test_the_theme_page_shows_the_events_section_only_with_events(
    client, closed_theme, fake_events
):
    assert 'id="events-heading"' not in client.get(closed_theme.get_absolute_url()).content.decode()
    fake_events.append((closed_theme.pk, event(None, "Webinar om natur")))
    html = client.get(closed_theme.get_absolute_url()).content.decode()
    assert 'id="events-heading"' in html and "Webinar om natur" in html


def test_theme_events_is_empty_without_a_provider(closed_theme):
    assert hooks.theme_events(closed_theme) == []


def test_the_same_figures_as_csv_and_json(client, closed_theme):
    reported_theme(closed_theme)
    data = json.loads(client.get(f"/themes/{closed_theme.slug}/impact.json").content)
    assert data["totals"]["participants"] == 150
    text = client.get(f"/themes/{closed_theme.slug}/impact.csv").content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    totals = {row["label"]: row["value"] for row in rows if row["section"] == "total"}
    assert totals["participants"] == "150" and totals["libraries"] == "3"


def test_a_report_queues_a_render_of_the_impact_report(closed_theme, library, lead, queued_renders,
                                                       django_capture_on_commit_callbacks):  # fmt: skip
    signup = factories.ThemeSignupFactory(theme=closed_theme, library=library, contact=lead)
    with django_capture_on_commit_callbacks(execute=True):
        services.save_report(signup=signup, by=lead, activities="x", participants=5)
    assert queued_renders == [(services.IMPACT_REPORT, closed_theme.slug)]


def wait_for(condition, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_renders_the_tagged_impact_report(
    celery_worker_on_redis, client, monkeypatch
):
    from pypdf import PdfReader

    from core import documents

    monkeypatch.setattr(documents, "RENDER_DELAY_SECONDS", 1)
    today = timezone.localdate()
    theme = factories.ThemeFactory(
        title="Vores natur", slug="vores-natur", number=11,
        starts_on=today - datetime.timedelta(days=14), ends_on=today - datetime.timedelta(days=7),
        signup_deadline=today - datetime.timedelta(days=30),
    )  # fmt: skip
    ballerup, _aarhus = reported_theme(theme)
    lead = factories.UserFactory()
    factories.LeadMembershipFactory(user=lead, library=Library.objects.get(slug="odense"))
    signup = factories.ThemeSignupFactory(
        theme=theme, library=Library.objects.get(slug="odense"), contact=lead
    )
    assert client.get(f"/themes/{theme.slug}/impact.pdf").status_code == 503
    # commits, then queues the render
    services.save_report(
        signup=signup, by=lead, activities="Frøbytte", participants=50,
        what_worked="Frøbyttet blev en tradition.",
    )  # fmt: skip
    assert wait_for(
        lambda: PublishedDocument.objects.filter(
            kind=services.IMPACT_REPORT, key=theme.slug, status="done"
        ).exists()
    )
    response = client.get(f"/themes/{theme.slug}/impact.pdf")
    assert response.status_code == 200 and response["ETag"]
    data = b"".join(response.streaming_content)
    assert (
        client.get(
            f"/themes/{theme.slug}/impact.pdf", HTTP_IF_NONE_MATCH=response["ETag"]
        ).status_code
        == 304
    )
    reader = PdfReader(io.BytesIO(data))
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    text = " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())
    assert "Det blev Vores natur til" in text
    assert "Deltagere (afrapporteret) 200" in text  # 120 + 30 + 50
    assert "Tilmeldte biblioteker 4" in text and "Arrangementer 0" in text
    assert ballerup.display_name in text
    assert "Frøbyttet blev en tradition." in text


def test_the_report_form_lists_the_library_s_own_events_of_the_theme(
    login, closed_theme, library, other_library, lead, fake_events
):
    factories.ThemeSignupFactory(theme=closed_theme, library=library, contact=lead)
    fake_events += [
        (closed_theme.pk, event(library, "Naturvandring", participants=25)),
        (closed_theme.pk, event(other_library, "Rudersdals frøbytte")),
    ]
    html = login(lead).get(f"/themes/{closed_theme.slug}/report/{library.slug}/").content.decode()
    assert "Naturvandring" in html and "/events/naturvandring/" in html
    assert "Rudersdals frøbytte" not in html
