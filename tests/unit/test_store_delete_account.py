"""Specifies "Delete my account": nothing of the account is left anywhere in the data folder.

Issue 18.6: the notes stayed in the learner file's backups, the account row with its passphrase
hash in the accounts file's backups, and the memberships in the classes file's backups. Every
other account's backups must still be good enough to put back. That the account is gone from
everything the store returns holds on every backend.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from pathway.accounts import Account
from pathway.atomic_file import BACKUP_FOLDER, backup_path
from pathway.auth import sign_up
from pathway.backup import recover_file
from pathway.classes import create_class, join_class
from pathway.data_file import BACKUP_VERSIONS, read_data_file
from pathway.records import ItemProgress, ItemState
from pathway.storage import MissingData
from pathway.store import Store
from tests.storage import change_item, on_every_backend, save_progress

NOTE = "Background check cleared by Officer Quintrell-Vasquez, ref 55-XQ-9071"


@pytest.fixture
def maria(store: Store, instructor: Account) -> Account:
    """A signed-in learner in a class, with a distinctive note written and ticked over."""
    account = sign_up(store, "maria.unique", "Maria Unique", "correct horse battery")
    store.sessions.redeem(store.sessions.begin_sign_in(account, keep=True))
    evening = create_class(store, instructor, "MA Evening", date(2027, 1, 11))
    join_class(store, account, evening.join_code)
    save_progress(store, account.user_id, "req.background.check", ItemProgress(note=NOTE))
    for item in ("req.cpr.card", "req.background.drug_screen", "req.background.check"):
        change_item(
            store, account.user_id, item, lambda p: p.model_copy(update={"state": ItemState.DONE})
        )
    return account


@pytest.fixture
def james(store: Store, maria: Account) -> Account:
    """Another learner, signed up after Maria, who keeps his account."""
    account = sign_up(store, "james", "James", "another long passphrase")
    save_progress(store, account.user_id, "req.cpr.card", ItemProgress(state=ItemState.DONE))
    return account


def files_holding(folder: Path, text: str) -> list[str]:
    """Every file under `folder` (dotfiles and backups included) whose bytes contain `text`."""
    needle = text.encode("utf-8")
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and needle in path.read_bytes():
            found.append(path.relative_to(folder).as_posix())
    return found


@on_every_backend
def test_a_deleted_account_is_gone_from_everything_the_store_returns(
    store: Store, maria: Account, james: Account
) -> None:
    assert store.sessions.sign_ins(maria.user_id)  # the test can see them
    store.delete_account(maria.user_id)
    assert store.find_account("maria.unique") is None
    assert [account.username for account in store.list_accounts()] == ["rivera", "james"]
    assert maria.user_id not in {m.user_id for m in store.list_memberships()}
    assert store.sessions.sign_ins(maria.user_id) == []
    with pytest.raises(MissingData):
        store.read(maria.user_id)
    assert store.read(james.user_id).item("req.cpr.card").state is ItemState.DONE


def test_regression_deleted_account_leaves_no_note_username_or_hash_in_any_backup(
    store: Store, maria: Account, james: Account, data_dir: Path
) -> None:
    traces = (NOTE, maria.username, maria.passphrase_hash, maria.user_id)
    assert all(files_holding(data_dir, trace) for trace in traces)  # the test can see them
    store.delete_account(maria.user_id)
    assert {trace: files_holding(data_dir, trace) for trace in traces} == {
        trace: [] for trace in traces
    }


def test_deleting_removes_every_file_named_after_the_learner(
    store: Store, maria: Account, data_dir: Path
) -> None:
    learners = data_dir / "learners"
    damaged_copy = learners / f"{maria.user_id}.json.damaged-20270101T000000000000Z"
    damaged_copy.write_text(NOTE)
    store.delete_account(maria.user_id)
    left = [p.name for p in (*learners.iterdir(), *(learners / BACKUP_FOLDER).iterdir())]
    assert [name for name in left if maria.user_id in name] == []


def test_every_accounts_backup_stays_a_data_file_without_the_deleted_account(
    store: Store, maria: Account, james: Account, data_dir: Path
) -> None:
    store.delete_account(maria.user_id)
    accounts = data_dir / "accounts.json"
    for version in range(BACKUP_VERSIONS + 1):
        backup = backup_path(accounts, version)
        if backup.exists():
            stored = read_data_file(backup).get("accounts", {})
            usernames = [a["username"] for a in stored.values()]
            assert "maria.unique" not in usernames
    newest_with_james = read_data_file(backup_path(accounts, 0))["accounts"]
    assert [a["username"] for a in newest_with_james.values()] == ["rivera", "james"]


def test_accounts_file_is_recoverable_from_its_scrubbed_backups(
    store: Store, maria: Account, james: Account, data_dir: Path
) -> None:
    store.delete_account(maria.user_id)
    store.close()
    accounts = data_dir / "accounts.json"
    accounts.write_bytes(b"damaged")
    recover_file(accounts)
    reopened = Store(data_dir)
    try:
        assert reopened.find_account("james") == james
        assert reopened.find_account("maria.unique") is None
    finally:
        reopened.close()


def test_an_older_accounts_backup_keeps_its_other_rows_when_scrubbed(
    store: Store, maria: Account, james: Account, data_dir: Path
) -> None:
    accounts = data_dir / "accounts.json"
    older = backup_path(accounts, 1)
    before = json.loads(older.read_text())["accounts"]
    store.delete_account(maria.user_id)
    # The deletion's own write rotated the backups: the old backup 1 is now backup 2.
    after = json.loads(backup_path(accounts, 2).read_text())["accounts"]
    assert list(after.values()) == [a for a in before.values() if a["user_id"] != maria.user_id]


def test_a_damaged_backup_of_the_accounts_file_is_removed_rather_than_left_holding_rows(
    store: Store, maria: Account, james: Account, data_dir: Path
) -> None:
    damaged = backup_path(data_dir / "accounts.json", 3)
    damaged.write_text('{"accounts": {"1": {"username": "maria.unique"')  # cut short
    store.delete_account(maria.user_id)
    assert not files_holding(data_dir, "maria.unique")


def test_memberships_of_other_learners_stay_in_the_classes_backups(
    store: Store, maria: Account, james: Account, data_dir: Path
) -> None:
    [evening] = store.list_classes()
    join_class(store, james, evening.join_code)
    store.delete_account(maria.user_id)
    classes = data_dir / "classes.json"
    members = read_data_file(backup_path(classes, 1))["memberships"].values()
    assert [m["user_id"] for m in members] == [james.user_id]
