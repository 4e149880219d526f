"""Read queries of the theme pages: each page's data in a fixed number of queries, however many
libraries take part."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext_lazy

from inspiration.models import Example
from libraries.map import capital_area_map, denmark_map
from libraries.models import Municipality
from partners.models import Partner
from themes.models import Theme, ThemeMaterial, ThemeSignup

SIGNED_UP = "signed_up"
NOT_SIGNED_UP = "not_signed_up"
MAP_COLOURS = {SIGNED_UP: "#1a7f37", NOT_SIGNED_UP: "#ffffff"}
MAP_LABELS = {SIGNED_UP: gettext_lazy("Signed up"), NOT_SIGNED_UP: gettext_lazy("Not signed up")}


def themes_for_list(*, coordinator: bool) -> list[Theme]:
    themes = Theme.objects.all() if coordinator else Theme.objects.published()
    return list(
        themes.annotate(
            signup_count=Count("signups", filter=Q(signups__withdrawn_at__isnull=True))
        ).order_by("-starts_on", "pk")
    )


def active_signups(theme: Theme):
    """The theme's active sign-ups with library, region, contacts and local partners."""
    return (
        ThemeSignup.objects.active()
        .filter(theme=theme)
        .select_related("library__municipality__region", "contact", "second_contact", "report")
        .prefetch_related(Prefetch("local_partners", queryset=Partner.objects.order_by("name")))
        .order_by("library__municipality__name", "library__name", "pk")
    )


@dataclass
class MapRow:
    shape: object
    library: object | None
    status: str

    @property
    def muted(self) -> bool:
        """Not signed up: white with a grey outline, as on the library map."""
        return self.status == NOT_SIGNED_UP

    @property
    def colour(self) -> str:
        return MAP_COLOURS[self.status]

    @property
    def status_label(self) -> str:
        return str(MAP_LABELS[self.status])

    @property
    def url(self) -> str:
        return self.library.get_absolute_url() if self.library is not None else ""

    @property
    def title(self) -> str:
        if self.library is not None:
            return f"{self.shape.name}: {self.library.display_name} – {self.status_label}"
        return f"{self.shape.name}: {self.status_label}"


def map_context(signups: list[ThemeSignup]) -> dict:
    """The country map coloured by signed up or not, with its table alternative (no query)."""
    by_code = {}
    for signup in signups:
        by_code.setdefault(signup.library.municipality.code, signup.library)
    country = denmark_map()
    rows = [
        MapRow(
            shape, by_code.get(shape.code), SIGNED_UP if shape.code in by_code else NOT_SIGNED_UP
        )
        for shape in country.shapes
    ]
    rows_by_code = {row.shape.code: row for row in rows}
    capital = capital_area_map()
    legend = [
        {
            "label": MAP_LABELS[status],
            "colour": colour,
            "count": sum(1 for row in rows if row.status == status),
        }
        for status, colour in MAP_COLOURS.items()
    ]
    return {
        "map": country,
        "map_rows": rows,
        "map_legend": legend,
        "capital_map": capital,
        "capital_rows": [
            (shape, rows_by_code[shape.code])
            for shape in capital.shapes
            if shape.code in rows_by_code
        ],
    }


def participation(signups: list[ThemeSignup]) -> dict:
    """How many libraries and municipalities take part, and the share of all municipalities."""
    total = Municipality.objects.count()
    municipalities = {signup.library.municipality_id for signup in signups}
    return {
        "library_count": len({signup.library_id for signup in signups}),
        "municipality_count": len(municipalities),
        "municipality_total": total,
        "municipality_percent": round(100 * len(municipalities) / total) if total else 0,
    }


def materials_for(theme: Theme, *, members: bool) -> list[ThemeMaterial]:
    materials = ThemeMaterial.objects.filter(theme=theme).order_by("title", "pk")
    if not members:
        materials = materials.filter(visibility=ThemeMaterial.Visibility.PUBLIC)
    return list(materials)


def idea_list(theme: Theme, limit: int = 6) -> list[Example]:
    """Approved examples of the inspiration catalogue that share one of the theme's SDGs."""
    goal_ids = [goal.pk for goal in theme.goals.all()]
    if not goal_ids:
        return []
    return list(
        Example.objects.published()
        .filter(goals__in=goal_ids)
        .distinct()
        .select_related("library__municipality")
        .order_by("-approved_at", "-pk")[:limit]
    )


def _person(user) -> str:
    return (user.name or user.email) if user is not None else ""


def signup_table(theme: Theme, *, region_code: str = "") -> list[dict]:
    """The coordinators' table (and CSV) of sign-ups, optionally of one region."""
    signups = active_signups(theme)
    if region_code:
        signups = signups.filter(library__municipality__region__code=region_code)
    rows = []
    for signup in signups:
        rows.append(
            {
                "signup": signup,
                "library": signup.library.display_name,
                "municipality": signup.library.municipality.name,
                "region": signup.library.municipality.region.name,
                "contact": _person(signup.contact),
                "contact_email": signup.contact.email if signup.contact else "",
                "second_contact": _person(signup.second_contact),
                "local_partners": ", ".join(p.name for p in signup.local_partners.all()),
                "signed_up_at": signup.signed_up_at,
                "note": signup.note,
            }
        )
    return rows


def themes_of_library(library) -> list[Theme]:
    """The published themes `library` is signed up for (the library's profile)."""
    return list(
        Theme.objects.published()
        .filter(signups__library=library, signups__withdrawn_at__isnull=True)
        .order_by("-starts_on", "pk")
    )
