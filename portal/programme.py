"""The programme description PDF (/programme.pdf): built from the programme texts and live
figures, rendered in the background through core.documents.

Certification code calls `core.documents.request_render("programme")` when the number of
certified libraries changes; coordinators' edits of programme texts should do the same.
"""

import base64
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from actionplans.models import Area, Goal
from certification.models import Certification
from core import documents
from core.documents import RenderJob
from core.models import ProgrammeText
from core.text import render_markdown
from events.models import Event
from libraries.models import Library
from portal.map_context import map_context
from portal.selectors import PublicStatus
from portal.selectors.status import status_counts, with_public_status
from themes.models import Theme

TEMPLATE = "portal/programme_pdf.html"

# Danish fallbacks when a coordinator has not written a text yet (the PDF is always in Danish).
FALLBACKS = {
    ProgrammeText.Key.INTRO: (
        "Hvad er verdensmålscertificeringen?",
        "Verdensmålscertificeringen af biblioteker viser, at et folkebibliotek arbejder "
        "systematisk med FN's 17 verdensmål for bæredygtig udvikling: i organisationen, i "
        "sin egen drift og i arbejdet med borgerne. Programmet drives af Chora 2030 i "
        "netværket DB2030.",
    ),
    ProgrammeText.Key.AREAS: (
        "De tre områder",
        "- **Organisation**: forankring i ledelsen, medarbejdernes kompetencer og fælles "
        "principper (dogmer).\n"
        "- **Drift**: bibliotekets eget fodaftryk: affald, energi, indkøb, transport og "
        "arrangementer.\n"
        "- **Borgervendt arbejde**: aktiviteter, formidling og samarbejde med borgere, skoler, "
        "foreninger og lokale partnere.",
    ),
    ProgrammeText.Key.STEPS: (
        "Vejen til certificering",
        "1. Biblioteket tilmelder sig og udpeger en verdensmålskoordinator.\n"
        "2. Biblioteket skriver en handleplan for tre år med indsatser på alle tre områder.\n"
        "3. En koordinator gennemgår planen og godkender den, eller beder om ændringer.\n"
        "4. Biblioteket bliver certificeret og rapporterer om sine fremskridt hvert år.",
    ),
    ProgrammeText.Key.HOW_TO_JOIN: (
        "Sådan kommer I med",
        "Opret en bruger på Verdensmålsportalen, og bed om at blive tilknyttet jeres bibliotek.",
    ),
    ProgrammeText.Key.CONTACT: ("Kontakt", ""),
}
ORDER = [
    ProgrammeText.Key.INTRO,
    ProgrammeText.Key.AREAS,
    ProgrammeText.Key.STEPS,
    ProgrammeText.Key.HOW_TO_JOIN,
    ProgrammeText.Key.CONTACT,
]


@dataclass(frozen=True)
class Figure:
    value: int
    label: str  # Danish: the PDF is always in Danish


def _library_figures() -> list[Figure]:
    counts = status_counts(with_public_status(Library.objects.participating()))
    return [
        Figure(counts.get(PublicStatus.CERTIFIED, 0), "certificerede biblioteker"),
        Figure(counts.get(PublicStatus.IN_PROGRESS, 0), "biblioteker på vej mod certificering"),
    ]


def _theme_figures() -> list[Figure]:
    published = Theme.objects.filter(status=Theme.Status.PUBLISHED).count()
    return [Figure(published, "nationale temaer")]


def _event_figures() -> list[Figure]:
    held_this_year = (
        Event.objects.visible()
        .exclude(status=Event.Status.CANCELLED)
        .filter(starts_at__year=timezone.localdate().year)
        .count()
    )
    return [Figure(held_this_year, f"arrangementer om verdensmålene i {timezone.localdate().year}")]


# The live figures on the cover, in order. Another app's figures (e.g. events) are added with
# `FIGURE_PROVIDERS.append(provider)`: a function returning a list of Figures.
FIGURE_PROVIDERS: list[Callable[[], list[Figure]]] = [
    _library_figures,
    _theme_figures,
    _event_figures,
]


def figures() -> list[Figure]:
    return [figure for provider in FIGURE_PROVIDERS for figure in provider()]


def status_map() -> dict:
    """The map of Denmark by library status (the one on /libraries/) as an SVG image with an
    alt text that says what it shows, and its legend."""
    data = map_context()
    svg = render_to_string("portal/_programme_map.svg", data)
    legend = [item for item in data["map_legend"] if item["count"]]
    alt = "Danmarkskort over kommunerne farvet efter bibliotekets status: " + "; ".join(
        f"{item['label']}: {item['count']} kommuner" for item in legend
    )
    return {
        "src": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode(),
        "alt": alt,
        "legend": legend,
    }


def context() -> dict:
    texts = {text.key: text for text in ProgrammeText.objects.all()}
    sections = []
    for key in ORDER:
        text = texts.get(key)
        title, body = (text.title, text.body) if text else FALLBACKS[key]
        if key == ProgrammeText.Key.CONTACT and not body:
            email = settings.CONTACT_EMAIL
            body = f"{settings.PROGRAMME_NAME}: [{email}](mailto:{email})"
        sections.append(
            {
                "key": key,
                "anchor": f"section-{key}",
                "title": title,
                "html": mark_safe(render_markdown(body)),
            }
        )
    return {
        "sections": sections,
        "areas": [label for _value, label in Area.choices],
        "goals": list(Goal.objects.order_by("number")),
        "certified_count": Certification.objects.filter(status=Certification.Status.ACTIVE).count(),
        "participating_count": Library.objects.participating().count(),
        "figures": figures(),
        "status_map": status_map(),
        "generated_at": timezone.localtime(),
        "PROGRAMME_NAME": settings.PROGRAMME_NAME,
        "CONTACT_EMAIL": settings.CONTACT_EMAIL,
        "SITE_URL": settings.SITE_URL,
        "document_title": "Programbeskrivelse",
    }


def build() -> RenderJob:
    data = context()
    return RenderJob(
        template_name=TEMPLATE,
        context=data,
        item_count=data["certified_count"],
        filename="verdensmaalsprogram.pdf",
    )


def programme_pdf(request):
    return documents.serve_latest(request, "programme")
