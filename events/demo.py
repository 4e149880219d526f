"""Demo events for `manage.py seed_demo` (idempotent: fixed slugs, get_or_create).

Most demo libraries get an upcoming, a past (with participants, carrying out an initiative of
the approved plan where there is one) and an event in the coming UGE17; one event is cancelled. The
programme gets a streamed national talk shown at several libraries and a monthly webinar
series with recordings of the past ones. One library's website calendar is read from a file
shipped in events/demo/ (EventFeed.demo_file: demo data only, no network)."""

import datetime

from django.utils import timezone

from actionplans.models import Goal, Initiative
from core.demo import DemoContext
from events import importer
from events.models import Event, EventFeed, Speaker
from themes.models import Theme
from themes.periods import iso_weeks


def _coming_uge17() -> datetime.date:
    """Monday of the coming UGE17 (ISO week 17), the week the themes demo publishes."""
    today = timezone.localdate()
    year = today.year if today < iso_weeks(today.year, 17)[0] else today.year + 1
    return iso_weeks(year, 17)[0]


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _theme_on(day: datetime.date):
    return Theme.objects.published().filter(starts_on__lte=day, ends_on__gte=day).first()


def _event(slug: str, *, goals=(), shown_at=(), speakers=(), **fields) -> Event:
    event, created = Event.objects.get_or_create(slug=slug, defaults=fields)
    if not created and fields.get("theme") and event.theme_id is None:
        # The theme's demo data may come later (or be seeded on a later run): link it then.
        Event.objects.filter(pk=event.pk).update(theme=fields["theme"])
    if created:
        event.goals.set(Goal.objects.filter(number__in=goals))
        if shown_at:
            event.shown_at.set(shown_at)
        for order, (name, organisation, talk) in enumerate(speakers):
            Speaker.objects.create(
                event=event, name=name, organisation=organisation, talk_title=talk, order=order
            )
    return event


def seed(context: DemoContext) -> None:
    if not context.libraries:
        return
    today = timezone.localdate()
    uge17_monday = _coming_uge17()
    uge17_theme = _theme_on(uge17_monday)
    # Most libraries, not all: the last two show what a profile without events looks like.
    with_events = context.libraries[:-2] if len(context.libraries) > 3 else context.libraries
    for index, library in enumerate(with_events):
        town = library.city or library.municipality.name
        initiative = (
            Initiative.objects.of_approved_plans()
            .filter(plan__library=library, area="citizens")
            .order_by("order", "pk")
            .first()
        )
        upcoming_day = today + datetime.timedelta(days=7 + 3 * index)
        _event(
            f"demo-byttemarked-{library.slug}",
            library=library,
            title=f"Byttemarked i {town}",
            description="Byt tøj, bøger og legetøj – og giv tingene et nyt liv. Gratis adgang.",
            starts_at=_at(upcoming_day, 14),
            ends_at=_at(upcoming_day, 17),
            address=f"{library.address or 'Biblioteket'}, {town}",
            audience="everyone",
            initiative=initiative,
            goals=(12,),
        )
        past_day = today - datetime.timedelta(days=14 + 2 * index)
        _event(
            f"demo-reparationscafe-{library.slug}",
            library=library,
            title=f"Reparationscafé i {town}",
            description="Frivillige reparatører hjælper med cykler, tøj og elektronik.",
            starts_at=_at(past_day, 16),
            ends_at=_at(past_day, 19),
            address=f"{library.address or 'Biblioteket'}, {town}",
            audience="adults",
            initiative=initiative,
            participants=20 + 3 * index,
            goals=(12, 13),
        )
        uge17_day = uge17_monday + datetime.timedelta(days=index % 5)
        _event(
            f"demo-uge17-klimasnak-{library.slug}",
            library=library,
            title=f"Klimasnak i UGE17 – {town}",
            description="Borgermøde om, hvad vi selv kan gøre for klimaet i kommunen.",
            starts_at=_at(uge17_day, 19),
            ends_at=_at(uge17_day, 21),
            address=f"{library.address or 'Biblioteket'}, {town}",
            audience="everyone",
            theme=uge17_theme,
            goals=(13, 11),
        )
    first = with_events[0]
    _event(
        f"demo-borgermoede-affald-{first.slug}",
        library=first,
        title="Borgermøde om affaldssortering",
        description="Aflyst på grund af sygdom. Vi finder en ny dato.",
        starts_at=_at(today + datetime.timedelta(days=10), 19),
        ends_at=_at(today + datetime.timedelta(days=10), 21),
        address=f"{first.address or 'Biblioteket'}",
        audience="adults",
        status=Event.Status.CANCELLED,
        goals=(12,),
    )
    talk_day = uge17_monday + datetime.timedelta(days=2)
    _event(
        f"demo-verdens-bedste-loesninger-live-{uge17_monday.year}",
        library=None,
        title="Verdens Bedste Løsninger LIVE!",
        description=(
            "Et nationalt foredrag om løsninger på verdensmålene, streamet fra ét bibliotek og "
            "vist på storskærm på biblioteker i hele landet under UGE17."
        ),
        starts_at=_at(talk_day, 19),
        ends_at=_at(talk_day, 20, 30),
        online=True,
        online_url="https://stream.example.org/verdens-bedste-loesninger",
        audience="everyone",
        theme=uge17_theme,
        shown_at=with_events[:4],
        goals=(17, 13, 12),
        speakers=[("Ida Verdensmål", "Verdens Bedste Nyheder", "Løsninger, der virker")],
    )
    # A monthly low-threshold webinar on the first Friday: past ones with recordings.
    month_start = today.replace(day=1)
    for offset in range(-4, 2):
        year = month_start.year + (month_start.month - 1 + offset) // 12
        month = (month_start.month - 1 + offset) % 12 + 1
        day = datetime.date(year, month, 1)
        day += datetime.timedelta(days=(4 - day.weekday()) % 7)  # the first Friday
        past = offset < 0 and day < today
        _event(
            f"demo-baeredygtighedsfredag-{day:%Y-%m}",
            library=None,
            title=f"Bæredygtighedsfredag {day:%m/%Y}: verdensmål på biblioteket",
            description=(
                "Et åbent webinar på 45 minutter for alle, der arbejder med verdensmål på "
                "biblioteker. Ingen tilmelding: brug linket."
            ),
            starts_at=_at(day, 9),
            ends_at=_at(day, 9, 45),
            online=True,
            online_url="https://meet.example.org/baeredygtighedsfredag",
            audience="adults",
            recording_url=f"https://video.example.org/baeredygtighedsfredag-{day:%Y-%m}"
            if past
            else "",
            captions_note="Automatiske danske undertekster" if past else "",
            participants=35 + offset if past else None,
            goals=(4, 17),
            speakers=[("Gæstetaler", "Chora 2030", "Sådan kom vi i gang")],
        )
    # DEMO ONLY: a library's website calendar read from a shipped file, not the network.
    feed_library = next((lib for lib in context.libraries if lib.slug == "ballerup"), first)
    feed, _created = EventFeed.objects.get_or_create(
        library=feed_library,
        url="https://demo.example.org/bibliotekets-kalender.ics",
        defaults={"keyword": "verdensmål", "demo_file": "demo-library-calendar.ics"},
    )
    importer.refresh_feed(feed)
    context.say(
        f"Events: {Event.objects.count()} (demo calendar feed of {feed_library.display_name}: "
        f"{feed.get_last_result_display().lower()})"
    )
