"""The feed importer against recorded fixtures, on a fake network (no real requests)."""

import datetime
from pathlib import Path

import icalendar
import pytest
from django.utils import timezone

from actionplans.models import Goal
from events import importer
from events.fetching import FetchError, check_url, is_public_address
from events.models import Event, EventFeed
from tests import factories
from tests.events.network import FakeNetwork

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
NOW = timezone.make_aware(datetime.datetime(2026, 12, 1, 12, 0))
ICS_URL = "https://ballerup.example.dk/kalender.ics"
DPL_URL = "https://www.ballerupbib.example.dk/api/v1/events?_format=json"
PUBLIC_IP = "93.184.216.34"


def network_with(url, body, headers=None, status=200):
    return FakeNetwork(
        hosts={"ballerup.example.dk": [PUBLIC_IP], "www.ballerupbib.example.dk": [PUBLIC_IP]},
        pages={url: (status, headers or {}, body)},
    )


@pytest.fixture
def ics_feed(library):
    return factories.EventFeedFactory(library=library, url=ICS_URL, keyword="verdensmål")


def refresh(feed, network, now=NOW):
    importer.refresh_feed(feed, fetch=network.fetch, now=now)
    feed.refresh_from_db()
    return feed


def test_it_reads_an_ics_feed_with_recurrence_time_zones_and_keyword(ics_feed):
    network = network_with(ICS_URL, (FIXTURES / "library-calendar.ics").read_bytes())
    feed = refresh(ics_feed, network)

    assert feed.last_result == EventFeed.Result.OK, feed.last_error
    events = {e.external_uid: e for e in Event.objects.filter(feed=feed)}
    # Three monthly repair cafés, the swap market, the cancelled meeting and the festival;
    # the crime night has no "verdensmål" and is left out.
    assert len(events) == 6
    assert feed.last_count == 6
    cafes = sorted(
        (e for uid, e in events.items() if uid.startswith("repair-cafe")),
        key=lambda e: e.starts_at,
    )
    assert [timezone.localtime(e.starts_at).strftime("%Y-%m-%d %H:%M") for e in cafes] == [
        "2027-03-04 16:00",
        "2027-04-04 16:00",  # after the switch to summer time: still 16:00 Danish time
        "2027-05-04 16:00",
    ]
    assert cafes[1].starts_at == datetime.datetime(2027, 4, 4, 14, 0, tzinfo=datetime.UTC)
    assert cafes[0].library == ics_feed.library and cafes[0].source == Event.Source.FEED
    assert "Banegårdspladsen 1" in cafes[0].address
    meeting = events["debate@ballerup.example.dk"]
    assert meeting.status == Event.Status.CANCELLED
    festival = events["fair@ballerup.example.dk"]
    assert festival.all_day
    assert timezone.localtime(festival.ends_at).date() == datetime.date(2027, 6, 6)
    assert "crime-night@ballerup.example.dk" not in events


def test_a_second_fetch_updates_by_uid_marks_removed_and_keeps_staff_fields(ics_feed):
    body = (FIXTURES / "library-calendar.ics").read_bytes()
    refresh(ics_feed, network_with(ICS_URL, body))
    swap = Event.objects.get(external_uid="swap-market@ballerup.example.dk")
    theme = factories.ThemeFactory()
    swap.goals.set(Goal.objects.filter(number__in=[12, 13]))
    swap.theme = theme
    swap.save()
    pks_before = set(Event.objects.values_list("pk", flat=True))

    changed = body.replace(b"SUMMARY:Byttemarked i UGE17", b"SUMMARY:Stort byttemarked i UGE17")
    # The festival leaves the feed.
    start = changed.index(b"BEGIN:VEVENT\r\nUID:fair") if b"\r\n" in changed else None
    if start is None:
        start = changed.index(b"BEGIN:VEVENT\nUID:fair")
    end = changed.index(b"END:VEVENT", start) + len(b"END:VEVENT\n")
    changed = changed[:start] + changed[end:]
    refresh(ics_feed, network_with(ICS_URL, changed))

    assert set(Event.objects.values_list("pk", flat=True)) == pks_before  # upserted, not added
    swap.refresh_from_db()
    assert swap.title == "Stort byttemarked i UGE17"
    assert swap.sequence == 1
    assert sorted(swap.goals.values_list("number", flat=True)) == [12, 13]
    assert swap.theme == theme
    festival = Event.objects.get(external_uid="fair@ballerup.example.dk")
    assert festival.removed and festival.sequence == 1
    assert not Event.objects.visible().filter(pk=festival.pk).exists()


def test_it_reads_the_dpl_cms_events_api(library):
    feed = factories.EventFeedFactory(
        library=library, url=DPL_URL, kind=EventFeed.Kind.DPL_CMS, keyword="verdensmål"
    )
    network = network_with(DPL_URL, (FIXTURES / "dpl-cms-events.json").read_bytes())
    feed = refresh(feed, network)

    assert feed.last_result == EventFeed.Result.OK, feed.last_error
    events = {e.title: e for e in Event.objects.filter(feed=feed)}
    assert set(events) == {"Klimacafé: Spis dig grøn", "Online: Verdensmål for begyndere"}
    cafe = events["Klimacafé: Spis dig grøn"]
    assert cafe.external_uid == "3e5e2d3a-1b5f-4f6e-9a1c-2f1e5c0b7a11"
    assert cafe.starts_at == datetime.datetime(2027, 2, 18, 16, 30, tzinfo=datetime.UTC)
    assert cafe.address == "Ballerup Bibliotek, Banegårdspladsen 1, 2750 Ballerup"
    assert "klimavenlig" in cafe.description and "<strong>" not in cafe.description
    assert cafe.external_url.startswith("https://www.ballerupbib.example.dk/arrangementer/")
    webinar = events["Online: Verdensmål for begyndere"]
    assert webinar.online and webinar.status == Event.Status.CANCELLED


def test_a_broken_feed_is_reported_in_plain_words_and_backs_off(ics_feed):
    network = network_with(ICS_URL, (FIXTURES / "broken.ics").read_bytes())
    feed = refresh(ics_feed, network)
    assert feed.last_result == EventFeed.Result.ERROR
    assert "iCalendar" in feed.last_error or "kalender" in feed.last_error.lower()
    assert feed.failures == 1
    first_wait = feed.next_fetch_at - NOW
    feed = refresh(feed, network)
    assert feed.failures == 2
    assert feed.next_fetch_at - NOW > first_wait
    assert feed not in importer.due_feeds(NOW + datetime.timedelta(minutes=30))
    assert Event.objects.count() == 0


def test_a_redirect_to_loopback_is_refused(ics_feed):
    network = FakeNetwork(
        hosts={"ballerup.example.dk": [PUBLIC_IP], "localhost.example": ["127.0.0.1"]},
        pages={
            ICS_URL: (302, {"Location": "http://localhost.example/admin.ics"}, b""),
            "http://localhost.example/admin.ics": (200, {}, b"BEGIN:VCALENDAR"),
        },
    )
    feed = refresh(ics_feed, network)
    assert feed.last_result == EventFeed.Result.ERROR
    assert "localhost.example" in feed.last_error
    # Only the first hop was requested: the redirect target was checked before connecting.
    assert [url for url, _address, _h in network.requests] == [ICS_URL]


def test_a_redirect_straight_to_an_address_is_refused():
    network = FakeNetwork(
        hosts={"ballerup.example.dk": [PUBLIC_IP]},
        pages={ICS_URL: (301, {"Location": "http://127.0.0.1:8000/"}, b"")},
    )
    with pytest.raises(FetchError):
        network.fetch(ICS_URL)


def test_a_huge_feed_is_cut_off(ics_feed):
    huge = b"BEGIN:VCALENDAR\n" + b"X-FILLER:" + b"x" * (6 * 1024 * 1024) + b"\nEND:VCALENDAR\n"
    feed = refresh(ics_feed, network_with(ICS_URL, huge))
    assert feed.last_result == EventFeed.Result.ERROR
    assert "MB" in feed.last_error


def test_a_declared_huge_length_is_refused_before_reading():
    network = network_with(ICS_URL, b"BEGIN:VCALENDAR", headers={"Content-Length": "999999999"})
    with pytest.raises(FetchError):
        network.fetch(ICS_URL)


def test_conditional_get_sends_etag_and_keeps_events_on_304(ics_feed):
    body = (FIXTURES / "library-calendar.ics").read_bytes()
    feed = refresh(ics_feed, network_with(ICS_URL, body, headers={"ETag": '"v1"'}))
    assert feed.etag == '"v1"'
    network = network_with(ICS_URL, b"", status=304)
    feed = refresh(feed, network, now=NOW + datetime.timedelta(hours=1))
    assert network.requests[0][2]["If-None-Match"] == '"v1"'
    assert feed.last_result == EventFeed.Result.NOT_MODIFIED
    assert Event.objects.visible().filter(feed=feed).count() == 6


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://example.org/x.ics", "gopher://x", "https://user:pw@x.dk/"],
)
def test_only_plain_http_and_https_urls_are_read(url):
    with pytest.raises(FetchError):
        check_url(url, resolver=lambda host, port: [PUBLIC_IP])


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.0.0.5", "192.168.1.1", "169.254.169.254", "::1", "fe80::1", "0.0.0.0",  # noqa: S104
     "::ffff:127.0.0.1", "100.64.0.1", "240.0.0.1"],
)  # fmt: skip
def test_private_loopback_link_local_and_reserved_addresses_are_refused(address):
    assert not is_public_address(address)
    with pytest.raises(FetchError):
        check_url("https://calendar.example.dk/x.ics", resolver=lambda host, port: [address])


def test_a_host_with_one_private_address_among_public_ones_is_refused():
    with pytest.raises(FetchError):
        check_url(
            "https://calendar.example.dk/x.ics",
            resolver=lambda host, port: [PUBLIC_IP, "10.1.2.3"],
        )


def test_the_demo_feed_reads_its_shipped_file_without_a_network(library):
    feed = factories.EventFeedFactory(
        library=library, demo_file="demo-library-calendar.ics", keyword="verdensmål"
    )

    def no_network(*args, **kwargs):
        raise AssertionError("the demo feed must not touch the network")

    importer.refresh_feed(feed, fetch=no_network, now=NOW)
    feed.refresh_from_db()
    assert feed.last_result == EventFeed.Result.OK
    assert Event.objects.filter(feed=feed).count() == 6


def test_the_fixture_calendar_is_valid_icalendar():
    calendar = icalendar.Calendar.from_ical((FIXTURES / "library-calendar.ics").read_bytes())
    assert len(calendar.walk("VEVENT")) == 5


def test_an_unexpected_failure_is_recorded_and_backs_off(ics_feed):
    def failing_fetch(*args, **kwargs):
        raise RuntimeError("boom")

    importer.refresh_feed(ics_feed, fetch=failing_fetch, now=NOW)
    ics_feed.refresh_from_db()
    assert ics_feed.last_result == EventFeed.Result.ERROR
    assert ics_feed.failures == 1 and ics_feed.last_error


def test_the_real_opener_speaks_http_to_the_address_it_is_given():
    """open_url against a server on loopback (the address checks are bypassed on purpose:
    they are tested above; this checks the connection pinned to a given address)."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from events.fetching import open_url

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = f"{self.headers['Host']} {self.path}".encode()
            self.send_response(200)
            self.send_header("ETag", '"abc"')
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        response = open_url(
            f"http://calendar.example.dk:{port}/kalender.ics?x=1", "127.0.0.1", {}, 5
        )
        assert response.status == 200
        assert response.headers["etag"] == '"abc"'
        assert response.read(1000) == f"calendar.example.dk:{port} /kalender.ics?x=1".encode()
        response.close()
    finally:
        server.shutdown()
        server.server_close()
