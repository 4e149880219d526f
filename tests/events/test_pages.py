"""The public calendar, event pages and the staff pages of events."""

import datetime
import itertools
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionplans.hooks import initiative_activity
from actionplans.models import ActionPlan, Goal
from events.models import Event
from libraries.models import Library
from tests import factories
from themes.hooks import theme_events

pytestmark = pytest.mark.django_db


_numbers = itertools.count()


def bulk_events(count: int, libraries, *, start=None):
    """`count` upcoming events spread over `libraries`, each with two SDGs (bulk inserts)."""
    start = start or timezone.now() + datetime.timedelta(days=1)
    events = Event.objects.bulk_create(
        Event(
            library=libraries[i % len(libraries)],
            title=f"Arrangement {i}",
            slug=f"bulk-arrangement-{next(_numbers)}",
            starts_at=start + datetime.timedelta(hours=i),
            ends_at=start + datetime.timedelta(hours=i + 2),
            address="Hovedgaden 1",
            audience="adults" if i % 2 else "everyone",
            online=i % 3 == 0,
            online_url="https://meet.example.org/x" if i % 3 == 0 else "",
        )
        for i in range(count)
    )
    Event.goals.through.objects.bulk_create(
        Event.goals.through(event_id=event.pk, goal_id=goal)
        for i, event in enumerate(events)
        for goal in {i % 17 + 1, (i + 5) % 17 + 1}
    )
    return events


def count_queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


CALENDAR_PATHS = [
    "/events/",
    "/events/?goal=12",
    "/events/?region=1084&online=yes",
    "/events/?when=past",
    "/events/?page=2",
    "/events.ics",
]


def test_the_calendar_s_query_count_is_the_same_for_10_and_200_events(client, settings):
    settings.PUBLIC_CACHE_SECONDS = 0  # measure the work, not the cache
    libraries = list(Library.objects.order_by("pk")[:20])
    bulk_events(10, libraries)
    past_start = timezone.now() - datetime.timedelta(days=30)
    bulk_events(1, libraries, start=past_start)  # a past one
    # 10 events fit one page: ask for page 2 only once there is one.
    small = {p: count_queries(client, p) for p in CALENDAR_PATHS if "page=2" not in p}
    Event.objects.filter(slug__startswith="bulk-").delete()
    bulk_events(200, libraries)
    bulk_events(1, libraries, start=past_start)
    large = {p: count_queries(client, p) for p in CALENDAR_PATHS}
    assert large.pop("/events/?page=2") == large["/events/"]
    assert large == small


def test_the_calendar_filters_by_sdg_and_region_and_shows_upcoming_by_default(client, library):
    matching = factories.EventFactory(library=library, title="Klimacafé", goals=[13])
    factories.EventFactory(library=library, title="Strikkecafé", goals=[3])
    factories.EventFactory(
        library=Library.objects.get(slug="aalborg"), title="Klimamøde i Aalborg", goals=[13]
    )
    past = factories.EventFactory(
        library=library,
        title="Gammelt byttemarked",
        starts_at=timezone.now() - datetime.timedelta(days=3),
    )
    region = library.municipality.region.code

    content = client.get(f"/events/?region={region}&goal=13").content.decode()
    assert matching.title in content
    assert "Strikkecafé" not in content and "Klimamøde i Aalborg" not in content
    assert past.title not in client.get("/events/").content.decode()
    assert past.title in client.get("/events/?when=past").content.decode()


def test_a_streamed_event_is_found_by_the_region_of_a_library_showing_it(client, library):
    talk = factories.EventFactory(library=None, title="Verdensmål LIVE", online=True,
                                  online_url="https://stream.example.org/live")  # fmt: skip
    talk.shown_at.add(library)
    region = library.municipality.region.code
    assert "Verdensmål LIVE" in client.get(f"/events/?region={region}").content.decode()
    assert "Verdensmål LIVE" in client.get(f"/libraries/{library.slug}/").content.decode()


def test_unknown_and_repeated_parameters_are_canonicalised(client):
    response = client.get("/events/?goal=12&utm_source=x&audience=")
    assert response.status_code == 302
    assert response["Location"] == "/events/?goal=12"


def test_the_event_page_has_json_ld_and_open_graph(client, library):
    event = factories.EventFactory(
        library=library,
        title="Byttemarked </script><script>alert(1)</script>",
        online=True,
        online_url="https://meet.example.org/bytte",
        status=Event.Status.CANCELLED,
    )
    response = client.get(event.get_absolute_url())
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert block, "the JSON-LD block is missing"
    data = json.loads(block.group(1))
    assert data["@type"] == "Event"
    assert data["name"] == event.title
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["startDate"] == event.starts_at.isoformat()
    assert 'property="og:title"' in html
    assert "Aflyst" in html or "cancelled" in html.lower()


def test_staff_create_an_event_linked_to_an_initiative_and_a_theme(client, library, staff):
    plan = factories.ActionPlanFactory(library=library, status=ActionPlan.Status.APPROVED)
    initiative = factories.InitiativeFactory(plan=plan)
    theme = factories.ThemeFactory()
    national = factories.PartnerFactory(name="CONCITO")
    local = factories.PartnerFactory(
        name="Ballerup Repair Café", scope="local", municipality=library.municipality
    )
    elsewhere = factories.PartnerFactory(
        name="Aalborg Naturforening",
        scope="local",
        municipality=Library.objects.get(slug="aalborg").municipality,
    )
    client.force_login(staff)
    url = reverse("events:event_create", args=[library.slug])
    form_page = client.get(url).content.decode()
    assert "Ballerup Repair Café" in form_page and "CONCITO" in form_page
    assert "Aalborg Naturforening" not in form_page  # another municipality's partner
    response = client.post(
        url,
        {
            "title": "Reparationscafé i UGE17",
            "description": "Vi reparerer *sammen*.",
            "starts_at": "2027-04-27T16:00",
            "ends_at": "2027-04-27T19:00",
            "address": "Banegårdspladsen 1",
            "audience": "everyone",
            "goals": ["12"],
            "targets": "12.5",
            "theme": str(theme.pk),
            "initiative": str(initiative.pk),
            "partners": [str(national.pk), str(local.pk)],
            "status": "scheduled",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    event = Event.objects.get(title="Reparationscafé i UGE17")
    assert event.library == library and event.initiative == initiative and event.theme == theme
    assert timezone.localtime(event.starts_at).hour == 16  # Danish time
    assert list(event.targets.values_list("code", flat=True)) == ["12.5"]
    assert set(event.partners.all()) == {national, local}
    assert elsewhere not in event.partners.all()


def test_an_initiative_of_another_library_or_a_draft_plan_is_refused(client, library, staff):
    draft_initiative = factories.InitiativeFactory(
        plan=factories.ActionPlanFactory(library=library)
    )
    client.force_login(staff)
    response = client.post(
        reverse("events:event_create", args=[library.slug]),
        {
            "title": "X",
            "starts_at": "2027-04-27T16:00",
            "ends_at": "2027-04-27T19:00",
            "address": "Her",
            "audience": "everyone",
            "initiative": str(draft_initiative.pk),
            "status": "scheduled",
        },
    )
    assert response.status_code == 200
    assert "initiative" in response.context["form"].errors
    assert not Event.objects.exists()


def test_the_form_checks_place_times_image_alt_and_keeps_what_was_typed(client, library, staff):
    client.force_login(staff)
    response = client.post(
        reverse("events:event_create", args=[library.slug]),
        {
            "title": "Debatmøde",
            "starts_at": "2027-04-27T19:00",
            "ends_at": "2027-04-27T16:00",
            "online": "on",
            "audience": "adults",
            "status": "scheduled",
        },
    )
    errors = response.context["form"].errors
    assert {"ends_at", "online_url"} <= set(errors)
    assert 'value="Debatmøde"' in response.content.decode()


def test_a_stale_edit_is_refused_and_keeps_the_typed_text(client, library, staff):
    event = factories.EventFactory(library=library, title="Før")
    client.force_login(staff)
    url = reverse("events:event_edit", args=[library.slug, event.slug])
    data = {
        "lock_version": "0",
        "title": "Min ændring",
        "starts_at": "2027-04-27T16:00",
        "ends_at": "2027-04-27T19:00",
        "address": "Her",
        "audience": "everyone",
        "status": "scheduled",
    }
    Event.objects.filter(pk=event.pk).update(lock_version=1, title="Andens ændring")
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["conflict"]
    assert 'value="Min ændring"' in response.content.decode()
    assert 'name="lock_version" value="1"' in response.content.decode()
    event.refresh_from_db()
    assert event.title == "Andens ændring"
    # Saving again, now knowing the other change, works and raises the sequence.
    response = client.post(url, {**data, "lock_version": "1"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Min ændring" and event.sequence == 1


def test_cancelling_asks_first_and_the_event_stays_visible(client, library, staff):
    event = factories.EventFactory(library=library)
    client.force_login(staff)
    url = reverse("events:event_cancel", args=[library.slug, event.slug])
    assert client.get(url).status_code == 200
    event.refresh_from_db()
    assert event.status == Event.Status.SCHEDULED
    client.post(url)
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    client.logout()
    page = client.get(event.get_absolute_url())
    assert page.status_code == 200
    assert "Arrangementet er aflyst." in page.content.decode()


def test_deleting_asks_first(client, library, staff):
    event = factories.EventFactory(library=library)
    client.force_login(staff)
    url = reverse("events:event_delete", args=[library.slug, event.slug])
    assert client.get(url).status_code == 200
    assert Event.objects.filter(pk=event.pk).exists()
    client.post(url)
    assert not Event.objects.filter(pk=event.pk).exists()


def test_participants_afterwards_feed_the_theme_and_progress_reports(client, library, staff):
    plan = factories.ActionPlanFactory(library=library, status=ActionPlan.Status.APPROVED)
    initiative = factories.InitiativeFactory(plan=plan)
    theme = factories.ThemeFactory()
    ahead = factories.EventFactory(library=library, theme=theme, initiative=initiative)
    client.force_login(staff)
    url = reverse("events:event_participants", args=[library.slug, ahead.slug])
    response = client.post(url, {"participants": "40"})
    assert response.status_code == 200  # not before it has taken place
    ahead.refresh_from_db()
    assert ahead.participants is None

    ahead.starts_at -= datetime.timedelta(days=30)
    ahead.ends_at -= datetime.timedelta(days=30)
    ahead.save()
    assert client.post(url, {"participants": "40"}).status_code == 302

    [theme_event] = theme_events(theme)
    assert theme_event.participants == 40 and theme_event.library_id == library.pk
    [activity] = initiative_activity([initiative.pk])[initiative.pk]
    assert activity.participants == 40

    report = factories.ProgressReportFactory(plan=plan, year=2026)
    report.entries.create(initiative=initiative, status="running")
    page = client.get(reverse("actionplans:report_detail", args=[report.uuid]))
    assert ahead.title in page.content.decode()


def test_coordinators_create_national_events_with_streaming_libraries(
    client, coordinator, library, other_library
):
    from tests.sessions import sign_in

    sign_in(client, coordinator)
    response = client.post(
        reverse("events:event_create", args=["national"]),
        {
            "title": "Verdens Bedste Løsninger LIVE!",
            "starts_at": "2027-04-28T19:00",
            "ends_at": "2027-04-28T21:00",
            "online": "on",
            "online_url": "https://stream.example.org/vbl",
            "audience": "everyone",
            "status": "scheduled",
            "shown_at": [str(library.pk), str(other_library.pk)],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    event = Event.objects.get()
    assert event.library is None
    assert set(event.shown_at.all()) == {library, other_library}


def test_the_profile_shows_the_library_s_events_and_those_of_its_initiatives(client, library):
    plan = factories.ActionPlanFactory(library=library, status=ActionPlan.Status.APPROVED)
    initiative = factories.InitiativeFactory(plan=plan)
    factories.EventFactory(library=library, title="Klimacafé", initiative=initiative)
    html = client.get(f"/libraries/{library.slug}/").content.decode()
    assert html.count("Klimacafé") >= 2  # in the events list and under the initiative


def test_the_profile_s_query_count_does_not_grow_with_its_events(client, library, settings):
    settings.PUBLIC_CACHE_SECONDS = 0
    bulk_events(3, [library])
    few = count_queries(client, f"/libraries/{library.slug}/")
    bulk_events(0, [library])
    Event.objects.all().delete()
    bulk_events(40, [library])
    assert count_queries(client, f"/libraries/{library.slug}/") == few


def test_the_lead_connects_a_calendar_and_sees_its_result(client, library, lead):
    client.force_login(lead)
    url = reverse("events:feeds", args=[library.slug])
    response = client.post(url, {"url": "ftp://example.org/x.ics", "kind": "ics"})
    assert response.status_code == 200
    response = client.post(
        url, {"url": "https://bibliotek.example.dk/kalender.ics", "kind": "ics",
              "keyword": "verdensmål"},
    )  # fmt: skip
    assert response.status_code == 302
    feed = library.event_feeds.get()
    feed.last_result, feed.last_error = "error", "Serveren svarede ikke."
    feed.last_fetched_at = timezone.now()
    feed.save()
    html = client.get(url).content.decode()
    assert "Serveren svarede ikke." in html


def test_recordings_lists_past_webinars_with_a_recording(client):
    past = timezone.now() - datetime.timedelta(days=10)
    webinar = factories.EventFactory(
        library=None,
        title="Bæredygtighedsfredag",
        starts_at=past,
        ends_at=past + datetime.timedelta(hours=1),
        recording_url="https://video.example.org/1",
        captions_note="Automatiske danske undertekster",
    )
    factories.EventFactory(library=None, title="Uden optagelse", starts_at=past,
                           ends_at=past + datetime.timedelta(hours=1))  # fmt: skip
    html = client.get("/events/recordings/").content.decode()
    assert webinar.title in html and "Uden optagelse" not in html
    assert "Automatiske danske undertekster" in html


def test_goal_reference_data_is_there():
    assert Goal.objects.count() == 17


def test_the_dashboard_links_to_the_library_s_events_and_counts_missing_participants(
    client, library, staff
):
    past = timezone.now() - datetime.timedelta(days=3)
    factories.EventFactory(library=library, starts_at=past, ends_at=past)
    client.force_login(staff)
    html = client.get("/dashboard/").content.decode()
    assert reverse("events:manage_events", args=[library.slug]) in html
    assert "1 tidligere arrangement mangler antal deltagere." in html


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, "PNG")
    return buffer.getvalue()


def test_an_image_needs_its_alt_text(client, library, staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(staff)
    data = {
        "title": "Byttemarked med billede",
        "starts_at": "2027-04-27T16:00",
        "ends_at": "2027-04-27T19:00",
        "address": "Her",
        "audience": "everyone",
        "status": "scheduled",
    }
    url = reverse("events:event_create", args=[library.slug])
    response = client.post(url, {**data, "image": SimpleUploadedFile("b.png", _png(), "image/png")})
    assert "image_alt" in response.context["form"].errors
    response = client.post(
        url,
        {
            **data,
            "image": SimpleUploadedFile("b.png", _png(), "image/png"),
            "image_alt": "Borgere bytter tøj ved lange borde",
        },
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.image.name.endswith(".png")
    html = client.get(event.get_absolute_url()).content.decode()
    assert 'alt="Borgere bytter tøj ved lange borde"' in html
    assert 'property="og:image"' in html


def test_speakers_with_slides_show_on_the_event_page(client, library, staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    event = factories.EventFactory(library=library)
    client.force_login(staff)
    url = reverse("events:event_speakers", args=[library.slug, event.slug])
    response = client.post(
        url,
        {
            "name": "Ida Taler",
            "organisation": "CONCITO",
            "talk_title": "Klimaet på biblioteket",
            "slides": SimpleUploadedFile("s.txt", b"not a pdf", "application/pdf"),
        },
    )
    assert "slides" in response.context["form"].errors
    response = client.post(
        url,
        {
            "name": "Ida Taler",
            "organisation": "CONCITO",
            "talk_title": "Klimaet på biblioteket",
            "slides": SimpleUploadedFile("s.pdf", b"%PDF-1.4 slides", "application/pdf"),
        },
    )
    assert response.status_code == 302
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Ida Taler" in html and "Klimaet på biblioteket" in html and ".pdf" in html
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["performer"][0]["name"] == "Ida Taler"


@pytest.mark.parametrize("who", ["staff", "lead", "outsider"])
def test_only_coordinators_reach_the_national_events(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("events:manage_events", args=["national"])).status_code == 404
    assert client.get(reverse("events:event_create", args=["national"])).status_code == 404


def test_coordinators_see_a_library_s_events_but_do_not_change_them(client, library, coordinator):
    from tests.sessions import sign_in

    event = factories.EventFactory(library=library)
    sign_in(client, coordinator)
    assert client.get(reverse("events:manage_events", args=[library.slug])).status_code == 200
    edit = reverse("events:event_edit", args=[library.slug, event.slug])
    assert client.get(edit).status_code == 403


def test_the_sitemap_lists_the_calendar_and_visible_events(client, library):
    shown = factories.EventFactory(library=library)
    removed = factories.EventFactory(library=library, removed=True)
    xml = client.get("/sitemap.xml").content.decode()
    assert "/events/</loc>" in xml and f"/events/{shown.slug}/" in xml
    assert f"/events/{removed.slug}/" not in xml


def test_a_streamed_talk_s_json_ld_names_the_libraries_showing_it(client, library):
    talk = factories.EventFactory(
        library=None, address="", online=True, online_url="https://stream.example.org/live"
    )
    talk.shown_at.add(library)
    html = client.get(talk.get_absolute_url()).content.decode()
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    kinds = [(place["@type"], place.get("name")) for place in data["location"]]
    assert ("Place", library.display_name) in kinds
    assert ("VirtualLocation", None) in kinds
    assert all(place["address"] for place in data["location"] if place["@type"] == "Place")


def test_disconnecting_a_calendar_asks_first_and_keeps_its_events(client, library, lead):
    feed = factories.EventFeedFactory(library=library)
    event = factories.EventFactory(library=library, feed=feed, external_uid="x@y")
    client.force_login(lead)
    refresh = reverse("events:feed_action", args=[library.slug, feed.pk, "refresh"])
    assert client.get(refresh).status_code == 405  # reading it now is a POST
    url = reverse("events:feed_action", args=[library.slug, feed.pk, "remove"])
    assert client.get(url).status_code == 200
    assert library.event_feeds.exists()
    assert client.post(url).status_code == 302
    assert not library.event_feeds.exists()
    assert Event.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db
def test_the_calendar_filters_render_their_long_lists_quickly():
    """A select per library (hundreds of options) through the template engine cost the
    calendar 200 ms a page at 1,000 libraries; QuickSelect writes the same HTML in Python."""
    from core.widgets import QuickSelect
    from events.filters import EventFilter

    form = EventFilter({}, queryset=Event.objects.none()).form
    for name in ("region", "municipality", "library", "goal", "theme", "audience"):
        assert isinstance(form.fields[name].widget, QuickSelect), name
