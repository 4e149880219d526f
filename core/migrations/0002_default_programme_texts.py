"""Default programme texts (Danish and English) for every ProgrammeText.Key.

Coordinators edit them in the admin; this migration only creates texts that are missing, so it
never overwrites an edited text. The bodies are Markdown without headings (the pages give each
text its own heading from the title).
"""

from django.db import migrations

TEXTS = {
    "intro": {
        "title_da": "Verdensmålscertificering af biblioteker",
        "title_en": "The SDG certification of Danish libraries",
        "body_da": (
            "Danske folkebiblioteker arbejder med FN's 17 verdensmål for bæredygtig udvikling "
            "– i deres egen organisation, i den daglige drift og sammen med borgerne. "
            "Verdensmålscertificeringen giver arbejdet en fast ramme: biblioteket lægger en "
            "treårig handleplan, får den godkendt og viser hvert år, hvad der er sket.\n\n"
            "Her kan du se, hvilke biblioteker der er med, hvilke der er certificeret, og hvad "
            "de hver især gør. Og du kan hente inspiration fra andre bibliotekers erfaringer."
        ),
        "body_en": (
            "Danish public libraries work with the UN's 17 Sustainable Development Goals – in "
            "their own organisation, in their day-to-day operations and together with citizens. "
            "The SDG certification gives that work a clear frame: the library writes a "
            "three-year action plan, has it approved and shows every year what has happened.\n\n"
            "Here you can see which libraries take part, which are certified and what each of "
            "them does, and find inspiration in other libraries' experience."
        ),
    },
    "how_to_join": {
        "title_da": "Sådan kommer jeres bibliotek med",
        "title_en": "How your library joins",
        "body_da": (
            "1. Opret en bruger på portalen med din arbejdsmail.\n"
            "2. Find dit bibliotek og bed om at blive tilknyttet. Programmets koordinatorer "
            "godkender bibliotekets første verdensmålskoordinator.\n"
            "3. Skriv jeres handleplan sammen med kollegerne og send den til godkendelse.\n\n"
            "Det koster ikke noget at være med, og I kan altid spørge koordinatorerne til råds "
            "undervejs."
        ),
        "body_en": (
            "1. Create an account on the portal with your work e-mail address.\n"
            "2. Find your library and ask to join it. The programme's coordinators approve the "
            "library's first SDG coordinator.\n"
            "3. Write your action plan together with your colleagues and submit it for "
            "approval.\n\n"
            "Taking part is free, and you can ask the coordinators for advice along the way."
        ),
    },
    "areas": {
        "title_da": "De tre områder",
        "title_en": "The three areas",
        "body_da": (
            "Hver handleplan dækker tre områder:\n\n"
            "- **Organisation:** verdensmålene er forankret i ledelsen, medarbejderne får "
            "kompetencer, og biblioteket har fælles principper (dogmer) for arbejdet.\n"
            "- **Drift:** bibliotekets eget aftryk – affald, energi, indkøb, transport og "
            "arrangementer.\n"
            "- **Borgervendt:** aktiviteter, formidling og samarbejde med borgere, skoler, "
            "foreninger og lokale partnere."
        ),
        "body_en": (
            "Every action plan covers three areas:\n\n"
            "- **Organisation:** the SDGs are anchored in management, staff build competence, "
            "and the library has shared principles for the work.\n"
            "- **Operations:** the library's own footprint – waste, energy, purchasing, "
            "transport and events.\n"
            "- **Citizen-facing work:** activities, communication and work with citizens, "
            "schools, associations and local partners."
        ),
    },
    "steps": {
        "title_da": "Vejen til certificering",
        "title_en": "The steps to certification",
        "body_da": (
            "1. **Handleplan:** biblioteket beskriver sin vision, sine principper og sine "
            "indsatser for de næste tre år, hver indsats koblet til et eller flere verdensmål.\n"
            "2. **Godkendelse:** en koordinator læser planen, kommenterer og godkender den. "
            "Biblioteket får et certifikat med et offentligt certifikatnummer.\n"
            "3. **Årlig afrapportering:** hvert år fortæller biblioteket, hvordan det går med "
            "indsatserne. En godkendt rapport forlænger certificeringen.\n"
            "4. **Ny plan:** efter tre år skriver biblioteket en ny plan med udgangspunkt i den "
            "gamle."
        ),
        "body_en": (
            "1. **Action plan:** the library describes its vision, its principles and its "
            "initiatives for the next three years, each linked to one or more SDGs.\n"
            "2. **Approval:** a coordinator reads the plan, comments on it and approves it. The "
            "library receives a certificate with a public certificate number.\n"
            "3. **Yearly report:** every year the library reports how its initiatives are "
            "going. An accepted report extends the certification.\n"
            "4. **New plan:** after three years the library writes a new plan, starting from "
            "the old one."
        ),
    },
    "contact": {
        "title_da": "Kontakt",
        "title_en": "Contact",
        "body_da": (
            "Verdensmålscertificeringen drives af Chora 2030 i biblioteksnetværket DB2030. "
            "Skriv til programmets koordinatorer på verdensmaal@example.org, hvis du har "
            "spørgsmål til certificeringen eller til portalen."
        ),
        "body_en": (
            "The SDG certification is run by Chora 2030 in the DB2030 library network. Write "
            "to the programme's coordinators at verdensmaal@example.org with any question "
            "about the certification or the portal."
        ),
    },
    "catalogue_intro": {
        "title_da": "Inspirationskatalog",
        "title_en": "Inspiration catalogue",
        "body_da": (
            "Bibliotekerne lærer af hinanden. I kataloget finder du eksempler på, hvordan "
            "danske biblioteker arbejder med verdensmålene – fra byttemarkeder og "
            "reparationscaféer til klimavenlig drift og samarbejde med skoler og foreninger. "
            "Hvert eksempel fortæller, hvad biblioteket gjorde, hvem de samarbejdede med, og "
            "hvem du kan kontakte for at høre mere."
        ),
        "body_en": (
            "Libraries learn from each other. This catalogue collects examples of how Danish "
            "libraries work with the SDGs – from swap markets and repair cafés to climate-"
            "friendly operations and work with schools and associations. Each example tells "
            "what the library did, who it worked with, and whom to contact to learn more."
        ),
    },
}


def create_texts(apps, schema_editor):
    ProgrammeText = apps.get_model("core", "ProgrammeText")
    for key, fields in TEXTS.items():
        ProgrammeText.objects.get_or_create(key=key, defaults=fields)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(create_texts, migrations.RunPython.noop)]
