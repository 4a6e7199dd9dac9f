"""In Chromium: one-click actions ask first in a dialog, and My classes keeps the chosen class.

Issue 19 items 8 and 12. AppTest cannot click a button inside `st.dialog` nor reproduce a
form's clear_on_submit (the browser resets the widgets), so these run against the real server.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from pathway.auth import sign_up
from pathway.classes import create_class, join_class
from pathway.records import HeldCredential
from pathway.store import Store
from tests.e2e.browser import wait_for_app
from tests.e2e.server import StreamlitServer
from tests.e2e.test_learner_journey import expect_no_exception, open_page, sign_in
from tests.storage import add_entry, set_role

pytestmark = pytest.mark.e2e

PASSPHRASE = "correct horse battery"


def learner_in_a_class(server: StreamlitServer) -> None:
    """Rivera's class MA Evening with Maria in it; Maria holds a BLS card."""
    store = Store(server.data_dir)
    try:
        sign_up(store, "rivera", "Ana Rivera", PASSPHRASE)
        set_role(store, "rivera", "instructor")
        instructor = store.find_account("rivera")
        assert instructor is not None
        classroom = create_class(store, instructor, "MA Evening", date.today())
        maria = sign_up(store, "maria", "Maria Garcia", PASSPHRASE)
        join_class(store, maria, classroom.join_code)
        add_entry(
            store, maria.user_id, HeldCredential(credential_id="cred.bls", earned_on=date.today())
        )
    finally:
        store.close()


def instructor_with_two_classes(server: StreamlitServer) -> None:
    """Rivera with two empty classes, MA Evening (listed first) and MA Day."""
    store = Store(server.data_dir)
    try:
        sign_up(store, "rivera", "Ana Rivera", PASSPHRASE)
        set_role(store, "rivera", "instructor")
        instructor = store.find_account("rivera")
        assert instructor is not None
        for name in ("MA Evening", "MA Day"):
            create_class(store, instructor, name, date.today())
    finally:
        store.close()


def signed_in_on(page: Page, server: StreamlitServer, username: str, title: str) -> None:
    page.goto(server.url)
    wait_for_app(page)
    sign_in(page, username, PASSPHRASE)
    open_page(page, title)


def ask_to_leave(page: Page) -> None:
    page.get_by_role("button", name="Leave this class").click()
    expect(page.get_by_role("dialog")).to_contain_text(
        "Leave MA Evening? Ana Rivera will no longer see your progress"
    )


def test_leaving_a_class_happens_from_the_dialog(
    page: Page, streamlit_server: StreamlitServer
) -> None:
    learner_in_a_class(streamlit_server)
    signed_in_on(page, streamlit_server, "maria", "My account")
    ask_to_leave(page)
    page.get_by_role("dialog").get_by_role("button", name="Leave the class").click()
    expect(page.get_by_text("You are not in a class.")).to_be_visible()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect_no_exception(page)


def test_cancel_in_the_dialog_stays_in_the_class(
    page: Page, streamlit_server: StreamlitServer
) -> None:
    learner_in_a_class(streamlit_server)
    signed_in_on(page, streamlit_server, "maria", "My account")
    ask_to_leave(page)
    page.get_by_role("dialog").get_by_role("button", name="Cancel").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    wait_for_app(page)
    expect(page.get_by_text("Ana Rivera can see your progress in this class.")).to_be_visible()


def test_removing_a_credential_happens_from_the_dialog(
    page: Page, streamlit_server: StreamlitServer
) -> None:
    learner_in_a_class(streamlit_server)
    signed_in_on(page, streamlit_server, "maria", "Credentials")
    page.get_by_text("Remove a credential").click()
    page.get_by_role("combobox", name="Remove an entry").click()
    page.get_by_role("option").first.click()
    page.get_by_role("button", name="Remove", exact=True).click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("It is deleted from your records.")
    dialog.get_by_role("button", name="Remove", exact=True).click()
    expect(page.get_by_text("No credentials yet")).to_be_visible()
    expect_no_exception(page)


def import_roster_into(page: Page, class_name: str, roster: Path) -> None:
    # Typing opens the list whatever a rerun did to it; a bare click could land as it closed.
    wait_for_app(page)
    picker = page.get_by_role("combobox", name="Class to import into")
    picker.click()
    picker.fill(class_name)
    page.get_by_role("option", name=class_name, exact=True).click()
    wait_for_app(page)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(roster))
    page.get_by_role("button", name="Import", exact=True).click()


def test_the_class_picker_stays_on_the_class_just_imported_into(
    page: Page, streamlit_server: StreamlitServer, tmp_path: Path
) -> None:
    instructor_with_two_classes(streamlit_server)
    roster = tmp_path / "roster.csv"
    roster.write_text("name,username\nAmal Haddad,amal\nBo Chen,bo.chen\n", encoding="utf-8")
    signed_in_on(page, streamlit_server, "rivera", "My classes")
    import_roster_into(page, "MA Day", roster)
    expect(page.get_by_text("Created 2 account(s) in MA Day.")).to_be_visible()
    wait_for_app(page)
    expect(page.get_by_role("combobox", name="Class to import into")).to_have_value("MA Day")


def test_a_long_roster_import_shows_a_spinner(
    page: Page, streamlit_server: StreamlitServer, tmp_path: Path
) -> None:
    """A spinner, which Streamlit draws after half a second, while 1,000 learners are created.

    Each new learner's file is written and synced: seconds for 1,000 even on a fast disk.
    """
    instructor_with_two_classes(streamlit_server)
    roster = tmp_path / "roster.csv"
    rows = "".join(f"Learner {n},learner{n:05d}\n" for n in range(1_000))
    roster.write_text(f"name,username\n{rows}", encoding="utf-8")
    signed_in_on(page, streamlit_server, "rivera", "My classes")
    import_roster_into(page, "MA Day", roster)
    expect(page.get_by_test_id("stSpinner")).to_contain_text("Importing the roster into MA Day")
    expect(page.get_by_text("Created 1000 account(s) in MA Day.")).to_be_visible(timeout=120_000)
