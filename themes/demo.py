"""This app's part of `manage.py seed_demo` (idempotent: running it again changes nothing).

A published UGE17 for the coming year (ISO week 17) with a weekday programme, the national
partners, toolbox materials and sign-ups from most demo libraries; and the past theme 11
"Vores natur" (weeks 16–20 of 2026) with reports, so its impact report has content.
"""

import datetime
import io

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from actionplans.models import Goal
from core.demo import DemoContext
from core.documents import request_render
from core.public_cache import public_data_changed
from core.text import danish_slugify
from partners.models import Partner
from themes.models import Theme, ThemeDay, ThemeMaterial, ThemeReport, ThemeSignup
from themes.periods import iso_weeks
from themes.services import IMPACT_REPORT

NATIONAL_PARTNERS = [
    ("CONCITO", Partner.Kind.NGO, "https://concito.dk", "Danmarks grønne tænketank."),
    ("DR", Partner.Kind.BROADCASTER, "https://www.dr.dk", "Danmarks Radio."),
    ("DeltagerDanmark", Partner.Kind.ASSOCIATION, "https://deltagerdanmark.dk",
     "Borgerbevægelsen bag UGE17."),
    ("Grønne Nabofællesskaber", Partner.Kind.ASSOCIATION, "https://groennenabofaellesskaber.dk",
     "Naboer der gør noget sammen for klimaet."),
]  # fmt: skip
UGE17_DAYS = [
    ("Klima og energi", "Klimacaféer og energitjek med borgerne."),
    ("Natur og biodiversitet", "Vilde blomster, insekthoteller og naturvandringer."),
    ("Forbrug og genbrug", "Byttemarkeder og reparationscaféer."),
    ("Fællesskab og demokrati", "Borgermøder og samtalesaloner om verdensmålene."),
    ("Børn og unge", "Verdensmålsværksteder for skoleklasser."),
    ("Lokale løsninger", "Lokale partnere viser, hvad de gør."),
    ("Fejring", "Vi samler op og fejrer ugen sammen."),
]
UGE17_DESCRIPTION = (
    "**UGE17** er borgernes verdensmålsuge. I ISO-uge 17 holder biblioteker, foreninger, skoler "
    "og virksomheder over hele landet arrangementer om verdensmålene.\n\n"
    "I 2023 deltog 73 % af landets 98 kommuner, med over 250 lokale partnere."
)
VORES_NATUR_DESCRIPTION = (
    "Bibliotekernes temasamarbejde nr. 11: **Vores natur**. I fem uger sætter bibliotekerne "
    "fokus på naturen lige uden for døren: biodiversitet, naturvandringer og frøbytte."
)
QUOTES = [
    "Naturvandringen med den lokale naturvejleder trak nye brugere ind.",
    "Frøbyttet blev en tradition: folk spurgte efter det næste.",
    "Samarbejdet med skolen gav os 120 elever på en uge.",
    "Insekthotellerne står stadig i bibliotekshaven.",
]


def _pdf(title: str) -> ContentFile:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    buffer = io.BytesIO()
    writer.write(buffer)
    return ContentFile(buffer.getvalue(), name="materiale.pdf")


def _poster() -> ContentFile:
    image = Image.new("RGB", (600, 400), "#3F7E44")
    ImageDraw.Draw(image).text((40, 180), "UGE17", fill="#ffffff")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name="plakat.png")


def _national_partners(context: DemoContext) -> list[Partner]:
    partners = []
    for name, kind, website, description in NATIONAL_PARTNERS:
        partner = Partner.objects.national().filter(name=name).first()
        if partner is None:
            partner = Partner.objects.create(
                name=name,
                slug=danish_slugify(name),
                kind=kind,
                website=website,
                description=description,
                scope=Partner.Scope.NATIONAL,
                created_by=context.coordinator,
            )
        partners.append(partner)
    return partners


def _local_partners(library) -> list[Partner]:
    municipality = library.municipality
    found = []
    for name, kind in (
        (f"{municipality.name} Naturskole", Partner.Kind.SCHOOL),
        (f"Grøn Forening {municipality.name}", Partner.Kind.ASSOCIATION),
    ):
        partner = Partner.objects.local_to(municipality).filter(name=name).first()
        if partner is None:
            partner = Partner.objects.create(
                name=name,
                slug=danish_slugify(name),
                kind=kind,
                scope=Partner.Scope.LOCAL,
                municipality=municipality,
            )
        found.append(partner)
    return found


def _theme(context, *, slug, defaults, goals, partners, days) -> Theme:
    theme, created = Theme.objects.get_or_create(
        slug=slug, defaults={**defaults, "created_by": context.coordinator}
    )
    if created:
        theme.goals.set(Goal.objects.filter(number__in=goals))
        theme.national_partners.set(partners)
        ThemeDay.objects.bulk_create(
            ThemeDay(theme=theme, date=date, title=title, description=description)
            for date, title, description in days
        )
        context.say(f"Theme: {theme.title} ({theme.starts_on}–{theme.ends_on})")
    return theme


def _sign_up(context, theme, library, *, at) -> ThemeSignup:
    signup, created = ThemeSignup.objects.get_or_create(
        theme=theme,
        library=library,
        defaults={
            "contact": context.leads[library.slug],
            "second_contact": context.staff[library.slug],
            "note": f"{library.municipality.name}: arrangementer hele ugen.",
            "signed_up_by": context.leads[library.slug],
            "signed_up_at": at,
        },
    )
    if created:
        signup.local_partners.set(_local_partners(library))
    return signup


def seed(context: DemoContext) -> None:
    if not context.libraries:
        return
    today = timezone.localdate()
    partners = _national_partners(context)
    year = today.year if today < iso_weeks(today.year, 17)[0] else today.year + 1
    starts_on, ends_on = iso_weeks(year, 17)
    uge17 = _theme(
        context,
        slug=f"uge17-{year}",
        defaults={
            "title": f"UGE17 {year}",
            "summary": (
                "Borgernes verdensmålsuge: hele Danmark viser, hvad vi gør for verdensmålene."
            ),
            "description": UGE17_DESCRIPTION,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "signup_deadline": starts_on - datetime.timedelta(days=25),
            "commitment": (
                "Biblioteket holder mindst ét arrangement i ugen og fortæller om det bagefter."
            ),
            "status": Theme.Status.PUBLISHED,
            "published_at": timezone.now(),
        },
        goals=[11, 12, 13, 17],
        partners=partners,
        days=[
            (starts_on + datetime.timedelta(days=index), title, description)
            for index, (title, description) in enumerate(UGE17_DAYS)
        ],
    )
    if not uge17.materials.exists():
        ThemeMaterial.objects.create(
            theme=uge17, kind=ThemeMaterial.Kind.PDF, title="Aktivitetskit til UGE17",
            description="Idéer og skabeloner til ugens arrangementer.",
            file=_pdf("Aktivitetskit til UGE17"),
        )  # fmt: skip
        ThemeMaterial.objects.create(
            theme=uge17, kind=ThemeMaterial.Kind.IMAGE, title="Plakat",
            description="Plakat til opslagstavlen.", file=_poster(),
            alt_text="Grøn plakat med teksten UGE17",
        )  # fmt: skip
        ThemeMaterial.objects.create(
            theme=uge17, kind=ThemeMaterial.Kind.LINK, title="Bogliste: klima for alle aldre",
            url="https://deltagerdanmark.dk/uge17",
        )  # fmt: skip
        ThemeMaterial.objects.create(
            theme=uge17, kind=ThemeMaterial.Kind.PDF, title="Pressemeddelelse (skabelon)",
            description="Kun for tilmeldte biblioteker.", file=_pdf("Pressemeddelelse"),
            visibility=ThemeMaterial.Visibility.SIGNED_UP,
        )  # fmt: skip
    signed_up = context.libraries[: max(1, len(context.libraries) - 2)]
    for index, library in enumerate(signed_up):
        _sign_up(context, uge17, library, at=timezone.now() - datetime.timedelta(days=index))

    past_start, past_end = iso_weeks(2026, 16, 20)
    natur = _theme(
        context,
        slug="vores-natur",
        defaults={
            "number": 11,
            "title": "Vores natur",
            "summary": "Bibliotekernes temasamarbejde om naturen lige uden for døren.",
            "description": VORES_NATUR_DESCRIPTION,
            "starts_on": past_start,
            "ends_on": past_end,
            "signup_deadline": past_start - datetime.timedelta(days=21),
            "commitment": "Biblioteket holder mindst to naturarrangementer i perioden.",
            "status": Theme.Status.PUBLISHED,
            "published_at": timezone.now(),
        },
        goals=[13, 14, 15],
        partners=partners[:1],
        days=[],
    )
    goals = list(Goal.objects.filter(number__in=[13, 15]))
    for index, library in enumerate(context.libraries[: max(1, len(context.libraries) - 1)]):
        signup = _sign_up(
            context, natur, library, at=timezone.make_aware(datetime.datetime(2026, 3, 1, 10))
        )
        if index % 4 == 3 or ThemeReport.objects.filter(signup=signup).exists():
            continue  # every fourth library has not reported yet
        report = ThemeReport.objects.create(
            signup=signup,
            activities="Naturvandring, frøbytte og insekthoteller.",
            participants=40 + 15 * index,
            what_worked=QUOTES[index % len(QUOTES)],
            submitted_by=context.leads[library.slug],
        )
        report.partners.set(signup.local_partners.all())
        report.goals.set(goals)
    request_render(IMPACT_REPORT, natur.slug)
    request_render(IMPACT_REPORT, uge17.slug)
    public_data_changed()
