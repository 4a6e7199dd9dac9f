"""The learner's Competencies page and the instructor's Check-offs page, through AppTest."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pathway.auth import sign_up
from pathway.check_offs import check_off_learner, states_of
from pathway.classes import create_class, join_class
from pathway.content import Content
from pathway.store import Store
from pathway.verification import CompetencyStatus
from tests.app.conftest import new_session, shown
from tests.storage import set_role

VITALS = "comp.anatomy.vital_signs"
HOSTILE_NOTE = "**bold** [link](http://example.invalid)"


@pytest.fixture
def school(app_data_dir: Path) -> dict[str, str]:
    """An instructor with one class of three learners."""
    store = Store(app_data_dir)
    try:
        sign_up(store, "rivera", "Ana Rivera", "instructor passphrase")
        set_role(store, "rivera", "instructor")
        rivera = store.find_account("rivera")
        assert rivera is not None
        classroom = create_class(store, rivera, "MA Evening", date.today())
        ids = {}
        for username in ("maria", "ben", "chen"):
            learner = sign_up(store, username, username.title(), "learner passphrase")
            join_class(store, learner, classroom.join_code)
            ids[username] = learner.user_id
        return ids
    finally:
        store.close()


def page_as(username: str, page: str) -> AppTest:
    return new_session(username).switch_page(page).run()


def states(data_dir: Path, content: Content, user_id: str) -> dict:
    store = Store(data_dir)
    try:
        return states_of(content, store.read(user_id))
    finally:
        store.close()


def click(app: AppTest, key: str) -> AppTest:
    app.button(key=key).click()
    return app.run()


def test_a_new_learner_sees_nothing_checked_off(school) -> None:
    page = page_as("maria", "pages/competencies.py")
    assert page.metric[0].value.startswith("0 of ")
    assert not page.exception


def test_practising_is_saved_from_the_button(school, app_data_dir, content) -> None:
    click(page_as("maria", "pages/competencies.py"), f"practise:{VITALS}")
    assert states(app_data_dir, content, school["maria"])[VITALS].status is (
        CompetencyStatus.PRACTISING
    )


def test_asking_for_a_check_off_disables_asking_again(school, app_data_dir, content) -> None:
    page = click(page_as("maria", "pages/competencies.py"), f"ask:{VITALS}")
    assert states(app_data_dir, content, school["maria"])[VITALS].status is (
        CompetencyStatus.REQUESTED
    )
    assert page.button(key=f"ask:{VITALS}").disabled


def test_a_check_off_shows_date_evaluator_and_a_literal_note(school, app_data_dir, content) -> None:
    store = Store(app_data_dir)
    try:
        rivera = store.find_account("rivera")
        check_off_learner(
            store, content, rivera, school["maria"], VITALS, date.today(), 95, HOSTILE_NOTE
        )
    finally:
        store.close()
    page = page_as("maria", "pages/competencies.py")
    text = " ".join(shown(block.value) for block in page.markdown)
    assert (
        f"Checked off on {date.today().isoformat()} by Ana Rivera, score 95: {HOSTILE_NOTE}" in text
    )
    assert page.button(key=f"practise:{VITALS}").disabled


def test_a_lab_day_checks_off_the_learners_ticked(school, app_data_dir, content) -> None:
    page = page_as("rivera", "pages/check_offs.py")
    page.selectbox(key="lab_day_competency").select_index(0)
    page.run()
    first = content.competencies.competencies[0].id
    for username in ("maria", "ben"):
        page.checkbox(key=f"lab_day:{first}:{school[username]}").check()
    next(b for b in page.button if b.label == "Check off the learners ticked").click()
    page.run()
    checked = {
        username: states(app_data_dir, content, user_id)[first].status
        for username, user_id in school.items()
    }
    assert checked == {
        "maria": CompetencyStatus.CHECKED_OFF,
        "ben": CompetencyStatus.CHECKED_OFF,
        "chen": CompetencyStatus.NOT_ATTEMPTED,
    }


def test_a_lab_day_with_nobody_ticked_says_so(school) -> None:
    page = page_as("rivera", "pages/check_offs.py")
    next(b for b in page.button if b.label == "Check off the learners ticked").click()
    page.run()
    assert "Tick at least one learner" in page.warning[0].value


def test_an_open_request_is_on_the_instructors_list(school) -> None:
    click(page_as("maria", "pages/competencies.py"), f"ask:{VITALS}")
    page = page_as("rivera", "pages/check_offs.py")
    requests = page.dataframe[-1].value
    assert list(requests["Learner"]) == ["Maria"]


def test_a_learner_cannot_open_the_check_offs_page(school) -> None:
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        new_session("maria").switch_page("pages/check_offs.py")


def test_class_progress_counts_each_learners_check_offs(school, app_data_dir, content) -> None:
    store = Store(app_data_dir)
    try:
        rivera = store.find_account("rivera")
        check_off_learner(store, content, rivera, school["ben"], VITALS, date.today())
    finally:
        store.close()
    page = page_as("rivera", "pages/cohort.py")
    table = next(frame.value for frame in page.dataframe if "Open requests" in frame.value.columns)
    psychomotor = next(column for column in table.columns if column.startswith("Psychomotor"))
    assert dict(zip(table["Learner"], table[psychomotor], strict=True)) == {
        "Maria": 0,
        "Ben": 1,
        "Chen": 0,
    }
