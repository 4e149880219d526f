"""The badge a library puts on its own website: /libraries/<slug>/badge.svg.

While the library is certified it shows the SDG wheel in the goals' colours and the year of the
certificate; otherwise a neutral grey badge that says "expired" or "not certified". The status
comes from portal.selectors, like everywhere else, so the badge changes the moment it does.
"""

import math
from functools import cache

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from portal.selectors import PublicStatus

WIDTH, HEIGHT = 300, 80
CENTRE = (40.0, 40.0)
OUTER, INNER = 31.0, 17.0

# Official SDG colours (as in actionplans' reference data), so the badge needs no query.
SDG_COLOURS = (
    "#E5243B", "#DDA63A", "#4C9F38", "#C5192D", "#FF3A21", "#26BDE2", "#FCC30B", "#A21942",
    "#FD6925", "#DD1367", "#FD9D24", "#BF8B2E", "#3F7E44", "#0A97D9", "#56C02B", "#00689D",
    "#19486A",
)  # fmt: skip
GREY = "#8a8a8a"


@cache
def wheel_segments() -> tuple[str, ...]:
    """17 ring segments, starting at the top and going clockwise, as SVG path strings."""
    cx, cy = CENTRE
    step = 2 * math.pi / 17
    gap = 0.02
    paths = []
    for index in range(17):
        a0 = -math.pi / 2 + index * step + gap
        a1 = -math.pi / 2 + (index + 1) * step - gap

        def at(radius, angle):
            return f"{cx + radius * math.cos(angle):.2f} {cy + radius * math.sin(angle):.2f}"

        paths.append(
            f"M{at(OUTER, a0)} A{OUTER} {OUTER} 0 0 1 {at(OUTER, a1)} "
            f"L{at(INNER, a1)} A{INNER} {INNER} 0 0 0 {at(INNER, a0)}Z"
        )
    return tuple(paths)


def badge_svg(library) -> str:
    certified = library.public_status == PublicStatus.CERTIFIED
    if certified:
        year = library.cert_issued_at.year
        lines = (_("SDG certified"), _("library %(year)s") % {"year": year})
        label = _("%(library)s is an SDG-certified library (%(year)s)") % {
            "library": library.display_name,
            "year": year,
        }
        colours = SDG_COLOURS
    else:
        if library.public_status == PublicStatus.EXPIRED:
            lines = (_("SDG certification"), _("expired"))
        else:
            lines = (_("SDG certification"), _("not certified"))
        label = "%s: %s %s" % (library.display_name, *lines)  # noqa: UP031
        colours = (GREY,) * 17
    return render_to_string(
        "portal/badge.svg",
        {
            "width": WIDTH,
            "height": HEIGHT,
            "certified": certified,
            "segments": list(zip(wheel_segments(), colours, strict=True)),
            "lines": lines,
            "label": label,
        },
    )
