"""What the map on /libraries/ shows: each municipality's library and status, and whether it
is among the libraries the list's filters (status, region, municipality, SDG, search) chose.
The same rows feed the country map, the capital-area map and the table alternative."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from libraries.map import capital_area_map, denmark_map
from portal import selectors
from portal.selectors import PublicStatus

NOT_MATCHING = "not_matching"
NOT_MATCHING_COLOUR = "#ffffff"  # drawn with a grey outline on the map's blue sea
NOT_MATCHING_LABEL = _("Not among the libraries you chose")


@dataclass
class MapRow:
    shape: object
    library: object | None
    status: str
    status_label: str
    matches: bool

    not_matching_label = NOT_MATCHING_LABEL

    @property
    def url(self) -> str:
        return self.library.get_absolute_url() if self.library is not None else ""

    @property
    def muted(self) -> bool:
        return not self.matches

    @property
    def colour(self) -> str:
        return PublicStatus.COLOURS[self.status] if self.matches else NOT_MATCHING_COLOUR

    @property
    def title(self) -> str:
        """The shape's title and the capital-area link's name: "Ballerup: Ballerup
        Bibliotekerne – Certificeret" (and that it is left out by the filters)."""
        text = f"{self.shape.name}: "
        if self.library is not None:
            text += f"{self.library.display_name} – "
        text += str(self.status_label)
        if not self.matches:
            text += f" ({NOT_MATCHING_LABEL})"
        return text


def map_context(*, matching_codes: set[str] | None = None) -> dict:
    """`matching_codes`: the municipality codes of the libraries the list shows, or None when
    the list is not filtered (every municipality then shows its status). One query."""
    country = denmark_map()
    by_code = selectors.status_by_municipality(shape.code for shape in country.shapes)
    rows = []
    for shape in country.shapes:
        library = by_code.get(shape.code)
        status = library.public_status if library else PublicStatus.NOT_PARTICIPATING
        rows.append(
            MapRow(
                shape=shape,
                library=library,
                status=status,
                status_label=PublicStatus.label(status),
                matches=matching_codes is None or shape.code in matching_codes,
            )
        )
    legend = [
        {"status": status, "label": PublicStatus.label(status), "colour": colour,
         "count": sum(1 for row in rows if row.matches and row.status == status)}
        for status, colour in PublicStatus.COLOURS.items()
    ]  # fmt: skip
    if matching_codes is not None:
        legend = [item for item in legend if item["count"]]
        legend.append(
            {
                "status": NOT_MATCHING,
                "label": NOT_MATCHING_LABEL,
                "colour": NOT_MATCHING_COLOUR,
                "count": sum(1 for row in rows if not row.matches),
            }
        )
    capital = capital_area_map()
    rows_by_code = {row.shape.code: row for row in rows}
    capital_rows = [
        (shape, rows_by_code[shape.code]) for shape in capital.shapes if shape.code in rows_by_code
    ]
    return {
        "map": country,
        "map_rows": rows,
        "map_legend": legend,
        "map_filtered": matching_codes is not None,
        "capital_map": capital,
        "capital_rows": capital_rows,
    }
