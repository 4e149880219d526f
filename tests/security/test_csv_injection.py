"""The open-data CSV never hands a spreadsheet a formula from user text (CSV injection)."""

import csv
import io

import pytest

from portal.views import csv_cell

pytestmark = pytest.mark.django_db


def test_it_neutralises_cells_that_start_like_a_formula():
    assert csv_cell('=HYPERLINK("http://evil.example","x")').startswith("'=")
    assert csv_cell("+45 1234").startswith("'+")
    assert csv_cell("-1") == "'-1"
    assert csv_cell("@SUM(A1)") == "'@SUM(A1)"
    assert csv_cell("Ballerup Bibliotekerne") == "Ballerup Bibliotekerne"
    assert csv_cell(None) == "" and csv_cell(151) == "151"


def test_a_library_named_like_a_formula_is_text_in_the_csv(client, library):
    library.name = '=HYPERLINK("http://evil.example","Klik")'
    library.save()
    response = client.get("/libraries.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    names = [row["name"] for row in rows]
    assert "'" + library.name in names
    assert library.name not in names
