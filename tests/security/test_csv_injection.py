"""Every CSV export is inert in a spreadsheet, however the spreadsheet splits the line: no
cell starts a formula, after a comma (English Excel), a semicolon (Danish Excel), a tab, a
line break or a pipe (core.spreadsheet)."""

import csv
import io
import re

import pytest

from core.spreadsheet import CELL_SEPARATORS, FORMULA_STARTS, csv_text, safe_cell

NASTY = [
    '=HYPERLINK("http://evil.example","Klik")',
    "+45 1234",
    "-1+2",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    'Foo;=HYPERLINK("http://evil.example")',
    "Foo,=1+1",
    "Foo;  =1+1",
    'Foo;"=1+1"',
    "Foo\t+1",
    "Foo|=cmd|' /C calc'!A0",
    "Foo\n=1+1",
    "Foo;＝1+1",
    "Bibliotek; -2",
    "A;@B;=C;+D",
]


def cells_as_a_spreadsheet_would_split(line: str, separator: str) -> list[str]:
    """A naive split, as Excel does when the file's separator is not its list separator:
    quotes around a cell are dropped, spaces before it are ignored."""
    return [part.strip(' "') for part in re.split("[" + re.escape(separator) + "]", line)]


def runs_as_formula(cell: str) -> bool:
    return bool(cell) and cell[0] in FORMULA_STARTS


@pytest.mark.parametrize("value", NASTY)
@pytest.mark.parametrize("separator", list(CELL_SEPARATORS))
def test_no_cell_starts_a_formula_whatever_the_separator(value, separator):
    text = csv_text([{"name": value}], fieldnames=["name"])
    for line in text.splitlines():
        for cell in cells_as_a_spreadsheet_would_split(line, separator):
            assert not runs_as_formula(cell), (value, separator, cell)


@pytest.mark.parametrize("value", NASTY)
def test_the_text_survives_apart_from_the_apostrophes(value):
    assert safe_cell(value).replace("'", "") == value.replace("'", "")


def test_harmless_values_are_left_alone():
    for value in (
        "Ballerup Bibliotekerne",
        "Lyngby-Taarbæk",
        "2027-01-31",
        "12;13",
        "http://testserver/libraries/ballerup/",
        "VMC-2026-0042",
    ):
        assert safe_cell(value) == value
    assert safe_cell(None) == "" and safe_cell(151) == "151"


@pytest.mark.django_db
def test_a_library_named_like_a_formula_is_text_in_the_open_data_csv(client, library):
    library.name = 'Foo;=HYPERLINK("http://evil.example";"Klik")'
    library.save()
    content = client.get("/libraries.csv").content.decode()
    rows = list(csv.DictReader(io.StringIO(content)))
    assert 'Foo;\'=HYPERLINK("http://evil.example";"Klik")' in [row["name"] for row in rows]
    for separator in CELL_SEPARATORS:
        for line in content.splitlines():
            cells = cells_as_a_spreadsheet_would_split(line, separator)
            assert not any(runs_as_formula(cell) for cell in cells), (separator, line)
