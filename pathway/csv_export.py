"""CSV exports that are safe to open in a spreadsheet.

A cell starting with =, +, - or @ (or a tab or carriage return) is a formula to Excel and
LibreOffice; `=HYPERLINK(...)` in a learner's name must arrive as text, so such cells get a
leading apostrophe, the OWASP-recommended neutraliser.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """The value itself, or as inert text when a spreadsheet would run it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 CSV (with a byte-order mark, so spreadsheets detect the encoding) of safe cells."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
