"""Test shorthands for common writes, each one `Storage.change` or `update_account` with a verb.

So behaviour tests write through the storage interface and never through one backend's tables,
and a second backend can later run them unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pathway.accounts import Role
from pathway.records import CEEntry, HeldCredential, ItemProgress, SkillSnapshot
from pathway.storage import Storage
from pathway.store import Store


def save_progress(store: Storage, user_id: str, item_id: str, progress: ItemProgress) -> None:
    """Store `progress` as the learner's progress on one item."""
    store.change(user_id, lambda record: record.with_item(item_id, progress))


def add_entry(store: Storage, user_id: str, entry: HeldCredential | CEEntry) -> None:
    """Keep one more held credential or education entry."""
    if isinstance(entry, HeldCredential):
        store.change(user_id, lambda record: record.with_credential(entry))
    else:
        store.change(user_id, lambda record: record.with_ce_entry(entry))


def add_snapshot(store: Storage, user_id: str, snapshot: SkillSnapshot) -> None:
    """Keep one more dated set of skill ratings."""
    store.change(user_id, lambda record: record.with_snapshot(snapshot))


def set_role(store: Storage, username: str, role: Role) -> None:
    """Make an existing account a learner or an instructor."""
    store.update_account(username, lambda account: account.with_role(role))


def learner_file(data_dir: Path, user_id: str) -> Path:
    """The TinyDB folder's file of one learner, for tests of the files themselves."""
    return data_dir / "learners" / f"{user_id}.json"


def change_item(
    store: Storage, user_id: str, item_id: str, change: Callable[[ItemProgress], ItemProgress]
) -> ItemProgress:
    """Apply `change` to one item's progress as one `Storage.change`; the stored progress."""
    return store.change(
        user_id, lambda record: record.with_item(item_id, change(record.item(item_id)))
    ).item(item_id)


def remove_entry(store: Storage, user_id: str, entry: HeldCredential | CEEntry) -> None:
    """Delete one held credential or education entry, found by its id."""
    store.change(user_id, lambda record: record.without_entry(entry))


def user_id_of(data_dir: Path, username: str) -> str:
    """The user id of an account, looked up through a separate store object on the folder."""
    store = Store(data_dir)
    try:
        account = store.find_account(username)
        assert account is not None, username
        return account.user_id
    finally:
        store.close()


BACKENDS = ("folder", "postgresql")
"""Every `Storage` implementation, as the `backend` fixture (tests/conftest.py) names them."""

on_every_backend = pytest.mark.parametrize("backend", BACKENDS, indirect=True)
"""Run a test once per backend, its `store` fixture being each in turn (as TinyDB runs its own
tests over memory and JSON storage): for behaviour every `Storage` promises, not files."""
