"""One date format everywhere (issue 19, item 10): dates are typed as they are shown.

Text dates go through `pathway.words.day`; every date input is given `DATE_INPUT_FORMAT`, so
no widget falls back to Streamlit's own YYYY/MM/DD beside the pages' YYYY-MM-DD.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON_FILES = [
    path for folder in ("pages", "components", "pathway") for path in (ROOT / folder).rglob("*.py")
]
SOURCES = [*sorted(PYTHON_FILES), ROOT / "app.py"]


def date_inputs_without_the_format(path: Path) -> list[int]:
    """Line numbers of `date_input(...)` calls in `path` not given format=DATE_INPUT_FORMAT."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or getattr(node.func, "attr", None) != "date_input":
            continue
        formats = [keyword.value for keyword in node.keywords if keyword.arg == "format"]
        if not any(
            isinstance(value, ast.Name) and value.id == "DATE_INPUT_FORMAT" for value in formats
        ):
            lines.append(node.lineno)
    return lines


def test_every_date_input_is_given_the_one_date_format() -> None:
    missing = {
        str(path.relative_to(ROOT)): lines
        for path in SOURCES
        if (lines := date_inputs_without_the_format(path))
    }
    assert not missing, f"st.date_input without format=DATE_INPUT_FORMAT: {missing}"


def test_no_text_date_is_formatted_outside_words() -> None:
    month_names = re.compile(r"%[bB]")
    found = [
        str(path.relative_to(ROOT))
        for path in SOURCES
        if month_names.search(path.read_text(encoding="utf-8"))
    ]
    assert not found, f"dates written with month names instead of words.day: {found}"
