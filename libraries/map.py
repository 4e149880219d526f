"""The map of Denmark (on /libraries/ and each theme page): the 98 municipalities as SVG paths,
drawn on the server.

The boundaries (libraries/data/dk_municipalities.geojson, DAGI via SDFI, CC BY 4.0) are projected
once per process with a simple equirectangular projection (longitude scaled by cos 56°, which
keeps Denmark's shape right at its latitude). Bornholm is moved into an inset box in the
north-east corner, as Danish maps usually do, so the rest of the country can be drawn larger.
The municipalities around Copenhagen are a few pixels wide at that scale, so the capital area
is also drawn on its own, magnified (`capital_area_map`).

Every number that goes into the SVG is formatted here, as text: a template would localise a
float ("433,4" in Danish), which is not an SVG number, and the shape would not be drawn.
"""

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

GEOJSON = Path(__file__).resolve().parent / "data" / "dk_municipalities.geojson"
SCALE = 200  # SVG units per degree of latitude; coordinates are rounded to whole units
LON_FACTOR = math.cos(math.radians(56))
BORNHOLM = "400"
BORNHOLM_SHIFT = (-2.75, 1.55)  # degrees (lon, lat) moved into the Kattegat corner
MARGIN = 8.0

# The capital area: Copenhagen, Frederiksberg and the municipalities around them, from Greve
# and Ishøj in the south-west to Hørsholm in the north (degrees: west, south, east, north).
CAPITAL_AREA = (12.15, 55.54, 12.72, 55.91)
CAPITAL_SCALE = 1200  # six times the country map's scale


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
    capital: tuple[float, float, float, float]  # where the magnified capital area is

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:.0f} {self.height:.0f}"

    @property
    def capital_box(self) -> dict[str, str]:
        return _svg_box(self.capital)

    @property
    def inset_box(self) -> dict[str, str] | None:
        """Bornholm's box as SVG attribute values (text with a decimal point in any language)."""
        return _svg_box(self.inset) if self.inset is not None else None


def _svg_box(box: tuple[float, float, float, float]) -> dict[str, str]:
    """A rectangle's x, y, width and height as SVG attribute values (text, decimal point)."""
    return dict(zip(("x", "y", "width", "height"), (f"{value:.1f}" for value in box), strict=True))


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
def _features() -> list:
    return json.loads(GEOJSON.read_text(encoding="utf-8"))["features"]


def _shapes(features, point: Callable) -> tuple[Shape, ...]:
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
        if parts:
            shapes.append(Shape(code=code, name=feature["properties"]["name"], path="".join(parts)))
    shapes.sort(key=lambda shape: shape.name)
    return tuple(shapes)


@cache
def denmark_map() -> DenmarkMap:
    """Parsed and projected once per process; ~100 kB of path data."""
    features = _features()

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

    inset = None
    if bornholm_x:
        pad = 6.0
        inset = (
            min(bornholm_x) - min_x - pad,
            min(bornholm_y) - min_y - pad,
            max(bornholm_x) - min(bornholm_x) + 2 * pad,
            max(bornholm_y) - min(bornholm_y) + 2 * pad,
        )
    west, south, east, north = CAPITAL_AREA
    (left, top), (right, bottom) = point("", west, north), point("", east, south)
    return DenmarkMap(
        shapes=_shapes(features, point),
        width=max(xs) - min_x + MARGIN,
        height=max(ys) - min_y + MARGIN,
        inset=inset,
        capital=(left, top, right - left, bottom - top),
    )


def _bounds(feature) -> tuple[float, float, float, float]:
    lons, lats = [], []
    for polygon in _polygons(feature["geometry"]):
        for lon, lat in polygon[0]:
            lons.append(lon)
            lats.append(lat)
    return min(lons), min(lats), max(lons), max(lats)


def _centre_in(bounds, area) -> bool:
    west, south, east, north = bounds
    lon, lat = (west + east) / 2, (south + north) / 2
    return area[0] <= lon <= area[2] and area[1] <= lat <= area[3]


def _overlaps(bounds, area) -> bool:
    west, south, east, north = bounds
    return west < area[2] and east > area[0] and south < area[3] and north > area[1]


@dataclass(frozen=True)
class AreaMap:
    """A magnified part of the country. `shapes` are the municipalities in it (by their
    centre); `edge_shapes` are neighbours that reach into the frame, drawn for context."""

    shapes: tuple[Shape, ...]
    edge_shapes: tuple[Shape, ...]
    width: float
    height: float

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:.0f} {self.height:.0f}"


@cache
def capital_area_map() -> AreaMap:
    """The capital area (CAPITAL_AREA) at six times the scale; the SVG's frame clips the
    neighbours at its edge."""
    west, south, east, north = CAPITAL_AREA
    origin_x, origin_y = west * LON_FACTOR * CAPITAL_SCALE, -north * CAPITAL_SCALE

    def point(code, lon, lat):
        return lon * LON_FACTOR * CAPITAL_SCALE - origin_x, -lat * CAPITAL_SCALE - origin_y

    inside, edge = [], []
    for feature in _features():
        bounds = _bounds(feature)
        if _centre_in(bounds, CAPITAL_AREA):
            inside.append(feature)
        elif _overlaps(bounds, CAPITAL_AREA):
            edge.append(feature)
    return AreaMap(
        shapes=_shapes(inside, point),
        edge_shapes=_shapes(edge, point),
        width=(east - west) * LON_FACTOR * CAPITAL_SCALE,
        height=(north - south) * CAPITAL_SCALE,
    )
