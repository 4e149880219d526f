"""The inspiration catalogue PDF, whole or for a reader's selection.

`build()` (the whole catalogue, document "catalogue") and `build_selection(key)` (document
"catalogue-selection", keyed) are registered with core.documents in apps.py; the worker renders
them. A selection's key is its normalised filter plus a hash of the content it shows, so a
change to one of its examples makes a new key (and file) and unknown query parameters make none.
The same template is shown to coordinators as an HTML preview.
"""

import hashlib
import logging
from dataclasses import dataclass, field
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.core.cache import cache
from django.http import QueryDict
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from actionplans.models import Area, Goal
from core.documents import RenderJob
from core.models import ProgrammeText
from core.pdf import PRIVATE_MEDIA_PATH
from core.text import render_markdown
from inspiration import assembly, selectors
from inspiration import images as image_tools
from inspiration.filters import CatalogueFilter
from inspiration.models import Example

logger = logging.getLogger(__name__)

TEMPLATE = "inspiration/catalogue_pdf.html"
SELECTION_KIND = "catalogue-selection"
# Bump when the template changes what a selection looks like, so stored selections are redone.
LAYOUT_VERSION = "3"


@dataclass
class Entry:
    example: object
    anchor: str
    did_html: str
    learned_html: str
    body_html: str
    goals: list
    targets: list
    url: str
    qr_code: str  # data: URI of an SVG
    image: object = None  # the main ExampleImage
    image_src: str = ""


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


QR_CACHE_SECONDS = 30 * 24 * 3600


def qr_code(url: str) -> str:
    """An SVG data: URI of a QR code to `url`. Made with a fixed mask (any mask is valid; segno
    tries all eight to pick the best, which took 45 ms a code, two minutes at 3,000 examples)
    and cached, as an example's URL rarely changes."""
    key = "inspiration:qr:" + hashlib.sha256(url.encode()).hexdigest()[:32]
    found = cache.get(key)
    if found is None:
        found = segno.make(url, error="m", mask=4).svg_data_uri(scale=4, border=2, dark="#1a1a1a")
        cache.set(key, found, QR_CACHE_SECONDS)
    return found


def _print_src(image) -> str:
    """The stored print size of a published example's main image (made now if missing)."""
    if image is None:
        return ""
    try:
        image_tools.make_sizes(image.image.name)
    except Exception:  # a broken file must not stop the whole catalogue
        logger.warning("No print copy of %s; leaving it out", image.image.name, exc_info=True)
        return ""
    return PRIVATE_MEDIA_PATH + image_tools.size_name(image.image.name, "print")


def _entry(example) -> Entry:
    url = settings.SITE_URL.rstrip("/") + example.get_absolute_url()
    image = example.main_image
    return Entry(
        example=example,
        anchor=f"ex-{example.slug}",
        did_html=mark_safe(render_markdown(example.what_we_did)),
        learned_html=mark_safe(render_markdown(example.what_we_learned)),
        body_html=mark_safe(render_markdown(example.body)),
        goals=sorted(example.goals.all(), key=lambda goal: goal.number),
        targets=list(example.targets.all()),
        url=url,
        qr_code=qr_code(url),
        image=image,
        image_src=_print_src(image),
    )


def cover_image():
    """The cover photo: the one a coordinator picked while its example is published, else the
    main image of the newest featured example that has one."""
    from inspiration.models import CatalogueCover

    chosen = CatalogueCover.objects.select_related("image__example").order_by("-chosen_at").first()
    if chosen and chosen.image and chosen.image.example.status == Example.Status.APPROVED:
        return chosen.image
    example = (
        selectors.with_card_data(Example.objects.published().filter(images__isnull=False))
        .order_by("-featured", "-approved_at", "-pk")
        .first()
    )
    return example.main_image if example else None


def context(examples=None, *, selection: str = "", goal_number: int | None = None) -> dict:
    """What the template prints for `examples` (default: every published example). Each
    example stands in the section of its first SDG, or of `goal_number` (a selection by SDG)."""
    if examples is None:
        examples = Example.objects.published()
    examples = list(
        selectors.with_card_data(examples).prefetch_related("targets").order_by("title", "pk")
    )
    areas = {value: AreaGroup(value, label, f"area-{value}") for value, label in Area.choices}
    goal_groups: dict[tuple[str, int], GoalGroup] = {}
    libraries: dict[str, dict] = {}
    partners: dict[str, dict] = {}
    for example in examples:
        entry = _entry(example)
        if not entry.goals:
            continue
        first = next((g for g in entry.goals if g.number == goal_number), entry.goals[0])
        key = (example.area, first.number)
        if key not in goal_groups:
            goal_groups[key] = GoalGroup(first, f"area-{example.area}-goal-{first.number}")
        goal_groups[key].entries.append(entry)
        library = example.library
        name = library.display_name if library else _("The programme")
        place = library.municipality.name if library and library.municipality_id else ""
        libraries.setdefault(name, {"name": name, "place": place, "entries": []})["entries"].append(
            entry
        )
        for partner in example.partners or []:
            partner = str(partner).strip()
            if partner:
                partners.setdefault(partner.casefold(), {"name": partner, "entries": []})[
                    "entries"
                ].append(entry)
    for (area, _number), group in sorted(goal_groups.items(), key=lambda item: item[0][1]):
        areas[area].goal_groups.append(group)
    intro = ProgrammeText.objects.filter(key=ProgrammeText.Key.CATALOGUE_INTRO).first()
    cover = cover_image()
    return {
        "areas": [area for area in areas.values() if area.goal_groups],
        "libraries": [libraries[name] for name in sorted(libraries, key=str.casefold)],
        "partners": [partners[name] for name in sorted(partners)],
        "example_count": sum(len(g.entries) for g in goal_groups.values()),
        "selection": selection,
        "cover": cover,
        "cover_src": _print_src(cover),
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
        render=lambda output: assembly.render(data, output, cache=True),
    )


# --- Selections ------------------------------------------------------------------------------


def normalised_filters(params) -> str:
    """The known, valid filters of a query as a canonical query string ("" for none).
    Unknown parameters and invalid values are left out, so they make no new key."""
    known = QueryDict(mutable=True)
    for name in CatalogueFilter.base_filters:
        value = (params.get(name) or "").strip()
        if value:
            known[name] = value
    if not known:
        return ""
    filterset = CatalogueFilter(known, queryset=Example.objects.none())
    filterset.is_valid()
    cleaned = filterset.form.cleaned_data
    canonical = {}
    for name, value in cleaned.items():
        if value in (None, ""):
            continue
        if name == "goal":
            canonical[name] = str(value.number)
        elif name in ("tag", "library"):
            canonical[name] = value.slug
        elif name == "region":
            canonical[name] = value.code
        else:
            canonical[name] = " ".join(str(value).split()).casefold()
    return urlencode(sorted(canonical.items()))


def selected_examples(filters: str):
    """The published examples a normalised filter selects."""
    filterset = CatalogueFilter(QueryDict(filters), queryset=Example.objects.published())
    if not filterset.is_valid():
        return Example.objects.none()
    return filterset.qs


def content_hash(examples) -> str:
    """Changes when an example of the selection (or its images) changes, or the layout does."""
    rows = Example.objects.filter(pk__in=examples.values("pk")).order_by("pk")
    digest = hashlib.sha256(LAYOUT_VERSION.encode())
    for pk, updated_at in rows.values_list("pk", "updated_at"):
        digest.update(f"{pk}:{updated_at.isoformat()};".encode())
    from inspiration.models import ExampleImage

    images = ExampleImage.objects.filter(example__in=rows).order_by("pk")
    for values in images.values_list("pk", "image", "is_main", "alt_text"):
        digest.update(repr(values).encode())
    return digest.hexdigest()[:16]


def selection_key(filters: str, examples) -> str:
    return f"{filters}#{content_hash(examples)}"


def describe(filters: str) -> str:
    """The selection in words, for the cover."""
    filterset = CatalogueFilter(QueryDict(filters), queryset=Example.objects.none())
    filterset.is_valid()
    parts = []
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, ""):
            continue
        label = filterset.filters[name].label
        if name == "area":
            value = Area(value).label
        elif name == "goal":
            value = f"{value.number}. {value.name}"
        parts.append(f"{label}: {value}")
    return " · ".join(parts)


def build_selection(key: str) -> RenderJob:
    filters = key.split("#", 1)[0]
    goal = QueryDict(filters).get("goal")
    data = context(
        selected_examples(filters),
        selection=describe(filters),
        goal_number=int(goal) if goal and goal.isdigit() else None,
    )
    return RenderJob(
        template_name=TEMPLATE,
        context=data,
        item_count=data["example_count"],
        filename="inspirationskatalog-udvalg.pdf",
        render=lambda output: assembly.render(data, output),
    )
