"""The requirement checklist page: ticking, details, and inert notes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.session import USERNAME_KEY
from pathway.records import NOTE_MAX_LENGTH, ItemProgress, ItemState, LearnerRecord
from pathway.store import Store
from tests.app.conftest import APP_SCRIPT, APP_TIMEOUT_SECONDS, shown
from tests.storage import save_progress

CPR = "req.cpr.card"
SAVE_DETAILS = "FormSubmitter:details_form-Save details"


@pytest.fixture
def checklist(open_page: Callable[[str], AppTest]) -> AppTest:
    """The checklist page of a freshly signed-up learner."""
    return open_page("pages/checklist.py")


def stored_record(data_dir: Path, username: str = "maria") -> LearnerRecord:
    """What the store on disk holds for the learner, read through a separate store object."""
    store = Store(data_dir)
    try:
        account = store.find_account(username)
        assert account is not None
        return store.read(account.user_id)
    finally:
        store.close()


def test_every_requirement_group_is_shown(checklist: AppTest, content) -> None:
    headings = [subheader.value for subheader in checklist.subheader]
    groups = [group.title for group in content.checklist.groups]
    assert headings == ["State rules", "Dates and notes", *groups]


def test_ticking_cpr_stores_it_done_with_todays_date(
    checklist: AppTest, app_data_dir: Path
) -> None:
    checklist.checkbox(key=f"req:{CPR}:done").check().run()
    progress = stored_record(app_data_dir).item(CPR)
    assert progress.state is ItemState.DONE
    assert progress.completed_on == date.today()
    assert not checklist.exception


def test_ticking_confirms_with_a_toast(checklist: AppTest) -> None:
    checklist.checkbox(key=f"req:{CPR}:done").check().run()
    assert any("Saved" in toast.value for toast in checklist.toast)


def test_unticking_returns_the_item_to_not_started(checklist: AppTest, app_data_dir: Path) -> None:
    checklist.checkbox(key=f"req:{CPR}:done").check().run()
    checklist.checkbox(key=f"req:{CPR}:done").uncheck().run()
    progress = stored_record(app_data_dir).item(CPR)
    assert progress.state is ItemState.NOT_STARTED
    assert progress.completed_on is None


def open_details(checklist: AppTest, item_id: str) -> AppTest:
    """Choose an item in the Dates and notes panel."""
    return checklist.selectbox(key="details:item").set_value(item_id).run()


def save_details(checklist: AppTest) -> AppTest:
    """Submit the Dates and notes form."""
    return checklist.button(key=SAVE_DETAILS).click().run()


def test_details_form_saves_status_dates_and_note(checklist: AppTest, app_data_dir: Path) -> None:
    open_details(checklist, CPR)
    checklist.selectbox(key="details:state").set_value(ItemState.DONE)
    checklist.date_input(key="details:completed_on").set_value(date(2026, 3, 14))
    checklist.text_area(key="details:note").input("Card in my wallet; AHA BLS")
    save_details(checklist)
    progress = stored_record(app_data_dir).item(CPR)
    assert (progress.state, progress.completed_on) == (ItemState.DONE, date(2026, 3, 14))
    assert progress.note == "Card in my wallet; AHA BLS"
    assert checklist.checkbox(key=f"req:{CPR}:done").value is True


def test_a_completed_date_given_to_a_not_started_item_marks_it_done_on_that_date(
    checklist: AppTest, app_data_dir: Path
) -> None:
    open_details(checklist, CPR)
    checklist.date_input(key="details:completed_on").set_value(date(2026, 3, 14))
    save_details(checklist)
    progress = stored_record(app_data_dir).item(CPR)
    assert (progress.state, progress.completed_on) == (ItemState.DONE, date(2026, 3, 14))
    assert checklist.checkbox(key=f"req:{CPR}:done").value is True


def test_a_completed_date_beside_an_in_progress_status_is_refused_saying_why(
    checklist: AppTest, app_data_dir: Path
) -> None:
    open_details(checklist, CPR)
    checklist.selectbox(key="details:state").set_value(ItemState.IN_PROGRESS)
    checklist.date_input(key="details:completed_on").set_value(date(2026, 3, 14))
    save_details(checklist)
    assert stored_record(app_data_dir).item(CPR).state is ItemState.NOT_STARTED
    assert any("choose Done, or clear the date" in shown(e.value) for e in checklist.error)


def test_details_form_shows_the_chosen_items_stored_values(checklist: AppTest) -> None:
    checklist.checkbox(key=f"req:{CPR}:done").check().run()
    open_details(checklist, CPR)
    assert checklist.selectbox(key="details:state").value is ItemState.DONE
    assert checklist.date_input(key="details:completed_on").value == date.today()


def test_the_dates_and_notes_button_under_an_item_opens_its_form_there(checklist: AppTest) -> None:
    checklist.checkbox(key=f"req:{CPR}:done").check().run()
    checklist.button(key=f"details:open:{CPR}").click().run()
    assert checklist.selectbox(key="details:item").value == CPR
    assert checklist.selectbox(key="details:state").value is ItemState.DONE
    # The form takes the place of the item's own button, under its row.
    keys = [button.key for button in checklist.button]
    assert SAVE_DETAILS in keys
    assert f"details:open:{CPR}" not in keys


def test_closing_the_form_puts_the_items_button_back(checklist: AppTest) -> None:
    open_details(checklist, CPR)
    checklist.button(key="details:close").click().run()
    assert checklist.selectbox(key="details:item").value is None
    keys = [button.key for button in checklist.button]
    assert SAVE_DETAILS not in keys
    assert f"details:open:{CPR}" in keys


def test_an_item_chosen_before_the_form_was_filled_loads_its_stored_values(
    checklist: AppTest,
) -> None:
    checklist.checkbox(key=f"req:{CPR}:done").check().run()
    other_tab = AppTest.from_file(APP_SCRIPT, default_timeout=APP_TIMEOUT_SECONDS)
    other_tab.session_state[USERNAME_KEY] = "maria"
    other_tab.session_state["details:item"] = CPR
    other_tab.run()
    other_tab.switch_page("pages/checklist.py").run()
    assert not other_tab.exception
    assert other_tab.selectbox(key="details:state").value is ItemState.DONE


def test_saving_a_note_never_undoes_a_tick_made_after_the_form_was_loaded(
    checklist: AppTest, app_data_dir: Path
) -> None:
    open_details(checklist, CPR)
    checklist.checkbox(key=f"req:{CPR}:done").check().run()
    checklist.text_area(key="details:note").input("Card in my wallet")
    save_details(checklist)
    progress = stored_record(app_data_dir).item(CPR)
    assert (progress.state, progress.note) == (ItemState.DONE, "Card in my wallet")


def test_a_note_sent_past_the_limit_is_stored_cut_at_the_limit(
    checklist: AppTest, app_data_dir: Path
) -> None:
    open_details(checklist, CPR)
    # As a hand-made request could send it; the browser's box stops typing at the limit and
    # shows the count. input() would refuse it, so set_value.
    checklist.text_area(key="details:note").set_value("x" * 1_000_000)
    save_details(checklist)
    assert len(stored_record(app_data_dir).item(CPR).note) == NOTE_MAX_LENGTH
    assert not checklist.exception


def test_tick_survives_leaving_and_reopening_the_page(
    checklist: AppTest, open_page: Callable[[str], AppTest]
) -> None:
    checklist.checkbox(key=f"req:{CPR}:done").check().run()
    open_page("pages/dashboard.py")
    again = open_page("pages/checklist.py")
    assert again.checkbox(key=f"req:{CPR}:done").value is True


def test_note_with_markup_is_never_rendered_as_markup(checklist: AppTest) -> None:
    hostile = "<img src=x onerror=alert(1)> [click](javascript:alert(1)) **bold**"
    open_details(checklist, CPR)
    checklist.text_area(key="details:note").input(hostile)
    save_details(checklist)
    rendered = [element.value for element in (*checklist.markdown, *checklist.caption)]
    assert not any("onerror" in value or "javascript:" in value for value in rendered)
    assert checklist.text_area(key="details:note").value == hostile


def test_damaged_learner_file_is_reported_by_name_and_kept(
    checklist: AppTest, open_page: Callable[[str], AppTest], app_data_dir: Path
) -> None:
    learner_file = next((app_data_dir / "learners").glob("*.json"))
    learner_file.write_bytes(b'{"progress": {"1": {"item_id": "req.cpr')
    damaged = open_page("pages/checklist.py")
    assert learner_file.name in damaged.error[0].value
    assert learner_file.read_bytes() == b'{"progress": {"1": {"item_id": "req.cpr'
    assert not damaged.checkbox


def test_choosing_a_state_shows_its_notes_as_information(
    checklist: AppTest, app_data_dir: Path
) -> None:
    checklist.selectbox(key="profile_state").set_value("WA").run()
    assert stored_record(app_data_dir).profile.state == "WA"
    rendered = shown_text(checklist)
    assert "Washington: information, not legal advice" in rendered
    assert "MA-C" in rendered
    assert "Source: [Washington State Department of Health" in rendered


def shown_text(app: AppTest) -> str:
    """The page's Markdown, captions and alerts as read, without Markdown's escapes."""
    elements = [*app.markdown, *app.caption, *app.warning, *app.error, *app.info]
    return " ".join(element.value for element in elements).replace("\\", "")


def test_south_dakota_note_says_registration_ended_in_2021_with_a_verify_line(
    checklist: AppTest,
) -> None:
    checklist.selectbox(key="profile_state").set_value("SD").run()
    rendered = shown_text(checklist)
    assert "Since 1 July 2021 South Dakota no longer requires" in rendered
    assert "verify with the South Dakota Board" in rendered


def test_washington_lists_what_it_makes_required(checklist: AppTest) -> None:
    checklist.selectbox(key="profile_state").set_value("WA").run()
    (warning,) = checklist.warning
    assert "In Washington these are required, not optional" in warning.value
    assert "Obtain certification" in warning.value


def test_in_washington_optional_certification_items_are_labelled_required(
    checklist: AppTest,
) -> None:
    checklist.selectbox(key="profile_state").set_value("WA").run()
    label = checklist.checkbox(key="req:req.state.exam:done").label
    assert label.endswith("(required in Washington)")
    assert checklist.checkbox(key="req:req.certification.exam:done").label.endswith("(optional)")


def test_in_washington_the_details_form_does_not_offer_to_skip_a_required_item(
    checklist: AppTest,
) -> None:
    checklist.selectbox(key="profile_state").set_value("WA").run()
    checklist.selectbox(key="details:item").set_value("req.state.exam").run()
    options = checklist.selectbox(key="details:state").options
    assert "Skipped" not in [str(option) for option in options]


def test_a_washington_learners_stored_skip_counts_as_not_started_in_the_group_bar(
    open_page: Callable[[str], AppTest], app_data_dir: Path
) -> None:
    open_page("pages/checklist.py").selectbox(key="profile_state").set_value("WA").run()
    store = Store(app_data_dir)
    account = store.find_account("maria")
    assert account is not None
    done, skipped = ItemProgress(state=ItemState.DONE), ItemProgress(state=ItemState.SKIPPED)
    save_progress(store, account.user_id, "req.state.check_rules", done)
    save_progress(store, account.user_id, "req.state.exam", skipped)
    store.close()

    reopened = open_page("pages/checklist.py")

    bars = [bar.proto.text for bar in reopened.get("progress")]
    assert "Progress: 1 of 2 items done or skipped" in bars
    assert "Progress: 2 of 2 items done or skipped" not in bars
    assert any(
        "Skipped · required in Washington: counts as not started" in caption.value
        for caption in reopened.caption
    )


def test_externship_item_gives_its_hours_and_sources_are_shown(checklist: AppTest) -> None:
    label = checklist.checkbox(key="req:req.clinical.externship:done").label
    assert "at least 160 contact hours" in label
    assert "MAERB Standard III.C.3" in shown_text(checklist)


def test_a_state_without_its_own_note_points_to_the_state_rules(checklist: AppTest) -> None:
    checklist.selectbox(key="profile_state").set_value("OR").run()
    rendered = " ".join(element.value for element in checklist.markdown)
    assert "No specific note is kept for this state" in rendered


def test_cpr_item_shows_the_card_expiry_from_credentials(
    open_page: Callable[[str], AppTest],
) -> None:
    credentials = open_page("pages/credentials.py")
    credentials.selectbox(key="new_credential").set_value("cred.bls")
    credentials.date_input(key="new_credential_earned").set_value(date(2026, 3, 14))
    next(b for b in credentials.form_submit_button if b.form_id == "add_credential_form").click()
    credentials.run()
    checklist = open_page("pages/checklist.py")
    captions = [caption.value for caption in checklist.caption]
    assert any("card expires 2028-03-31" in caption for caption in captions)
