"""Open data (/libraries.csv, /libraries.json): one row per participating library, with the
same filters as the list."""

from core.text import absolute_url
from portal.selectors.status import attach_goals, shows_certificate

FIELDS = [
    "name",
    "municipality_code",
    "municipality",
    "region_code",
    "region",
    "status",
    "certificate_number",
    "valid_until",
    "sdgs",
    "profile_url",
]


def rows(libraries):
    """The open-data rows of libraries from `with_public_status` (two queries in all)."""
    for library in attach_goals(libraries):
        certificate = shows_certificate(library)
        yield {
            "name": library.display_name,
            "municipality_code": library.municipality.code,
            "municipality": library.municipality.name,
            "region_code": library.municipality.region.code,
            "region": library.municipality.region.name,
            "status": library.public_status,
            "certificate_number": library.cert_number if certificate else None,
            "valid_until": library.cert_valid_until.isoformat() if certificate else None,
            "sdgs": [goal.number for goal in library.public_goals],
            "profile_url": absolute_url(library.get_absolute_url()),
        }
