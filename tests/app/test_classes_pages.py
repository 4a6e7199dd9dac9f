"""Instructor pages and the learner's account page, through AppTest."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from bench.fixtures import demo_class
from pathway.auth import sign_in, sign_up
from pathway.classes import classes_owned, create_class, join_class
from pathway.cohort import DataStatus
from pathway.content import Content, load_content
from pathway.demo import INSTRUCTOR_USERNAME
from pathway.records import ItemProgress, ItemState, SkillSnapshot
from pathway.roster import import_roster
from pathway.settings import content_dir
from pathway.store import Store
from pathway.throttle import SignInThrottle
from pathway.words import words
from tests.app.conftest import new_session, shown
from tests.storage import add_snapshot, save_progress, set_role

HOSTILE_NAME = '=HYPERLINK("http://x","y")'


@pytest.fixture
def school(app_data_dir: Path) -> dict[str, str]:
    """An instructor with one class, two learners in it (one ticked CPR) and one outside it."""
    store = Store(app_data_dir)
    try:
        rivera = sign_up(store, "rivera", "Ana Rivera", "instructor passphrase")
        set_role(store, "rivera", "instructor")
        rivera = store.find_account("rivera")
        assert rivera is not None
        classroom = create_class(store, rivera, "MA Evening", rivera.created_at.date())
        maria = sign_up(store, "maria", "Maria Garcia", "learner passphrase")
        eve = sign_up(store, "eve", HOSTILE_NAME, "learner passphrase")
        sign_up(store, "outsider", "Not In Class", "learner passphrase")
        for learner in (maria, eve):
            join_class(store, learner, classroom.join_code)
        save_progress(store, maria.user_id, "req.cpr.card", ItemProgress(state=ItemState.DONE))
        return {"code": classroom.join_code, "maria": maria.user_id}
    finally:
        store.close()


def page_as(username: str, page: str) -> AppTest:
    """A new session signed in as `username`, on `page`."""
    session = new_session(username)
    return session.switch_page(page).run()


def test_learner_navigation_has_no_teaching_pages(school) -> None:
    session = new_session("maria")
    for page in ("pages/cohort.py", "pages/classes.py"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            session.switch_page(page)


def test_instructor_sees_only_their_learners(school) -> None:
    cohort = page_as("rivera", "pages/cohort.py")
    learners = set(cohort.dataframe[0].value["Learner"])
    assert learners == {"Maria Garcia", HOSTILE_NAME}


def test_regression_a_learner_with_a_bad_value_shows_as_data_needs_attention(
    school, app_data_dir: Path
) -> None:
    path = app_data_dir / "learners" / f"{school['maria']}.json"
    data = json.loads(path.read_text())
    data["credentials"] = {"1": {"credential_id": "cred.bls", "earned_on": "9999-12-01"}}
    path.write_text(json.dumps(data))

    cohort = page_as("rivera", "pages/cohort.py")

    assert not cohort.exception
    table = cohort.dataframe[0].value.set_index("Learner")
    assert table.loc["Maria Garcia", "Status"] == words(DataStatus.NEEDS_ATTENTION)
    assert table.loc[HOSTILE_NAME, "Status"] != words(DataStatus.NEEDS_ATTENTION)
    assert any("Data needs attention for 1 learner" in w.value for w in cohort.warning)
    assert len(cohort.get("plotly_chart")) == 3  # the rest of the class is still charted


def test_projector_mode_replaces_names_with_labels(school) -> None:
    cohort = page_as("rivera", "pages/cohort.py")
    cohort.toggle(key="projector").set_value(True).run()
    table = cohort.table[0].value
    assert set(table["Learner"]) == {"Learner 1", "Learner 2"}
    assert "Why" not in table.columns
    heatmap = json.loads(cohort.get("plotly_chart")[1].proto.spec)
    assert "Maria Garcia" not in json.dumps(heatmap)
    assert not cohort.get("download_button")


def test_requirement_view_counts_the_cpr_tick(school) -> None:
    cohort = page_as("rivera", "pages/cohort.py")
    shares = json.loads(cohort.get("plotly_chart")[0].proto.spec)
    done = next(trace for trace in shares["data"] if trace["name"] == "Done")
    cpr = done["y"].index("CPR / BLS certification card")
    assert done["x"][cpr] == 1


def test_instructor_creates_a_class_and_sees_its_code(school) -> None:
    classes = page_as("rivera", "pages/classes.py")
    classes.text_input(key="class_name").input("MA Day 2027")
    next(b for b in classes.form_submit_button if b.form_id == "create_class_form").click()
    classes.run()
    table = classes.dataframe[0].value.set_index("Class")
    assert "MA Day 2027" in table.index
    assert table.loc["MA Evening", "Learners"] == 2


def test_a_blank_class_name_is_refused_asking_for_a_name(school) -> None:
    classes = page_as("rivera", "pages/classes.py")
    classes.text_input(key="class_name").input("   ")
    next(b for b in classes.form_submit_button if b.form_id == "create_class_form").click()
    classes.run()
    [message] = classes.error
    assert shown(message.value) == "The class was not created: give it a name."
    assert "\n" not in message.value
    assert not classes.exception


def test_learner_joins_with_a_code_and_sees_who_can_see_them(school) -> None:
    account = page_as("outsider", "pages/account.py")
    account.text_input(key="join_code").input(school["code"].lower())
    next(b for b in account.form_submit_button if b.form_id == "join_class_form").click()
    account.run()
    assert "Ana Rivera can see your progress in this class." in [t.value for t in account.text]


def test_leave_this_class_asks_first_and_leaves_nothing_on_one_click(school) -> None:
    """The dialog's own "Leave the class" button is clicked in tests/e2e/test_confirmations.py."""
    account = page_as("maria", "pages/account.py")
    account.button(key=next(b.key for b in account.button if b.key.startswith("leave:"))).click()
    account.run()
    assert "Leave MA Evening? Ana Rivera will no longer see your progress" in account.text[-1].value
    assert "Ana Rivera can see your progress in this class." in [t.value for t in account.text]


def test_wrong_join_code_is_refused(school) -> None:
    account = page_as("outsider", "pages/account.py")
    account.text_input(key="join_code").input("NOPE1234")
    next(b for b in account.form_submit_button if b.form_id == "join_class_form").click()
    account.run()
    assert "No class has that code" in account.error[0].value


def test_class_radar_shows_average_and_spread_against_the_target(
    school, app_data_dir: Path
) -> None:
    store = Store(app_data_dir)
    try:
        skill = load_content(content_dir()).skills.skills[0]
        for username, rating in (("maria", 2), ("eve", 4)):
            account = store.find_account(username)
            assert account is not None
            add_snapshot(
                store,
                account.user_id,
                SkillSnapshot(taken_at=account.created_at, ratings={skill.id: rating}),
            )
    finally:
        store.close()
    cohort = page_as("rivera", "pages/cohort.py")
    [skills] = [table.value for table in cohort.table if "Average" in table.value.columns]
    row = skills.loc[skill.name]
    assert (row["Average"], row["Lowest"], row["Highest"], row["Rated by"]) == (3.0, 2, 4, 2)
    charts = [json.loads(chart.proto.spec) for chart in cohort.get("plotly_chart")]
    [radar] = [spec for spec in charts if spec["data"][0]["type"] == "scatterpolar"]
    series = {trace["name"]: trace["r"][0] for trace in radar["data"]}
    assert series["Class average"] == 3.0


def test_instructor_opens_one_learners_radar(school) -> None:
    cohort = page_as("rivera", "pages/cohort.py")
    cohort.selectbox(key="one_learner").set_value(0).run()
    assert len(cohort.get("plotly_chart")) == 4


def test_imported_learner_must_choose_a_passphrase_before_anything_else(
    school, app_data_dir: Path
) -> None:
    store = Store(app_data_dir)
    try:
        rivera = store.find_account("rivera")
        assert rivera is not None
        (classroom,) = classes_owned(store, rivera)
        created = import_roster(store, rivera, classroom, b"name,username\nNew Learner,newbie\n")
    finally:
        store.close()
    visitor = new_session()
    visitor.text_input(key="sign_in_username").input("newbie")
    visitor.text_input(key="sign_in_passphrase").input(created.created[0].one_time_passphrase)
    next(b for b in visitor.button if b.label == "Sign in").click()
    visitor.run()
    assert visitor.session_state["signed_in_username"] == "newbie"
    gated = new_session("newbie")
    assert gated.title[0].value == "Choose your passphrase"
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        gated.switch_page("pages/dashboard.py")
    gated.text_input(key="new_passphrase").input("my own passphrase")
    gated.text_input(key="repeated_passphrase").input("my own passphrase")
    next(b for b in gated.button if b.label == "Save passphrase").click()
    gated.run()
    assert (
        new_session("newbie").switch_page("pages/dashboard.py").run().title[0].value
        == "My dashboard"
    )


def test_reset_needs_a_confirmation_and_then_clears_progress(school, app_data_dir: Path) -> None:
    account = page_as("maria", "pages/account.py")
    assert account.button(key="reset_progress").disabled
    account.checkbox(key="confirm_reset").check().run()
    account.button(key="reset_progress").click().run()
    store = Store(app_data_dir)
    try:
        assert store.read(school["maria"]).progress == {}
    finally:
        store.close()


def test_deleting_the_account_needs_the_username_typed(school, app_data_dir: Path) -> None:
    account = page_as("maria", "pages/account.py")
    assert account.button(key="delete_account").disabled
    account.text_input(key="confirm_delete").input("maria").run()
    account.button(key="delete_account").click().run()
    store = Store(app_data_dir)
    try:
        assert store.find_account("maria") is None
    finally:
        store.close()
    assert "signed_in_username" not in account.session_state


def test_my_account_offers_the_pdf_report(school) -> None:
    account = page_as("maria", "pages/account.py")
    labels = [button.proto.label for button in account.get("download_button")]
    assert "Download my progress report (PDF)" in labels


def test_a_large_class_grid_draws_the_first_150_learners_and_says_so(
    app_data_dir: Path, content: Content
) -> None:
    store = Store(app_data_dir)
    try:
        demo_class(store, content, learners=160, today=date.today())
    finally:
        store.close()
    cohort = page_as(INSTRUCTOR_USERNAME, "pages/cohort.py")
    heatmap = json.loads(cohort.get("plotly_chart")[1].proto.spec)
    assert len(heatmap["data"][0]["y"]) == 150
    assert any("first 150 of 160 learners" in caption.value for caption in cohort.caption)
    assert len(cohort.dataframe[0].value) == 160


def test_an_instructor_reissues_a_learners_one_time_passphrase_that_signs_in(
    school, app_data_dir: Path
) -> None:
    classes = page_as("rivera", "pages/classes.py")
    learner = classes.selectbox(key="reissue_learner")
    assert learner.options == [
        "Maria Garcia (maria), MA Evening",
        f"{HOSTILE_NAME} (eve), MA Evening",
    ]
    learner.select_index(0)
    next(b for b in classes.form_submit_button if b.form_id == "reissue_form").click()
    classes.run()
    [passphrase] = [code.value for code in classes.code]
    store = Store(app_data_dir)
    try:
        account = sign_in(store, "maria", passphrase, SignInThrottle())
    finally:
        store.close()
    assert account.must_change_passphrase
