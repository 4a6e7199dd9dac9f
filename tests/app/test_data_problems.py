"""Specifies what a learner sees when a data file fails: a clear message, nothing lost, a way back.

The disk is made to fail by the same simulation as the domain tests (a full disk, a read-only
folder); files are damaged by writing over them, as another program would.
"""

from __future__ import annotations

import errno
import json
import logging
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from pathway import atomic_file
from pathway.records import ItemState
from tests import storage
from tests.app.conftest import APP_SCRIPT, APP_TIMEOUT_SECONDS, create_account, new_session
from tests.app.fragment_runs import BrowserTab
from tests.app.test_checklist_page import CPR, stored_record
from tests.app.test_credentials_page import add_credential
from tests.app.test_skills_page import rate

TICK = f"req:{CPR}:done"


def learner_file(data_dir: Path, username: str = "maria") -> Path:
    """The file holding one learner's record (this suite damages it on purpose)."""
    return storage.learner_file(data_dir, storage.user_id_of(data_dir, username))


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Call to make every data file write fail with ENOSPC."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    return lambda: monkeypatch.setattr(atomic_file, "open", refuse, raising=False)


@pytest.fixture
def free_disk(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Call to give the disk room again after `full_disk`."""
    return lambda: monkeypatch.delattr(atomic_file, "open")


@pytest.fixture
def checklist(open_page: Callable[[str], AppTest]) -> AppTest:
    """Maria's checklist, with CPR ticked so her file has a backup worth putting back."""
    page = open_page("pages/checklist.py")
    page.checkbox(key=TICK).check().run()
    return page


def test_tick_on_a_full_disk_says_it_was_not_saved_and_why(
    checklist: AppTest, full_disk: Callable[[], None]
) -> None:
    full_disk()
    checklist.checkbox(key=TICK).uncheck().run()
    [message] = checklist.error
    assert "not saved" in message.value
    assert "the disk is full" in message.value
    assert not checklist.exception


def test_tick_on_a_full_disk_keeps_the_stored_state_and_shows_it(
    checklist: AppTest, app_data_dir: Path, full_disk: Callable[[], None]
) -> None:
    full_disk()
    checklist.checkbox(key=TICK).uncheck().run()
    assert stored_record(app_data_dir).item(CPR).state is ItemState.DONE
    assert checklist.checkbox(key=TICK).value is True


def test_refused_write_is_logged_on_the_console(
    checklist: AppTest, full_disk: Callable[[], None], caplog: pytest.LogCaptureFixture
) -> None:
    full_disk()
    with caplog.at_level(logging.ERROR, logger="ma_pathway"):
        checklist.checkbox(key=TICK).uncheck().run()
    assert "the disk is full" in caplog.text


def test_sign_up_on_a_full_disk_is_refused_with_a_message(
    app: AppTest, full_disk: Callable[[], None]
) -> None:
    full_disk()
    create_account(app, "maria", "Maria", "correct horse battery")
    assert any("not saved" in error.value for error in app.error)
    assert not app.exception


def test_owner_of_a_damaged_file_is_offered_the_backup_and_gets_it_back(
    checklist: AppTest, open_page: Callable[[str], AppTest], app_data_dir: Path
) -> None:
    path = learner_file(app_data_dir)
    path.write_bytes(b'{"progress": {"1": {"item_id": "req.cpr')  # torn in place
    damaged = open_page("pages/checklist.py")
    damaged.button(key="recover_learner_file").click().run()
    recovered = open_page("pages/checklist.py")
    assert not recovered.error
    assert recovered.checkbox(key=TICK).value is True


def test_putting_back_the_backup_keeps_the_damaged_file_beside_it(
    checklist: AppTest, open_page: Callable[[str], AppTest], app_data_dir: Path
) -> None:
    path = learner_file(app_data_dir)
    path.write_bytes(b"torn")
    open_page("pages/checklist.py").button(key="recover_learner_file").click().run()
    [kept] = path.parent.glob(f"{path.name}.damaged-*")
    assert kept.read_bytes() == b"torn"


def test_damaged_file_is_logged_on_the_console(
    checklist: AppTest,
    open_page: Callable[[str], AppTest],
    app_data_dir: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    learner_file(app_data_dir).write_bytes(b"torn")
    with caplog.at_level(logging.ERROR, logger="ma_pathway"):
        open_page("pages/checklist.py")
    assert learner_file(app_data_dir).name in caplog.text


def test_other_learners_keep_working_while_one_file_is_damaged(
    checklist: AppTest, app_data_dir: Path
) -> None:
    james = new_session()
    create_account(james, "james", "James", "another good passphrase")
    learner_file(app_data_dir, "maria").write_bytes(b"torn")
    james.switch_page("pages/checklist.py").run()
    james.checkbox(key=TICK).check().run()
    assert not james.error
    assert stored_record(app_data_dir, "james").item(CPR).state is ItemState.DONE


def test_damaged_accounts_file_names_the_recover_command(app_data_dir: Path) -> None:
    app_data_dir.mkdir(parents=True)
    (app_data_dir / "accounts.json").write_bytes(b"torn")
    app = AppTest.from_file(APP_SCRIPT, default_timeout=APP_TIMEOUT_SECONDS).run()
    assert "python -m pathway recover" in app.error[0].value
    assert not app.button


def test_missing_accounts_file_of_a_used_folder_is_reported_not_recreated(
    checklist: AppTest, app_data_dir: Path
) -> None:
    st.cache_resource.clear()  # as after a restart: the server opens the folder afresh
    (app_data_dir / "accounts.json").unlink()
    app = AppTest.from_file(APP_SCRIPT, default_timeout=APP_TIMEOUT_SECONDS).run()
    assert "accounts.json" in app.error[0].value
    assert not (app_data_dir / "accounts.json").exists()


def test_a_file_with_no_good_backup_says_so_when_asked_to_put_one_back(
    checklist: AppTest, open_page: Callable[[str], AppTest], app_data_dir: Path
) -> None:
    path = learner_file(app_data_dir)
    for backup in (path.parent / ".backups").glob(f"{path.name}.*"):
        backup.write_bytes(b"torn too")
    path.write_bytes(b"torn")
    page = open_page("pages/checklist.py").button(key="recover_learner_file").click().run()
    assert any("No readable backup" in error.value for error in page.error)
    assert path.read_bytes() == b"torn"


def test_a_new_learners_damaged_file_comes_back_empty_from_its_first_backup(
    app: AppTest, app_data_dir: Path
) -> None:
    create_account(app, "maria", "Maria", "correct horse battery")
    learner_file(app_data_dir).write_bytes(b"torn")
    page = app.switch_page("pages/checklist.py").run()
    page.button(key="recover_learner_file").click().run()
    again = app.switch_page("pages/checklist.py").run()
    assert not again.error
    assert again.checkbox(key=TICK).value is False


def spoil(path: Path) -> bytes:
    """Set one stored state to a value the app does not know, as a hand edit would; the bytes."""
    data = json.loads(path.read_text())
    for document in data["progress"].values():
        document["state"] = "bogus"
    path.write_text(json.dumps(data))
    return path.read_bytes()


def test_regression_learner_file_with_one_bad_value_is_reported_and_offers_put_back(
    checklist: AppTest, open_page: Callable[[str], AppTest], app_data_dir: Path
) -> None:
    path = learner_file(app_data_dir)
    spoil(path)
    page = open_page("pages/checklist.py")
    assert not page.exception
    [message] = page.error
    assert path.name in message.value
    assert "holds a value this app cannot read" in message.value
    assert page.button(key="recover_learner_file").label == "Put back my last saved version"


def test_putting_back_a_file_with_a_bad_value_restores_the_last_tick_and_keeps_the_bad_file(
    checklist: AppTest, open_page: Callable[[str], AppTest], app_data_dir: Path
) -> None:
    path = learner_file(app_data_dir)
    spoiled = spoil(path)
    open_page("pages/checklist.py").button(key="recover_learner_file").click().run()
    recovered = open_page("pages/checklist.py")
    assert not recovered.error
    assert recovered.checkbox(key=TICK).value is True
    [kept] = path.parent.glob(f"{path.name}.damaged-*")
    assert kept.read_bytes() == spoiled


def tick(tab: BrowserTab, value: bool) -> AppTest:
    """Tick or untick CPR in the browser: only its group's fragment reruns."""
    return tab.change(TICK, lambda app: app.checkbox(key=TICK).set_value(value))


def test_first_tick_after_a_refused_save_is_saved_once_the_disk_has_room(
    open_page: Callable[[str], AppTest],
    app_data_dir: Path,
    full_disk: Callable[[], None],
    free_disk: Callable[[], None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 18.12: a refused save once dropped the other groups' widget state.

    The next tick then ran another box's callback on a missing key and was itself never saved
    nor logged.
    """
    tab = BrowserTab(open_page("pages/checklist.py"), monkeypatch)
    full_disk()
    tick(tab, True)
    free_disk()
    page = tick(tab, True)
    assert not page.exception
    assert stored_record(app_data_dir).item(CPR).state is ItemState.DONE
    assert page.checkbox(key=TICK).value is True
    assert any("Saved" in toast.value for toast in page.toast)


def test_the_tick_shows_the_stored_state_after_every_refused_or_accepted_save(
    open_page: Callable[[str], AppTest],
    app_data_dir: Path,
    full_disk: Callable[[], None],
    free_disk: Callable[[], None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tab = BrowserTab(open_page("pages/checklist.py"), monkeypatch)
    expected, disk_is_full = False, False
    # (make the disk full or free before this tick, tick or untick)
    steps = [(None, True), (full_disk, False), (None, False), (free_disk, False),
             (None, True), (full_disk, False), (free_disk, True), (None, False)]  # fmt: skip
    for change_disk, ticked in steps:
        if change_disk is not None:
            change_disk()
            disk_is_full = change_disk is full_disk
        page = tick(tab, ticked)
        if not disk_is_full:
            expected = ticked
        assert not page.exception
        assert stored_record(app_data_dir).item(CPR).state is (
            ItemState.DONE if expected else ItemState.NOT_STARTED
        )
        assert page.checkbox(key=TICK).value is expected


def test_a_refused_task_change_is_saved_on_the_next_try_once_the_disk_has_room(
    open_page: Callable[[str], AppTest],
    app_data_dir: Path,
    content,
    full_disk: Callable[[], None],
    free_disk: Callable[[], None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 18.12 on the roadmap: each task control shows the stored state after each write."""
    task = content.roadmap.steps[0].tasks[0].id
    key = f"task:{task}"
    tab = BrowserTab(open_page("pages/roadmap.py"), monkeypatch)
    choose = lambda app: app.segmented_control(key=key).set_value(ItemState.DONE)  # noqa: E731
    full_disk()
    refused = tab.change(key, choose)
    assert refused.segmented_control(key=key).value is ItemState.NOT_STARTED
    free_disk()
    saved = tab.change(key, choose)
    assert not saved.exception
    assert stored_record(app_data_dir).item(task).state is ItemState.DONE
    assert saved.segmented_control(key=key).value is ItemState.DONE


def test_refused_skill_ratings_show_the_stored_ratings_and_save_once_there_is_room(
    open_page: Callable[[str], AppTest],
    app_data_dir: Path,
    content,
    full_disk: Callable[[], None],
    free_disk: Callable[[], None],
) -> None:
    skill = content.skills.skills[0].id
    page = open_page("pages/skills.py")
    full_disk()
    rate(page, {skill: 4})
    assert any("not saved" in error.value for error in page.error)
    assert page.select_slider(key=f"rating:{skill}").value is None
    free_disk()
    rate(page, {skill: 4})
    assert [snapshot.ratings for snapshot in stored_record(app_data_dir).snapshots] == [{skill: 4}]
    assert page.select_slider(key=f"rating:{skill}").value == 4


def test_a_form_write_on_a_full_disk_is_reported_and_the_page_still_drawn_whole(
    open_page: Callable[[str], AppTest], full_disk: Callable[[], None]
) -> None:
    page = open_page("pages/credentials.py")
    full_disk()
    add_credential(page, "cred.bls", date(2026, 3, 14))
    [message] = page.error
    assert "not saved" in message.value
    assert not page.toast
    assert any(button.form_id == "add_ce_form" for button in page.form_submit_button)
