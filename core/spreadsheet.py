"""CSV files that stay inert in a spreadsheet: every CSV export goes through `csv_response`.

A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return) as a formula
(OWASP "CSV injection"). Escaping only the start of each value is not enough: Excel in a Danish
locale splits a line on ";", not ",", so a library named `Foo;=HYPERLINK(...)` becomes two
cells there, the second a formula. A value is therefore escaped after every character some
spreadsheet splits on (, ; tab, line breaks, |), with any spaces or quotes skipped, by putting an
apostrophe first: spreadsheets show such a cell as text and hide the apostrophe.
"""

import csv
import io
import re
from collections.abc import Iterable, Mapping

from django.http import HttpResponse

# Characters that start a formula, the full-width forms included (East Asian input methods).
FORMULA_STARTS = "=+-@\t\r＝＋－＠"
# Characters a spreadsheet may split a line into cells on, depending on locale and format.
CELL_SEPARATORS = ",;\t\r\n|"

_FORMULA_CELL = re.compile(
    "(^|[" + re.escape(CELL_SEPARATORS) + '])([ "]*)(?=[' + re.escape(FORMULA_STARTS) + "])"
)


def safe_cell(value) -> str:
    """The value as text no spreadsheet runs, however it splits the line into cells."""
    text = "" if value is None else str(value)
    return _FORMULA_CELL.sub(r"\1'\2", text)


def csv_text(rows: Iterable[Mapping], *, fieldnames: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fieldnames, lineterminator="\r\n")
    writer.writerow({name: safe_cell(name) for name in fieldnames})
    for row in rows:
        writer.writerow({name: safe_cell(row.get(name)) for name in fieldnames})
    return buffer.getvalue()


def csv_response(rows: Iterable[Mapping], *, fieldnames: list[str], filename: str) -> HttpResponse:
    """An HTTP response with the rows as CSV (UTF-8, a header line, CRLF as RFC 4180 says)."""
    response = HttpResponse(
        csv_text(rows, fieldnames=fieldnames), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
