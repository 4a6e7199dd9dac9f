"""Every date a learner picks lies in the range the records accept (1900–2100).

Streamlit's date picker otherwise reaches ten years either side of its value: a plan start
stored as 2100-12-31 let the form offer 2110, which the records refuse.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from components.requirement_details import ITEM_KEY
from pathway.records import EARLIEST_DATE, LATEST_DATE
from tests.app.test_checklist_page import CPR


def date_ranges(page: AppTest) -> dict[str, tuple[object, object]]:
    """Each date input's key with the first and last day it offers."""
    return {date_input.key: (date_input.min, date_input.max) for date_input in page.date_input}


@pytest.mark.parametrize("page_script", ["pages/roadmap.py", "pages/credentials.py"])
def test_every_date_input_offers_exactly_the_records_range(
    open_page: Callable[[str], AppTest], page_script: str
) -> None:
    ranges = date_ranges(open_page(page_script))
    assert ranges
    assert set(ranges.values()) == {(EARLIEST_DATE, LATEST_DATE)}


def test_requirement_dates_offer_exactly_the_records_range(
    open_page: Callable[[str], AppTest],
) -> None:
    page = open_page("pages/checklist.py")
    page.selectbox(key=ITEM_KEY).set_value(CPR).run()
    ranges = date_ranges(page)
    assert len(ranges) == 2
    assert set(ranges.values()) == {(EARLIEST_DATE, LATEST_DATE)}
