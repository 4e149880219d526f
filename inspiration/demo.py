"""This app's part of `manage.py seed_demo` (idempotent: running it again changes nothing).

`context.examples` approved examples across all three areas and all 17 SDGs, built from the
topics in data/example_topics.csv (ideas the programme's libraries have written about), a few
drafts, submitted and rejected ones, tags, some pictures; then both PDFs are queued for render.
"""

import csv
import datetime
import io
from pathlib import Path

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from actionplans.models import Area, Goal, Target
from core.demo import DemoContext
from core.documents import request_render
from core.fonts import pillow_font
from core.models import ProgrammeText
from core.public_cache import public_data_changed
from core.text import danish_slugify
from inspiration.images import make_sizes
from inspiration.models import Example, ExampleImage, Tag

TOPICS = Path(__file__).parent / "data" / "example_topics.csv"
AREA_DA = {
    Area.ORGANISATION: "organisationen",
    Area.OPERATIONS: "driften",
    Area.CITIZENS: "det borgervendte arbejde",
}
TAG_RULES = [
    ("byttemarked", ("byttemarked",)),
    ("borgermøde", ("borgermøde",)),
    ("debat", ("debat", "borgermøde")),
    ("genbrug", ("genbrug", "byttemarked", "stofposer", "muleposer", "print")),
    ("skolesamarbejde", ("skole",)),
    ("affald", ("affald", "plastik")),
    ("kompetencer", ("læringscirkler", "temaoplæg", "dogmer")),
    ("natur", ("natur", "gro selv")),
]
PARTNERS_DA = {
    "local associations": "Lokale foreninger",
    "green ngos": "Grønne organisationer",
    "experts": "Fagfolk",
    "schools": "Skoler",
    "other libraries across municipalities": "Andre biblioteker på tværs af kommuner",
}
CONTACTS = ["Mette Hansen", "Jonas Nielsen", "Sara Østergaard", "Peter Bæk", "Aisha Khan"]
INTRO_BODY = (
    "Bibliotekerne i verdensmålscertificeringen deler det, der virker. Her er deres gode "
    "eksempler: aktiviteter for borgerne, ændringer i bibliotekernes egen drift og måder at "
    "forankre verdensmålene i organisationen på.\n\n"
    "Alle eksempler er godkendt af programmets koordinatorer. Brug idéerne frit, og kontakt "
    "biblioteket bag et eksempel, hvis du vil vide mere."
)


def _topics() -> list[dict]:
    with TOPICS.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _texts(topic: dict, library_name: str, partners: list[str]) -> tuple[str, str]:
    """What the library did and what it learned, written for the demo from the topic."""
    name = topic["topic_da"]
    area = AREA_DA[topic["area"]]
    did = [
        f"{library_name} har gjort **{name.lower()}** til en fast del af arbejdet med "
        f"verdensmålene i {area}.",
        "",
        "- Vi startede i det små og prøvede idéen af over en måned.",
        "- Medarbejderne fik en kort introduktion på et personalemøde.",
        "- Vi fortalte om det på bibliotekets hjemmeside og på opslagstavlen.",
    ]
    if partners:
        did.append(f"- Vi samarbejdede med {', '.join(partners).lower()}.")
    learned = (
        "Det er vigtigt at gøre det let at være med og at vise resultaterne. Borgere og "
        "kolleger spurgte selv efter mere, da de så, at det virkede.\n\n"
        "Vores råd: Sæt en dato for, hvornår I ser på resultaterne sammen."
    )
    return "\n".join(did), learned


# The target each of the topics' SDGs is most about in a library's work.
TARGETS_BY_GOAL = {
    2: "2.4",
    3: "3.4",
    4: "4.7",
    6: "6.4",
    10: "10.2",
    11: "11.4",
    12: "12.5",
    13: "13.3",
    15: "15.5",
    16: "16.10",
    17: "17.17",
}


def _tags_for(topic_name: str) -> list[Tag]:
    lowered = topic_name.lower()
    names = [tag for tag, words in TAG_RULES if any(word in lowered for word in words)]
    return [
        Tag.objects.get_or_create(slug=danish_slugify(name), defaults={"name": name})[0]
        for name in names
    ]


def _wrap(text: str, font, *, width: int, max_lines: int = 2) -> str:
    """The title in at most `max_lines` lines that fit `width` pixels (cut with "…")."""
    lines, words = [], text.split()
    while words and len(lines) < max_lines:
        line = words.pop(0)
        while words and font.getlength(f"{line} {words[0]}") <= width:
            line = f"{line} {words.pop(0)}"
        lines.append(line)
    if words:
        while lines[-1] and font.getlength(lines[-1] + " …") > width:
            lines[-1] = lines[-1].rsplit(" ", 1)[0] if " " in lines[-1] else lines[-1][:-1]
        lines[-1] += " …"
    return "\n".join(lines)


ILLUSTRATION_LABEL = "Illustration (demodata)"


def _picture(goal: Goal, title: str) -> ContentFile:
    """A simple illustration in the goal's colour (demo pictures are made, not downloaded)."""
    image = Image.new("RGB", (1200, 800), goal.colour)
    draw = ImageDraw.Draw(image)
    for step in range(0, 1200, 80):
        draw.ellipse((step - 40, 560, step + 120, 720), fill=goal.text_colour)
    draw.rectangle((60, 60, 1140, 300), fill="#ffffff")
    font = pillow_font(56, "bold")
    draw.multiline_text(
        (90, 90), _wrap(title, font, width=1020), fill="#1a1a1a", font=font, spacing=12
    )
    # Said in the picture itself: nobody should take a drawn demo picture for a real photo.
    label_font = pillow_font(30, "bold")
    draw.rectangle((60, 736, 90 + label_font.getlength(ILLUSTRATION_LABEL), 786), fill="#1a1a1a")
    draw.text((75, 742), ILLUSTRATION_LABEL, fill="#ffffff", font=label_font)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return ContentFile(buffer.getvalue(), name=f"demo-{danish_slugify(title)[:40]}.jpg")


def seed(context: DemoContext) -> None:
    if not context.libraries:
        return
    goals = Goal.objects.by_number()
    ProgrammeText.objects.get_or_create(
        key=ProgrammeText.Key.CATALOGUE_INTRO,
        defaults={
            "title_da": "Om inspirationskataloget",
            "title_en": "About the inspiration catalogue",
            "body_da": INTRO_BODY,
        },
    )
    topics = _topics()
    by_slug = {library.slug: library for library in context.libraries}
    now = timezone.now()
    created = 0
    for index in range(context.examples):
        topic = topics[index % len(topics)]
        round_number = index // len(topics)
        named = (topic["library"] or "").lower()
        if named and named in by_slug and round_number == 0:
            library = by_slug[named]
        else:
            library = context.libraries[(index + round_number) % len(context.libraries)]
        title = topic["topic_da"]
        if round_number:
            title = f"{title} i {library.municipality.name}"
            if round_number >= len(context.libraries):
                title += f" ({round_number + 1})"
        slug = danish_slugify(title)[:200]
        if Example.objects.filter(slug=slug).exists():
            continue
        partners = [
            PARTNERS_DA.get(p.strip().lower(), p.strip())
            for p in topic["partners"].split(";")
            if p.strip()
        ]
        topic_goals = {int(n) for n in topic["goals"].split(";")}
        goal_numbers = topic_goals | {index % 17 + 1}  # every SDG has examples
        contact = CONTACTS[index % len(CONTACTS)]
        did, learned = _texts(topic, library.display_name, partners)
        example = Example.objects.create(
            title=title,
            slug=slug,
            summary=(
                f"{topic['topic_da']}: sådan arbejder {library.display_name} med verdensmålene "
                f"i {AREA_DA[topic['area']]}."
            ),
            what_we_did=did,
            what_we_learned=learned,
            library=library,
            area=topic["area"],
            partners=partners,
            contact_name=contact,
            contact_email=f"{danish_slugify(contact).replace('-', '.')}@{library.slug}.example.org",
            show_contact=index % 3 != 0,
            status=Example.Status.APPROVED,
            featured=index < 3,
            created_by=context.staff.get(library.slug),
            submitted_at=now - datetime.timedelta(days=3 * index + 2),
            approved_by=context.coordinator,
            approved_at=now - datetime.timedelta(days=3 * index),
        )
        example.goals.set([goals[n] for n in sorted(goal_numbers)])
        example.targets.set(
            Target.objects.filter(
                code__in=[TARGETS_BY_GOAL[n] for n in sorted(topic_goals) if n in TARGETS_BY_GOAL]
            )
        )
        example.tags.set(_tags_for(topic["topic_da"]))
        if index % 5 != 4:  # most examples have a picture, some show how one without looks
            first_goal = goals[min(goal_numbers)]
            image = ExampleImage.objects.create(
                example=example,
                image=_picture(first_goal, title),
                alt_text=f"Illustration i farven for verdensmål {first_goal.number}: {title}",
                caption=f"Illustration: {title}",
                credit="Tegnet af Verdensmålsportalen (demodata, ikke et foto)",
                is_main=True,
            )
            make_sizes(image.image.name)
        created += 1
    _seed_work_in_progress(context, goals)
    context.say(f"Inspiration: {created} approved examples added.")
    public_data_changed()
    request_render("catalogue")
    request_render("programme")


def _seed_work_in_progress(context: DemoContext, goals: dict) -> None:
    """Drafts, submitted and rejected examples, so the dashboard and review queue show them."""
    library = context.libraries[0]
    author = context.staff.get(library.slug)
    now = timezone.now()
    examples = [
        ("Repair café i biblioteket", Example.Status.SUBMITTED, Area.CITIZENS, [12, 13], ""),
        ("Grøn kantineaftale", Example.Status.SUBMITTED, Area.OPERATIONS, [2, 12], ""),
        ("Klimaquiz for skoleklasser", Example.Status.DRAFT, Area.CITIZENS, [4, 13], ""),
        (
            "Solceller på taget",
            Example.Status.REJECTED,
            Area.OPERATIONS,
            [7],
            "Beskriv gerne, hvad biblioteket selv gjorde, og hvad det har betydet.",
        ),
    ]
    for title, status, area, numbers, reason in examples:
        slug = danish_slugify(title)
        if Example.objects.filter(slug=slug).exists():
            continue
        example = Example.objects.create(
            title=title,
            slug=slug,
            summary=f"{title}: et nyt tiltag, vi gerne vil dele med de andre biblioteker.",
            what_we_did=(
                "Vi er i gang og deler gerne vores erfaringer.\n\n- Første skridt\n- Næste skridt"
            ),
            library=library,
            area=area,
            status=status,
            created_by=author,
            submitted_at=now if status != Example.Status.DRAFT else None,
            rejected_reason=reason,
        )
        example.goals.set([goals[n] for n in numbers])
