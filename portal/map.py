"""The map of Denmark on /libraries/: the 98 municipalities as SVG paths, drawn on the server.

The boundaries (portal/data/dk_municipalities.geojson, DAGI via SDFI, CC BY 4.0) are projected
once per process with a simple equirectangular projection (longitude scaled by cos 56°, which
keeps Denmark's shape right at its latitude). Bornholm is moved into an inset box in the
north-east corner, as Danish maps usually do, so the rest of the country can be drawn larger.
"""

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

GEOJSON = Path(__file__).resolve().parent / "data" / "dk_municipalities.geojson"
SCALE = 200  # SVG units per degree of latitude; coordinates are rounded to whole units
LON_FACTOR = math.cos(math.radians(56))
BORNHOLM = "400"
BORNHOLM_SHIFT = (-2.75, 1.55)  # degrees (lon, lat) moved into the Kattegat corner
MARGIN = 8.0


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    path: str


@dataclass(frozen=True)
class DenmarkMap:
    shapes: tuple[Shape, ...]
    width: float
    height: float
    inset: tuple[float, float, float, float] | None  # x, y, width, height of Bornholm's box

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:.0f} {self.height:.0f}"


def _polygons(geometry: dict) -> list:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return geometry["coordinates"]


def _ring_path(coords) -> str | None:
    """A closed ring as compact relative path data. Rounding to whole units (about a pixel at
    the size the map is shown) and dropping repeated points keeps the page small; rings that
    collapse to fewer than three points (tiny islets) are left out."""
    points = []
    for x, y in coords:
        p = (round(x), round(y))
        if not points or points[-1] != p:
            points.append(p)
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()
    if len(points) < 3:
        return None
    (x0, y0), out = points[0], [f"M{points[0][0]} {points[0][1]}l"]
    steps = []
    for x, y in points[1:]:
        steps.append(f"{x - x0} {y - y0}")
        x0, y0 = x, y
    return out[0] + " ".join(steps) + "z"


@cache
def denmark_map() -> DenmarkMap:
    """Parsed and projected once per process; ~100 kB of path data."""
    features = json.loads(GEOJSON.read_text(encoding="utf-8"))["features"]

    def shifted(code, lon, lat):
        if code == BORNHOLM:
            return lon + BORNHOLM_SHIFT[0], lat + BORNHOLM_SHIFT[1]
        return lon, lat

    xs, ys = [], []
    bornholm_x, bornholm_y = [], []
    for feature in features:
        code = feature["properties"]["code"]
        for polygon in _polygons(feature["geometry"]):
            for ring in polygon:
                for lon, lat in ring:
                    lon, lat = shifted(code, lon, lat)
                    x, y = lon * LON_FACTOR * SCALE, -lat * SCALE
                    xs.append(x)
                    ys.append(y)
                    if code == BORNHOLM:
                        bornholm_x.append(x)
                        bornholm_y.append(y)
    min_x, min_y = min(xs) - MARGIN, min(ys) - MARGIN

    def point(code, lon, lat):
        lon, lat = shifted(code, lon, lat)
        return lon * LON_FACTOR * SCALE - min_x, -lat * SCALE - min_y

    shapes = []
    for feature in features:
        code = feature["properties"]["code"]
        parts = []
        for polygon in _polygons(feature["geometry"]):
            for ring in polygon:
                if (
                    segment := _ring_path([point(code, lon, lat) for lon, lat in ring])
                ) is not None:
                    parts.append(segment)
        shapes.append(Shape(code=code, name=feature["properties"]["name"], path="".join(parts)))
    shapes.sort(key=lambda shape: shape.name)

    inset = None
    if bornholm_x:
        pad = 6.0
        inset = (
            min(bornholm_x) - min_x - pad,
            min(bornholm_y) - min_y - pad,
            max(bornholm_x) - min(bornholm_x) + 2 * pad,
            max(bornholm_y) - min(bornholm_y) + 2 * pad,
        )
    return DenmarkMap(
        shapes=tuple(shapes),
        width=max(xs) - min_x + MARGIN,
        height=max(ys) - min_y + MARGIN,
        inset=inset,
    )
