"""Loading the reference data shipped in libraries/data/ (regions, municipalities, libraries).

Used by the data migration; idempotent, so it can run again to pick up corrected CSVs.
"""

import csv
from pathlib import Path

from core.text import danish_slugify

DATA_DIR = Path(__file__).resolve().parent / "data"


def _rows(name: str):
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def load(Region, Municipality, Library):
    regions = {}
    for row in _rows("dk_municipalities.csv"):
        region = regions.get(row["region_code"])
        if region is None:
            region, _ = Region.objects.update_or_create(
                code=row["region_code"], defaults={"name": row["region_name"]}
            )
            regions[row["region_code"]] = region
        Municipality.objects.update_or_create(
            code=row["code"].zfill(3), defaults={"name": row["name"], "region": region}
        )
    municipalities = {m.code: m for m in Municipality.objects.all()}
    for row in _rows("dk_libraries.csv"):
        municipality = municipalities[row["municipality_code"].zfill(3)]
        defaults = {
            "municipality": municipality,
            "agency_number": row["agency_id"],
            "isil": row["isil"],
            "website": row["website"],
        }
        if row["library_name"]:
            defaults["name"] = row["library_name"]
        for field in ("main_address", "postal_code", "city", "lat", "lon"):
            if row[field]:
                target = {"main_address": "address", "postal_code": "postcode"}.get(field, field)
                defaults[target] = row[field]
        library = Library.objects.filter(municipality=municipality).first()
        if library is None:
            Library.objects.create(slug=danish_slugify(municipality.name), **defaults)
        else:
            # Never overwrite what a lead has edited since; only fill in blanks.
            for field, value in defaults.items():
                if not getattr(library, field):
                    setattr(library, field, value)
            library.save()
