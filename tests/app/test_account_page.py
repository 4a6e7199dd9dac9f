"""My account: display name and passphrase (issue 19.5) and an export of another account (19.6).

Driven through AppTest on the real page over a real data folder; the passphrase checks are the
sign-up rules and the sign-in throttle of `pathway.auth`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pathway import settings, throttle
from pathway.auth import SignInFailed, add_account_with_hash, sign_in
from pathway.portability import export_learner
from pathway.records import ItemProgress, ItemState
from pathway.sessions import signed_in_account
from pathway.store import Store
from pathway.throttle import FREE_FAILURES, SignInThrottle
from tests.app.conftest import new_session, shown
from tests.storage import save_progress, set_role

PASSPHRASE = "correct horse battery"
NEW_PASSPHRASE = "violet lantern harbour"
MARKDOWN_NAME = "**Maria** [home](https://x.example) :red[G]"


@pytest.fixture
def people(app_data_dir: Path, passphrase_hash: Callable[[str], str]) -> None:
    """Maria, a learner, and Rivera, an instructor, both signing in with PASSPHRASE."""
    store = Store(app_data_dir)
    try:
        for username, name in (("maria", "Maria Garcia"), ("rivera", "Ana Rivera")):
            add_account_with_hash(store, username, name, passphrase_hash(PASSPHRASE))
        set_role(store, "rivera", "instructor")
    finally:
        store.close()


def my_account(username: str) -> AppTest:
    return new_session(username).switch_page("pages/account.py").run()


def stored_name(app_data_dir: Path, username: str) -> str:
    store = Store(app_data_dir)
    try:
        account = store.find_account(username)
        assert account is not None
        return account.display_name
    finally:
        store.close()


def save_name(page: AppTest, name: str) -> AppTest:
    page.text_input(key="new_display_name").input(name)
    next(b for b in page.button if b.label == "Save name").click()
    return page.run()


def change_passphrase(
    page: AppTest, current: str, new: str, repeated: str | None = None
) -> AppTest:
    page.text_input(key="current_passphrase").input(current)
    page.text_input(key="account_new_passphrase").input(new)
    page.text_input(key="account_repeated_passphrase").input(new if repeated is None else repeated)
    next(b for b in page.button if b.label == "Change passphrase").click()
    return page.run()


@pytest.mark.parametrize("username", ["maria", "rivera"])
def test_a_learner_or_instructor_changes_their_display_name(
    people: None, app_data_dir: Path, username: str
) -> None:
    page = save_name(my_account(username), "  Maria G.  ")
    assert stored_name(app_data_dir, username) == "Maria G."
    assert f"Maria G. (username {username})" in [text.value for text in page.text]
    assert not page.exception


def test_the_new_display_name_is_shown_as_literal_text(people: None, app_data_dir: Path) -> None:
    page = save_name(my_account("maria"), MARKDOWN_NAME)
    assert stored_name(app_data_dir, "maria") == MARKDOWN_NAME
    assert f"{MARKDOWN_NAME} (username maria)" in [text.value for text in page.text]
    assert [shown(toast.value) for toast in page.toast] == [f"Your name is now {MARKDOWN_NAME}"]


def test_a_blank_display_name_is_refused_saying_why(people: None, app_data_dir: Path) -> None:
    page = save_name(my_account("maria"), "   ")
    assert [shown(error.value) for error in page.error] == [
        "Enter the name to show on your dashboard."
    ]
    assert stored_name(app_data_dir, "maria") == "Maria Garcia"


def test_the_passphrase_changes_given_the_current_one(people: None, app_data_dir: Path) -> None:
    page = change_passphrase(my_account("rivera"), PASSPHRASE, NEW_PASSPHRASE)
    assert not page.error
    store = Store(app_data_dir)
    try:
        assert sign_in(store, "rivera", NEW_PASSPHRASE, SignInThrottle()).username == "rivera"
        with pytest.raises(SignInFailed):
            sign_in(store, "rivera", PASSPHRASE, SignInThrottle())
    finally:
        store.close()


def test_a_wrong_current_passphrase_changes_nothing(people: None, app_data_dir: Path) -> None:
    page = change_passphrase(my_account("maria"), "not my passphrase", NEW_PASSPHRASE)
    assert [shown(error.value) for error in page.error] == [
        "That is not your current passphrase. Nothing was changed."
    ]
    store = Store(app_data_dir)
    try:
        assert sign_in(store, "maria", PASSPHRASE, SignInThrottle()).username == "maria"
    finally:
        store.close()


def test_a_new_passphrase_is_held_to_the_sign_up_rules(people: None) -> None:
    page = change_passphrase(my_account("maria"), PASSPHRASE, "short")
    assert [shown(error.value) for error in page.error] == [
        "Passphrases need at least 8 characters."
    ]


def test_the_two_new_passphrases_must_match(people: None) -> None:
    page = change_passphrase(my_account("maria"), PASSPHRASE, NEW_PASSPHRASE, "violet lantern")
    assert [shown(error.value) for error in page.error] == ["The two passphrases differ."]


def test_guessing_the_current_passphrase_is_throttled_like_sign_in(people: None) -> None:
    """Failed sign-ins and wrong current passphrases share one count per username."""
    failed_sign_ins = throttle.for_data_folder(settings.data_dir())
    for _ in range(FREE_FAILURES - 1):
        failed_sign_ins.record_failure("maria")
    page = change_passphrase(my_account("maria"), "not my passphrase", NEW_PASSPHRASE)
    page = change_passphrase(page, "still not it", NEW_PASSPHRASE)
    page = change_passphrase(page, PASSPHRASE, NEW_PASSPHRASE)
    [error] = page.error
    assert shown(error.value).startswith("Too many failed sign-ins. Try again in")


def test_a_passphrase_change_ends_the_accounts_other_sign_ins(
    people: None, app_data_dir: Path
) -> None:
    store = Store(app_data_dir)
    try:
        maria = store.find_account("maria")
        assert maria is not None
        redeemed = store.sessions.redeem(store.sessions.begin_sign_in(maria, keep=True))
        assert redeemed is not None
        phone = redeemed[0]
        change_passphrase(my_account("maria"), PASSPHRASE, NEW_PASSPHRASE)
        assert signed_in_account(store, phone) is None
    finally:
        store.close()


def test_an_account_without_a_passphrase_has_none_to_change(app_data_dir: Path) -> None:
    store = Store(app_data_dir)
    try:
        add_account_with_hash(store, "school", "School Login", "")
    finally:
        store.close()
    page = my_account("school")
    assert not [b for b in page.button if b.label == "Change passphrase"]
    assert any("no passphrase to change" in caption.value for caption in page.caption)


@pytest.fixture
def anna_export(people: None, app_data_dir: Path) -> bytes:
    """An export of "anna", who ticked CPR on her own before her instructor made "maria"."""
    store = Store(app_data_dir)
    try:
        anna = add_account_with_hash(store, "anna", "Anna Alone", "")
        save_progress(store, anna.user_id, "req.cpr.card", ItemProgress(state=ItemState.DONE))
        return export_learner(store, anna)
    finally:
        store.close()


def upload_export(page: AppTest, data: bytes | None) -> AppTest:
    if data is not None:
        page.file_uploader(key="import_file").set_value(("export.json", data, "application/json"))
    next(b for b in page.form_submit_button if b.form_id == "import_form").click()
    return page.run()


def marias_progress(app_data_dir: Path) -> dict[str, ItemProgress]:
    store = Store(app_data_dir)
    try:
        maria = store.find_account("maria")
        assert maria is not None
        return dict(store.read(maria.user_id).progress)
    finally:
        store.close()


def test_an_export_of_another_account_asks_naming_both(
    anna_export: bytes, app_data_dir: Path
) -> None:
    page = upload_export(my_account("maria"), anna_export)
    assert [shown(warning.value) for warning in page.warning] == [
        "This export is from anna; import it into maria?"
    ]
    assert marias_progress(app_data_dir) == {}
    assert not page.error


def test_confirming_imports_another_accounts_export(anna_export: bytes, app_data_dir: Path) -> None:
    page = upload_export(my_account("maria"), anna_export)
    page.button(key="import_other_account").click().run()
    assert marias_progress(app_data_dir)["req.cpr.card"].state is ItemState.DONE
    assert [shown(toast.value) for toast in page.toast] == ["Imported your data"]
    assert not page.warning


def test_cancelling_imports_nothing(anna_export: bytes, app_data_dir: Path) -> None:
    page = upload_export(my_account("maria"), anna_export)
    page.button(key="cancel_import_other_account").click().run()
    assert marias_progress(app_data_dir) == {}
    assert not page.warning


def test_import_without_a_file_asks_for_one(people: None) -> None:
    page = upload_export(my_account("maria"), None)
    assert [warning.value for warning in page.warning] == ["Choose a JSON file first."]
