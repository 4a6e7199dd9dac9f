"""My classes: a roster import says where it went, and asks for a file (issue 19 item 8).

That the class picker stays on the chosen class is a browser's doing (a form's clear_on_submit
resets it there, not in AppTest): tests/e2e/test_confirmations.py checks it in Chromium.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pathway.auth import add_account_with_hash
from pathway.classes import create_class
from pathway.store import Store
from tests.app.conftest import new_session, shown
from tests.storage import set_role

ROSTER = b"name,username\nAmal Haddad,amal\nBo Chen,bo.chen\n"


@pytest.fixture
def two_classes(app_data_dir: Path) -> None:
    """Rivera, an instructor, with two empty classes: MA Evening (first) and MA Day."""
    store = Store(app_data_dir)
    try:
        add_account_with_hash(store, "rivera", "Ana Rivera", "")
        set_role(store, "rivera", "instructor")
        rivera = store.find_account("rivera")
        assert rivera is not None
        for name in ("MA Evening", "MA Day"):
            create_class(store, rivera, name, date(2027, 1, 11))
    finally:
        store.close()


def my_classes() -> AppTest:
    return new_session("rivera").switch_page("pages/classes.py").run()


def import_into(page: AppTest, class_name: str, data: bytes | None) -> AppTest:
    picker = page.selectbox(key="roster_class")
    picker.select_index(picker.options.index(class_name))
    if data is not None:
        page.file_uploader(key="roster_file").set_value(("roster.csv", data, "text/csv"))
    next(b for b in page.form_submit_button if b.form_id == "roster_form").click()
    return page.run()


def learner_counts(page: AppTest) -> dict[str, int]:
    table = page.dataframe[0].value
    return dict(zip(table["Class"], table["Learners"], strict=True))


def test_the_result_names_the_class_the_learners_went_into(two_classes: None) -> None:
    page = import_into(my_classes(), "MA Day", ROSTER)
    assert [shown(success.value) for success in page.success] == ["Created 2 account(s) in MA Day."]


def test_import_without_a_file_asks_for_one(two_classes: None) -> None:
    page = import_into(my_classes(), "MA Day", None)
    assert [warning.value for warning in page.warning] == ["Choose a CSV file first."]
    assert learner_counts(page) == {"MA Evening": 0, "MA Day": 0}
