"""One way to write a date per language: "30. november 2026" in Danish, "30 November 2026"
in English, set once in config/formats/ and used by every template and e-mail."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format

ROOT = Path(settings.BASE_DIR)
SKIP = {".venv", "node_modules", "tests", "staticfiles", "media", "var"}
# "c": ISO 8601; "l": the weekday's name alone, put before a named format
NAMED_FORMATS = {"DATE_FORMAT", "DATETIME_FORMAT", "YEAR_MONTH_FORMAT", "c", "l"}
DATE_FILTER = re.compile(r"""\|date:["']([^"']*)["']""")


@pytest.mark.parametrize(
    ("language", "date", "moment", "month"),
    [
        ("da", "30. november 2026", "30. november 2026 kl. 14.05", "november 2026"),
        ("en", "30 November 2026", "30 November 2026, 14:05", "November 2026"),
    ],
)
def test_dates_are_written_one_way_per_language(language, date, moment, month):
    day = datetime.date(2026, 11, 30)
    at = datetime.datetime(2026, 11, 30, 14, 5)  # naive: shown as it is
    template = Template(
        '{{ day|date }}|{{ at|date:"DATETIME_FORMAT" }}|{{ day|date:"YEAR_MONTH_FORMAT" }}'
    )
    with translation.override(language):
        assert template.render(Context({"day": day, "at": at})) == f"{date}|{moment}|{month}"
        assert date_format(day) == date


def test_templates_use_the_named_date_formats_only():
    """A format written into a template ("j. F Y") gave English pages "30. November 2026"."""
    found = []
    for path in ROOT.rglob("*"):
        if path.suffix not in {".html", ".txt"} or SKIP & set(path.relative_to(ROOT).parts):
            continue
        for fmt in DATE_FILTER.findall(path.read_text(encoding="utf-8")):
            if fmt not in NAMED_FORMATS:
                found.append(f"{path.relative_to(ROOT)}: {fmt}")
    assert not found, "Use |date (or DATETIME_FORMAT, YEAR_MONTH_FORMAT):\n" + "\n".join(found)
