"""What came of a theme: the figures of its impact report, as PDF (rendered by the worker,
registered with core.documents as IMPACT_REPORT keyed by the theme's slug), CSV and JSON.
All three read `figures(theme)`, so they always agree."""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from actionplans.models import Goal
from core.documents import RenderJob
from partners.models import Partner
from themes.hooks import theme_events
from themes.models import Theme, ThemeSignup
from themes.periods import period_label

TEMPLATE = "themes/impact_pdf.html"
CHART_LABEL_WIDTH = 220
CHART_BAR_AREA = 300
CHART_ROW = 26
CHART_BAR = 18


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    text_y: int
    width: int
    value_x: int


def bar_chart(items: list[tuple[str, int]]) -> dict:
    """SVG geometry for a horizontal bar chart (numbers as text, never localised)."""
    top = max((value for _label, value in items), default=0) or 1
    bars = []
    for index, (label, value) in enumerate(items):
        y = 4 + index * CHART_ROW
        width = round(CHART_BAR_AREA * value / top)
        bars.append(Bar(label, value, y, y + CHART_BAR - 4, width, CHART_LABEL_WIDTH + width + 6))
    return {
        "bars": bars,
        "width": CHART_LABEL_WIDTH + CHART_BAR_AREA + 60,
        "height": 8 + CHART_ROW * len(bars),
        "label_x": CHART_LABEL_WIDTH - 8,
        "bar_x": CHART_LABEL_WIDTH,
        "bar_height": CHART_BAR,
    }


def _signups(theme: Theme) -> list[ThemeSignup]:
    return list(
        ThemeSignup.objects.active()
        .filter(theme=theme)
        .select_related("library__municipality__region", "report")
        .prefetch_related(
            "local_partners",
            Prefetch("report__partners", queryset=Partner.objects.order_by("name")),
            "report__goals",
        )
        .order_by("library__municipality__name", "library__name", "pk")
    )


def _report(signup):
    try:
        return signup.report
    except ThemeSignup.report.RelatedObjectDoesNotExist:
        return None


def figures(theme: Theme) -> dict:
    """Totals; per region, SDG and kind of partner; libraries, partners and quotes."""
    signups = _signups(theme)
    events_by_library = defaultdict(lambda: {"events": 0, "participants": 0})
    for event in theme_events(theme):
        if event.cancelled or event.library_id is None:
            continue
        events_by_library[event.library_id]["events"] += 1
        events_by_library[event.library_id]["participants"] += event.participants or 0
    regions = defaultdict(lambda: {"libraries": 0, "reported": 0, "participants": 0})
    goals = {goal.number: goal for goal in Goal.objects.all()}
    per_goal = defaultdict(lambda: {"libraries": 0, "participants": 0})
    partners: dict[int, Partner] = {p.pk: p for p in theme.national_partners.all()}
    libraries, quotes = [], []
    participants_total = reported = 0
    for signup in signups:
        library = signup.library
        report = _report(signup)
        region = regions[library.municipality.region.name]
        region["libraries"] += 1
        events = events_by_library.get(library.pk, {"events": 0, "participants": 0})
        row = {
            "library": library.display_name,
            "municipality": library.municipality.name,
            "region": library.municipality.region.name,
            "reported": report is not None,
            "participants": report.participants if report else 0,
            "events": events["events"],
            "event_participants": events["participants"],
            "partners": [],
        }
        for partner in signup.local_partners.all():
            partners.setdefault(partner.pk, partner)
        if report is not None:
            reported += 1
            participants_total += report.participants
            region["reported"] += 1
            region["participants"] += report.participants
            for partner in report.partners.all():
                partners.setdefault(partner.pk, partner)
            for goal in report.goals.all():
                per_goal[goal.number]["libraries"] += 1
                per_goal[goal.number]["participants"] += report.participants
            if report.what_worked.strip():
                quotes.append({"library": library.display_name, "text": report.what_worked})
        local = {p.pk: p for p in signup.local_partners.all()}
        if report is not None:
            local.update({p.pk: p for p in report.partners.all()})
        row["partners"] = sorted(p.name for p in local.values())
        libraries.append(row)
    kinds = Counter(partner.kind for partner in partners.values())
    kind_labels = dict(Partner.Kind.choices)
    return {
        "theme": {
            "title": theme.title,
            "number": theme.number,
            "slug": theme.slug,
            "starts_on": theme.starts_on.isoformat(),
            "ends_on": theme.ends_on.isoformat(),
        },
        "totals": {
            "libraries": len(signups),
            "municipalities": len({s.library.municipality_id for s in signups}),
            "reported": reported,
            "participants": participants_total,
            "events": sum(v["events"] for v in events_by_library.values()),
            "event_participants": sum(v["participants"] for v in events_by_library.values()),
            "partners": len(partners),
        },
        "regions": [{"region": name, **values} for name, values in sorted(regions.items())],
        "goals": [
            {
                "number": number,
                "name": goals[number].name,
                "colour": goals[number].colour,
                **per_goal[number],
            }
            for number in sorted(per_goal)
        ],
        "partner_kinds": [
            {"kind": kind, "label": str(kind_labels[kind]), "partners": count}
            for kind, count in sorted(kinds.items())
        ],
        "libraries": libraries,
        "partners": [
            {"name": p.name, "kind": str(kind_labels[p.kind]), "scope": p.scope}
            for p in sorted(partners.values(), key=lambda p: p.name.casefold())
        ],
        "quotes": quotes,
    }


def csv_rows(data: dict) -> list[dict]:
    """The same figures as one table: section, label and the numbers."""
    rows = [
        {"section": "total", "label": name, "value": value}
        for name, value in data["totals"].items()
    ]
    for region in data["regions"]:
        for name in ("libraries", "reported", "participants"):
            rows.append(
                {
                    "section": "region",
                    "label": region["region"],
                    "measure": name,
                    "value": region[name],
                }
            )
    for goal in data["goals"]:
        for name in ("libraries", "participants"):
            rows.append(
                {
                    "section": "sdg",
                    "label": f"{goal['number']}. {goal['name']}",
                    "measure": name,
                    "value": goal[name],
                }
            )
    for kind in data["partner_kinds"]:
        rows.append(
            {
                "section": "partner_kind",
                "label": kind["label"],
                "measure": "partners",
                "value": kind["partners"],
            }
        )
    for library in data["libraries"]:
        rows.append(
            {
                "section": "library",
                "label": library["library"],
                "measure": "participants",
                "value": library["participants"],
            }
        )
    return rows


CSV_FIELDS = ["section", "label", "measure", "value"]


def context(theme: Theme) -> dict:
    data = figures(theme)
    return {
        "theme": theme,
        "period": period_label(theme.starts_on, theme.ends_on),
        "figures": data,
        "region_chart": bar_chart([(r["region"], r["participants"]) for r in data["regions"]]),
        "goal_chart": bar_chart(
            [(f"{g['number']}. {g['name']}", g["participants"]) for g in data["goals"]]
        ),
        "generated_at": timezone.localtime(),
        "PROGRAMME_NAME": settings.PROGRAMME_NAME,
        "SITE_URL": settings.SITE_URL,
    }


def build(key: str) -> RenderJob:
    theme = Theme.objects.published().get(slug=key)
    data = context(theme)
    return RenderJob(
        template_name=TEMPLATE,
        context=data,
        item_count=data["figures"]["totals"]["reported"],
        filename=f"{theme.slug}-resultater.pdf",
    )
