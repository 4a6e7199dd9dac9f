"""Specifies what happens when the disk or a data file fails: nothing is lost, everything is named.

A write the operating system refuses (full disk, read-only folder) raises UnsavedChange naming
the file and leaves its last version byte for byte. A damaged or missing file can be put back
from its automatic backups, and the damaged one is kept aside, never deleted. A used data folder
whose accounts file is gone is refused instead of being given a new, empty one.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock

from pathway import atomic_file
from pathway.accounts import Account
from pathway.atomic_file import BACKUP_FOLDER, backup_path
from pathway.backup import BackupError, recover_file
from pathway.data_file import MissingDataFile, UnsavedChange, read_data_file
from pathway.records import ItemProgress, ItemState
from pathway.store import Store
from tests.storage import learner_file, save_progress
from tests.unit.test_cli import run_cli
from tests.unit.test_store import spoil_state

DONE = ItemProgress(state=ItemState.DONE)
IN_PROGRESS = ItemProgress(state=ItemState.IN_PROGRESS)


class _FullDiskHandle:
    """A real temporary file whose writes fail as they do on a full disk."""

    def __init__(self, *open_arguments: Any, **open_options: Any) -> None:
        self._handle = open(*open_arguments, **open_options)  # noqa: SIM115 closed in __exit__

    def __enter__(self) -> _FullDiskHandle:
        return self

    def __exit__(self, *exception: object) -> None:
        self._handle.close()

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def replace_with(path: Path, damaged: bytes) -> None:
    """Replace `path` by a new file, as editors and sync tools do (a new inode, not in place)."""
    replacement = path.with_name("replacement.tmp")
    replacement.write_bytes(damaged)
    os.replace(replacement, path)


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Call to make every data file write fail with ENOSPC, as on a full disk."""

    def fill() -> None:
        monkeypatch.setattr(atomic_file, "open", _FullDiskHandle, raising=False)

    return fill


@pytest.fixture
def read_only_folder(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Call to make creating any file fail with EROFS, as in a read-only folder.

    Simulated rather than done with chmod: the tests may run as root, whom chmod does not stop.
    """

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    def make_read_only() -> None:
        monkeypatch.setattr(atomic_file, "open", refuse, raising=False)
        monkeypatch.setattr(FileLock, "acquire", refuse)

    return make_read_only


@pytest.fixture
def maria(store: Store, add_learner: Callable[[str], Account]) -> Account:
    """A learner with the CPR card ticked, so her file has a version worth keeping."""
    account = add_learner("maria")
    save_progress(store, account.user_id, "req.cpr.card", DONE)
    return account


# Writes the disk refuses --------------------------------------------------------------------


def test_tick_on_a_full_disk_raises_unsaved_change_naming_the_file_and_reason(
    store: Store, maria: Account, data_dir: Path, full_disk: Callable[[], None]
) -> None:
    full_disk()
    with pytest.raises(UnsavedChange) as raised:
        save_progress(store, maria.user_id, "req.cpr.card", IN_PROGRESS)
    assert str(learner_file(data_dir, maria.user_id)) in str(raised.value)
    assert "the disk is full" in str(raised.value)


def test_tick_on_a_full_disk_leaves_the_file_byte_for_byte_and_no_temporary_file(
    store: Store, maria: Account, data_dir: Path, full_disk: Callable[[], None]
) -> None:
    path = learner_file(data_dir, maria.user_id)
    before = path.read_bytes()
    full_disk()
    with pytest.raises(UnsavedChange):
        save_progress(store, maria.user_id, "req.cpr.card", IN_PROGRESS)
    assert path.read_bytes() == before
    assert not list(path.parent.glob(".*.tmp"))


def test_store_still_reads_the_last_saved_state_after_a_refused_write(
    store: Store, maria: Account, full_disk: Callable[[], None]
) -> None:
    full_disk()
    with pytest.raises(UnsavedChange):
        save_progress(store, maria.user_id, "req.cpr.card", IN_PROGRESS)
    assert store.read(maria.user_id).item("req.cpr.card").state is ItemState.DONE


def test_tick_in_a_read_only_folder_raises_unsaved_change(
    store: Store, maria: Account, read_only_folder: Callable[[], None]
) -> None:
    read_only_folder()
    with pytest.raises(UnsavedChange, match="read-only"):
        save_progress(store, maria.user_id, "req.cpr.card", IN_PROGRESS)


def test_sign_up_in_a_read_only_folder_raises_unsaved_change_for_the_accounts_file(
    store: Store, add_learner: Callable[[str], Account], read_only_folder: Callable[[], None]
) -> None:
    read_only_folder()
    with pytest.raises(UnsavedChange, match=r"accounts\.json"):
        add_learner("maria")


def test_writes_succeed_again_once_the_disk_has_room(
    store: Store, maria: Account, monkeypatch: pytest.MonkeyPatch, full_disk: Callable[[], None]
) -> None:
    full_disk()
    with pytest.raises(UnsavedChange):
        save_progress(store, maria.user_id, "req.cpr.card", IN_PROGRESS)
    monkeypatch.undo()
    save_progress(store, maria.user_id, "req.cpr.card", IN_PROGRESS)
    assert store.read(maria.user_id).item("req.cpr.card").state is ItemState.IN_PROGRESS


# A used folder whose accounts file is gone -------------------------------------------------


def test_missing_accounts_file_of_a_used_folder_is_refused_not_recreated(
    store: Store, maria: Account, data_dir: Path
) -> None:
    store.close()
    (data_dir / "accounts.json").unlink()
    with pytest.raises(MissingDataFile, match=r"accounts\.json"):
        Store(data_dir)
    assert not (data_dir / "accounts.json").exists()


def test_new_folder_gets_empty_accounts_and_classes_files(data_dir: Path) -> None:
    Store(data_dir).close()
    assert read_data_file(data_dir / "accounts.json")
    assert read_data_file(data_dir / "classes.json")


# Putting back a backup -----------------------------------------------------------------------


def test_file_damaged_in_place_is_recovered_to_the_last_write(
    store: Store, maria: Account, data_dir: Path
) -> None:
    save_progress(store, maria.user_id, "req.cpr.card", IN_PROGRESS)
    path = learner_file(data_dir, maria.user_id)
    path.write_bytes(b'{"meta": {"1": {"schema_v')  # truncated in place

    assert recover_file(path) == 0
    assert store.read(maria.user_id).item("req.cpr.card").state is ItemState.IN_PROGRESS


def test_file_replaced_by_a_damaged_one_is_recovered_to_the_last_write(
    store: Store, maria: Account, data_dir: Path
) -> None:
    save_progress(store, maria.user_id, "req.cpr.card", IN_PROGRESS)
    path = learner_file(data_dir, maria.user_id)
    replace_with(path, b"<html>an error page a sync tool saved</html>")

    assert recover_file(path) == 0
    assert store.read(maria.user_id).item("req.cpr.card").state is ItemState.IN_PROGRESS


def test_recovering_keeps_the_damaged_file_aside_byte_for_byte(
    store: Store, maria: Account, data_dir: Path
) -> None:
    path = learner_file(data_dir, maria.user_id)
    path.write_bytes(b"damaged \x00 bytes")
    recover_file(path)
    [kept] = path.parent.glob(f"{path.name}.damaged-*")
    assert kept.read_bytes() == b"damaged \x00 bytes"


def test_recovering_skips_backups_that_are_damaged_too(
    store: Store, maria: Account, data_dir: Path
) -> None:
    path = learner_file(data_dir, maria.user_id)
    save_progress(store, maria.user_id, "req.cpr.card", IN_PROGRESS)
    for version in (0, 1):
        backup_path(path, version).write_bytes(b"also damaged")
    path.write_bytes(b"damaged")
    assert recover_file(path) == 2


def test_recovering_a_missing_file_puts_back_its_backup(
    store: Store, maria: Account, data_dir: Path
) -> None:
    path = learner_file(data_dir, maria.user_id)
    path.unlink()
    recover_file(path)
    assert read_data_file(path)["meta"]


def test_recovering_without_a_good_backup_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "lonely.json"
    path.write_bytes(b"damaged")
    with pytest.raises(BackupError, match=BACKUP_FOLDER):
        recover_file(path)
    assert path.read_bytes() == b"damaged"


def test_store_reads_a_recovered_learner_file_again(
    store: Store, maria: Account, data_dir: Path
) -> None:
    learner_file(data_dir, maria.user_id).write_bytes(b"damaged")
    store.put_back(maria.user_id)
    assert store.read(maria.user_id).item("req.cpr.card").state is ItemState.DONE


def test_other_learners_keep_saving_while_one_file_is_damaged(
    store: Store, maria: Account, add_learner: Callable[[str], Account], data_dir: Path
) -> None:
    james = add_learner("james")
    learner_file(data_dir, maria.user_id).write_bytes(b"damaged")
    save_progress(store, james.user_id, "req.cpr.card", DONE)
    assert store.read(james.user_id).item("req.cpr.card").state is ItemState.DONE


def test_recover_command_puts_back_the_accounts_file(
    store: Store, maria: Account, data_dir: Path
) -> None:
    store.close()
    accounts = data_dir / "accounts.json"
    accounts.write_bytes(b"damaged")
    result = run_cli(data_dir, "recover", str(accounts))
    assert result.returncode == 0, result.stderr
    reopened = Store(data_dir)
    assert reopened.find_account("maria") == maria
    reopened.close()


# Leftovers of crashed writers ----------------------------------------------------------------


def test_opening_a_store_removes_temporary_files_a_crash_left_long_ago(
    store: Store, maria: Account, data_dir: Path
) -> None:
    store.close()
    leftovers = [
        data_dir / ".accounts.json.dead.tmp",
        data_dir / "learners" / f".{maria.user_id}.json.dead.tmp",
        data_dir / "learners" / BACKUP_FOLDER / f".{maria.user_id}.json.0.dead.tmp",
    ]
    for leftover in leftovers:
        leftover.write_text("half a write")
        os.utime(leftover, (0, 0))
    Store(data_dir).close()
    assert not [leftover for leftover in leftovers if leftover.exists()]


def test_opening_a_store_keeps_a_temporary_file_a_live_write_may_own(
    store: Store, maria: Account, data_dir: Path
) -> None:
    in_progress = data_dir / "learners" / f".{maria.user_id}.json.live.tmp"
    in_progress.write_text("being written by another process")
    Store(data_dir).close()
    assert in_progress.exists()


def test_recover_command_skips_learner_backups_holding_a_value_the_records_refuse(
    store: Store, maria: Account, data_dir: Path
) -> None:
    save_progress(store, maria.user_id, "req.cpr.card", ItemProgress(state=ItemState.IN_PROGRESS))
    save_progress(store, maria.user_id, "req.cpr.card", DONE)
    path = learner_file(store.data_dir, maria.user_id)
    store.close()
    spoil_state(path)
    spoil_state(backup_path(path, 0))

    result = run_cli(data_dir, "recover", str(path))

    assert result.returncode == 0, result.stderr
    reopened = Store(data_dir)
    assert reopened.read(maria.user_id).item("req.cpr.card").state is ItemState.IN_PROGRESS
    reopened.close()
