"""The programme description PDF (/programme.pdf): built from the programme texts and live
figures, rendered in the background through core.documents.

Certification code calls `core.documents.request_render("programme")` when the number of
certified libraries changes; coordinators' edits of programme texts should do the same.
"""

from django.conf import settings
from django.utils import timezone
from django.utils.safestring import mark_safe

from actionplans.models import Area, Goal
from certification.models import Certification
from core import documents
from core.documents import RenderJob
from core.models import ProgrammeText
from core.text import render_markdown
from libraries.models import Library

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
