"""The learner's Externship hours page, the checklist's verified words and the Verify page."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from pathway.accounts import Account
from pathway.auth import sign_up
from pathway.classes import create_class, join_class
from pathway.content import Content
from pathway.records import ItemState, LearnerRecord
from pathway.store import Store
from pathway.verifying import approve_hour_entry, log_hours, verify_requirement
from tests.app.conftest import new_session, shown
from tests.storage import set_role

CPR, CPR_TITLE = "req.cpr.card", "CPR / BLS certification card"
WORKED = date.today() - timedelta(days=1)


@pytest.fixture
def school(app_data_dir: Path) -> dict[str, str]:
    """An instructor, Ana Rivera, with one class: Maria, who ticked her CPR card, and Ben."""
    store = Store(app_data_dir)
    try:
        sign_up(store, "rivera", "Ana Rivera", "instructor passphrase")
        set_role(store, "rivera", "instructor")
        rivera = store.find_account("rivera")
        assert rivera is not None
        classroom = create_class(store, rivera, "MA Evening", date.today())
        maria = sign_up(store, "maria", "Maria", "learner passphrase")
        join_class(store, maria, classroom.join_code)
        store.change(
            maria.user_id,
            lambda record: record.with_item_state(CPR, ItemState.DONE, datetime.now(UTC)),
        )
        ben = sign_up(store, "ben", "Ben", "learner passphrase")
        join_class(store, ben, classroom.join_code)
        return {"rivera": rivera.user_id, "maria": maria.user_id, "ben": ben.user_id}
    finally:
        store.close()


def page_as(username: str, page: str) -> AppTest:
    return new_session(username).switch_page(page).run()


def with_store(data_dir: Path, username: str) -> tuple[Store, Account]:
    store = Store(data_dir)
    account = store.find_account(username)
    assert account is not None
    return store, account


def stored(data_dir: Path, user_id: str) -> LearnerRecord:
    store = Store(data_dir)
    try:
        return store.read(user_id)
    finally:
        store.close()


def maria_logs_hours(data_dir: Path, hours: float = 6) -> str:
    store, maria = with_store(data_dir, "maria")
    try:
        log_hours(store, maria, WORKED, "Valley Clinic", hours, "Dr. Lee", "Vitals")
        return store.read(maria.user_id).hours[-1].entry_id
    finally:
        store.close()


def rivera_verifies_cpr(data_dir: Path, content: Content, maria_id: str) -> None:
    store, rivera = with_store(data_dir, "rivera")
    try:
        verify_requirement(store, content, rivera, maria_id, CPR)
    finally:
        store.close()


def captions(page: AppTest) -> list[str]:
    return [shown(caption.value) for caption in page.caption]


# The checklist ---------------------------------------------------------------------------------


def test_a_ticked_verifiable_item_says_self_reported(school) -> None:
    page = page_as("maria", "pages/checklist.py")
    assert any(text.startswith("Done (self-reported)") for text in captions(page))


def test_a_verified_item_says_who_verified_it_and_when(school, app_data_dir, content) -> None:
    rivera_verifies_cpr(app_data_dir, content, school["maria"])
    page = page_as("maria", "pages/checklist.py")
    expected = f"Verified by Ana Rivera on {date.today().isoformat()}"
    assert any(text.startswith(expected) for text in captions(page))


# Externship hours --------------------------------------------------------------------------------


def test_logging_a_day_stores_it_waiting_for_approval(school, app_data_dir) -> None:
    page = page_as("maria", "pages/hours.py")
    page.text_input(key="hours:site").input("Valley Clinic")
    page.number_input(key="hours:hours").set_value(6.5)
    page.text_input(key="hours:supervisor").input("Dr. Lee")
    page.button(key="hours:log").click().run()
    (entry,) = stored(app_data_dir, school["maria"]).hours
    assert (entry.site, entry.hours, entry.supervisor, entry.approved) == (
        "Valley Clinic",
        6.5,
        "Dr. Lee",
        False,
    )
    assert not page.exception


def test_a_day_without_a_supervisor_is_refused_in_one_line(school, app_data_dir) -> None:
    page = page_as("maria", "pages/hours.py")
    page.text_input(key="hours:site").input("Valley Clinic")
    page.number_input(key="hours:hours").set_value(6)
    page.button(key="hours:log").click().run()
    assert stored(app_data_dir, school["maria"]).hours == []
    assert any("supervisor" in shown(error.value) for error in page.error)


def test_a_refused_day_keeps_what_was_typed(school) -> None:
    page = page_as("maria", "pages/hours.py")
    page.text_input(key="hours:site").input("Valley Clinic")
    page.number_input(key="hours:hours").set_value(6)
    page.button(key="hours:log").click().run()
    assert page.text_input(key="hours:site").value == "Valley Clinic"


def test_a_saved_day_clears_the_hours_and_keeps_site_and_supervisor(school) -> None:
    page = page_as("maria", "pages/hours.py")
    page.text_input(key="hours:site").input("Valley Clinic")
    page.number_input(key="hours:hours").set_value(6)
    page.text_input(key="hours:supervisor").input("Dr. Lee")
    page.button(key="hours:log").click().run()
    assert page.number_input(key="hours:hours").value is None
    assert page.text_input(key="hours:supervisor").value == "Dr. Lee"


def test_totals_count_only_approved_hours_against_160(school, app_data_dir) -> None:
    entry_id = maria_logs_hours(app_data_dir, hours=6)
    maria_logs_hours(app_data_dir, hours=2)
    store, rivera = with_store(app_data_dir, "rivera")
    try:
        approve_hour_entry(store, rivera, school["maria"], entry_id)
    finally:
        store.close()
    page = page_as("maria", "pages/hours.py")
    assert [metric.value for metric in page.metric] == ["8 h", "6 h", "160 h"]
    assert "6 of 160 hours approved" in page.get("progress")[0].proto.text


def test_the_learner_removes_an_entry_waiting_for_approval(school, app_data_dir) -> None:
    maria_logs_hours(app_data_dir)
    page = page_as("maria", "pages/hours.py")
    page.button(key="hours:remove").click().run()
    assert stored(app_data_dir, school["maria"]).hours == []


# The Verify page -------------------------------------------------------------------------------


def test_the_verify_page_lists_what_awaits_and_verifies_with_one_click(
    school, app_data_dir
) -> None:
    page = page_as("rivera", "pages/verify.py")
    assert page.metric[0].value == "1"
    page.button(key=f"verify:{school['maria']}:{CPR}").click().run()
    (entry,) = stored(app_data_dir, school["maria"]).verifications
    assert (entry.item_id, entry.actor_name) == (CPR, "Ana Rivera")
    assert page.metric[0].value == "0"
    assert not page.exception


def test_the_verify_page_shows_the_file_attached_to_a_waiting_requirement(
    school, app_data_dir
) -> None:
    store = Store(app_data_dir)
    try:
        card = store.add_evidence(school["maria"], CPR, "bls card.pdf", b"%PDF-1.7 a card")
    finally:
        store.close()

    page = page_as("rivera", "pages/verify.py")

    assert [button.proto.id.rsplit(":", 1)[-1] for button in page.get("download_button")] == [
        card.evidence_id
    ]
    assert any(text.value.startswith("bls card.pdf") for text in page.text)
    assert not page.exception


def test_the_verify_page_approves_an_hour_entry_with_one_click(school, app_data_dir) -> None:
    entry_id = maria_logs_hours(app_data_dir)
    page = page_as("rivera", "pages/verify.py")
    page.button(key=f"approve:{school['maria']}:{entry_id}").click().run()
    assert [e.approved for e in stored(app_data_dir, school["maria"]).hours] == [True]


def test_withdrawing_needs_a_reason_and_keeps_the_verification_without_one(
    school, app_data_dir, content
) -> None:
    rivera_verifies_cpr(app_data_dir, content, school["maria"])
    page = page_as("rivera", "pages/verify.py")
    page.button(key="withdraw:submit").click().run()
    assert len(stored(app_data_dir, school["maria"]).verifications) == 1
    assert any("why" in error.value for error in page.error)


def test_withdrawing_with_a_reason_makes_the_item_self_reported_again(
    school, app_data_dir, content
) -> None:
    rivera_verifies_cpr(app_data_dir, content, school["maria"])
    page = page_as("rivera", "pages/verify.py")
    page.text_input(key="withdraw:reason").input("Card expired")
    page.button(key="withdraw:submit").click().run()
    log = stored(app_data_dir, school["maria"]).verifications
    assert [entry.reason for entry in log] == ["", "Card expired"]
    assert page.button(key=f"verify:{school['maria']}:{CPR}")


def test_the_verify_page_is_not_in_a_learners_navigation(school) -> None:
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        page_as("maria", "pages/verify.py")


# The class's hours target ------------------------------------------------------------------------


def test_the_target_set_on_my_classes_is_the_one_the_learner_counts_against(school) -> None:
    page = page_as("rivera", "pages/classes.py")
    (field,) = [n for n in page.number_input if n.key.startswith("hours_target:hours:")]
    field.set_value(200)
    page.button(key="hours_target:save").click().run()
    assert not page.exception
    learner = page_as("maria", "pages/hours.py")
    assert learner.metric[2].value == "200 h"


# Class progress ----------------------------------------------------------------------------


def learners_shown(page: AppTest) -> list[str]:
    return list(page.dataframe[0].value["Learner"])


def verification_table(page: AppTest) -> Any:
    """The "Verified or self-reported" table, whose cells say verified or self-reported.

    The heatmap's table alternative also has a column per requirement, with states in it.
    """
    checks = {"Verified", "Done (self-reported)"}
    (table,) = [
        frame.value
        for frame in page.dataframe
        if CPR_TITLE in frame.value.columns and set(frame.value[CPR_TITLE].dropna()) <= checks
    ]
    return table


def test_class_progress_separates_verified_from_self_reported(
    school, app_data_dir, content
) -> None:
    rivera_verifies_cpr(app_data_dir, content, school["maria"])
    page = page_as("rivera", "pages/cohort.py")
    learners = page.dataframe[0].value.set_index("Learner")
    assert (learners.loc["Maria", "Verified"], learners.loc["Maria", "Self-reported"]) == (1, 0)
    checks = verification_table(page).set_index("Learner")
    assert checks.loc["Maria", CPR_TITLE] == "Verified"


def test_the_awaiting_filter_shows_only_learners_with_something_to_verify(school) -> None:
    page = page_as("rivera", "pages/cohort.py")
    assert sorted(learners_shown(page)) == ["Ben", "Maria"]
    page.toggle(key="awaiting_only").set_value(True).run()
    assert learners_shown(page) == ["Maria"]
    assert list(verification_table(page)["Learner"]) == ["Maria"]
    assert not page.exception


def test_the_awaiting_filter_drops_a_learner_once_everything_is_verified(
    school, app_data_dir, content
) -> None:
    rivera_verifies_cpr(app_data_dir, content, school["maria"])
    page = page_as("rivera", "pages/cohort.py")
    page.toggle(key="awaiting_only").set_value(True).run()
    assert learners_shown(page) == []


def test_finding_a_learner_shows_only_them_even_with_nothing_waiting(school) -> None:
    page = page_as("rivera", "pages/verify.py")
    page.selectbox(key="verify_learner").set_value(school["ben"]).run()
    assert [shown(header.value) for header in page.subheader] == ["Ben", "Withdraw a verification"]
    assert f"verify:{school['maria']}:{CPR}" not in [button.key for button in page.button]
