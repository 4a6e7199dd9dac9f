"""CSV exports: formula-looking cells arrive as text, everything else unchanged."""

from __future__ import annotations

import csv
import io

import pytest

from pathway.csv_export import neutralise, to_csv


@pytest.mark.parametrize(
    "cell",
    ['=HYPERLINK("http://evil.example","click")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"],
)
def test_formula_cells_get_a_leading_apostrophe(cell: str) -> None:
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Maria Garcia", "O'Neil", 42, 3.5, "", "a=b"])
def test_ordinary_cells_are_unchanged(cell: object) -> None:
    assert neutralise(cell) == cell


def test_csv_round_trips_as_text_with_the_header_first() -> None:
    data = to_csv(["Learner", "Overall %"], [['=HYPERLINK("x")', 40], ["Maria, G.", 75]])
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["Learner", "Overall %"], ['\'=HYPERLINK("x")', "40"], ["Maria, G.", "75"]]


def test_csv_starts_with_a_byte_order_mark_for_spreadsheets() -> None:
    assert to_csv(["a"], []).startswith("\ufeff".encode())
