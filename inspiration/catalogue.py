"""The inspiration catalogue PDF: all approved examples, grouped by area and then SDG.

`build()` is registered with core.documents (see apps.py); the worker renders it. The same
template is shown to coordinators as an HTML preview.
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from actionplans.models import Area, Goal
from core.documents import RenderJob
from core.models import ProgrammeText
from core.text import render_markdown
from inspiration import images as image_tools
from inspiration import selectors
from inspiration.models import Example

logger = logging.getLogger(__name__)

TEMPLATE = "inspiration/catalogue_pdf.html"


@dataclass
class Entry:
    example: object
    anchor: str
    body_html: str
    goals: list
    image_url: str = ""
    image_alt: str = ""


@dataclass
class GoalGroup:
    goal: Goal
    anchor: str
    entries: list = field(default_factory=list)


@dataclass
class AreaGroup:
    value: str
    label: str
    anchor: str
    goal_groups: list = field(default_factory=list)


def _print_image(example) -> tuple[str, str]:
    images = list(example.images.all())
    if not images:
        return "", ""
    first = images[0]
    try:
        name = image_tools.print_copy(first.image.name)
    except Exception:  # a broken file must not stop the whole catalogue
        logger.warning("No print copy of %s; leaving it out", first.image.name, exc_info=True)
        return "", ""
    return settings.MEDIA_URL + name, first.alt_text


def context() -> dict:
    examples = list(selectors.with_card_data(Example.objects.published()).order_by("title", "pk"))
    areas = {value: AreaGroup(value, label, f"area-{value}") for value, label in Area.choices}
    goal_groups: dict[tuple[str, int], GoalGroup] = {}
    libraries: dict[str, dict] = {}
    for example in examples:
        goals = sorted(example.goals.all(), key=lambda goal: goal.number)
        if not goals:
            continue
        image_url, image_alt = _print_image(example)
        entry = Entry(
            example=example,
            anchor=f"ex-{example.slug}",
            body_html=mark_safe(render_markdown(example.body)),
            goals=goals,
            image_url=image_url,
            image_alt=image_alt,
        )
        key = (example.area, goals[0].number)
        if key not in goal_groups:
            goal_groups[key] = GoalGroup(goals[0], f"area-{example.area}-goal-{goals[0].number}")
        goal_groups[key].entries.append(entry)
        name = example.library.display_name if example.library else _("The programme")
        libraries.setdefault(name, {"name": name, "entries": []})["entries"].append(entry)
    for (area, _number), group in sorted(goal_groups.items(), key=lambda item: item[0][1]):
        areas[area].goal_groups.append(group)
    intro = ProgrammeText.objects.filter(key=ProgrammeText.Key.CATALOGUE_INTRO).first()
    return {
        "areas": [area for area in areas.values() if area.goal_groups],
        "libraries": [libraries[name] for name in sorted(libraries, key=str.casefold)],
        "example_count": sum(len(g.entries) for g in goal_groups.values()),
        "intro_title": intro.title if intro else "",
        "intro_html": mark_safe(render_markdown(intro.body)) if intro else "",
        "generated_at": timezone.localtime(),
        "PROGRAMME_NAME": settings.PROGRAMME_NAME,
        "CONTACT_EMAIL": settings.CONTACT_EMAIL,
        "SITE_URL": settings.SITE_URL,
    }


def build() -> RenderJob:
    data = context()
    return RenderJob(
        template_name=TEMPLATE,
        context=data,
        item_count=data["example_count"],
        filename="inspirationskatalog.pdf",
    )
