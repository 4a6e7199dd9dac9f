"""Specifies `python -m pathway restore`: an archive is checked whole before anything is written.

Issue 18.11: a 310 KB zip unpacked 300 MB; a full disk left a half-restored folder that a retry
then refused; an archive without accounts.json overwrote a newer learner file; a non-JSON
accounts.json was restored unchecked. Each refusal below leaves the target as it was and no
temporary folder beside it.
"""

from __future__ import annotations

import errno
import io
import os
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from pathway import atomic_file, restore
from pathway.accounts import Account
from pathway.backup import BackupError, backup_folder
from pathway.restore import MAX_FILE_BYTES, restore_folder
from pathway.store import Store
from tests.unit.test_data_failures import _FullDiskHandle

LEARNER = "learners/" + "a" * 32 + ".json"
"""A well-formed learner file name that belongs to no account."""


@pytest.fixture
def backup_files(store: Store, add_learner: Callable[[str], Account], data_dir: Path) -> dict:
    """The members of a real backup of a folder with two learners: name to bytes."""
    add_learner("maria")
    add_learner("james")
    archive = data_dir.parent / "real.zip"
    backup_folder(data_dir, archive)
    with zipfile.ZipFile(archive) as bundle:
        return {name: bundle.read(name) for name in bundle.namelist()}


@pytest.fixture
def target(tmp_path: Path) -> Path:
    """The data folder to restore into; it does not exist yet."""
    return tmp_path / "restored"


def zip_of(path: Path, files: dict[str, bytes]) -> Path:
    """Write `files` (name to bytes) as a deflated zip archive at `path`."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for name, data in files.items():
            bundle.writestr(name, data)
    return path


def assert_nothing_written(target: Path) -> None:
    """The target was not created and no temporary restore folder is left beside it."""
    assert not target.exists()
    assert [p.name for p in target.parent.iterdir() if ".restoring-" in p.name] == []


def test_a_whole_backup_is_restored_and_opens_as_a_store(
    backup_files: dict, target: Path, tmp_path: Path
) -> None:
    archive = zip_of(tmp_path / "term.zip", backup_files)
    assert restore_folder(archive, target) == len(backup_files)
    store = Store(target)
    try:
        assert [a.username for a in store.list_accounts()] == ["maria", "james"]
    finally:
        store.close()
    assert_nothing_written(tmp_path / "no-such-folder")  # and no temporary folder is left


def test_an_empty_existing_folder_is_restored_into(
    backup_files: dict, target: Path, tmp_path: Path
) -> None:
    target.mkdir()
    restore_folder(zip_of(tmp_path / "term.zip", backup_files), target)
    assert (target / "accounts.json").read_bytes() == backup_files["accounts.json"]


# Size limits ---------------------------------------------------------------------------------


def test_regression_a_zip_bomb_is_refused_before_anything_is_unpacked(
    backup_files: dict, target: Path, tmp_path: Path
) -> None:
    bomb = zip_of(tmp_path / "bomb.zip", {**backup_files, LEARNER: b" " * (MAX_FILE_BYTES + 1)})
    assert bomb.stat().st_size < 100_000
    with pytest.raises(BackupError, match="over the limit"):
        restore_folder(bomb, target)
    assert_nothing_written(target)


def test_an_archive_over_the_total_size_is_refused(
    backup_files: dict, target: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(restore, "MAX_TOTAL_BYTES", sum(map(len, backup_files.values())) - 1)
    with pytest.raises(BackupError, match=r"would unpack to .* over the limit"):
        restore_folder(zip_of(tmp_path / "term.zip", backup_files), target)
    assert_nothing_written(target)


def test_an_archive_with_too_many_files_is_refused(
    backup_files: dict, target: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(restore, "MAX_MEMBERS", len(backup_files) - 1)
    with pytest.raises(BackupError, match="holds 4 files, over 3"):
        restore_folder(zip_of(tmp_path / "term.zip", backup_files), target)
    assert_nothing_written(target)


def test_a_member_holding_more_than_its_stated_size_is_refused(
    backup_files: dict, target: Path, tmp_path: Path
) -> None:
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for name, data in backup_files.items():
            bundle.writestr(name, data)
    data = bytearray(raw.getvalue())
    # Understate the accounts file's size in the central directory, as a crafted bomb does.
    entry = data.find(b"PK\x01\x02")
    while data[entry + 46 : entry + 46 + len("accounts.json")] != b"accounts.json":
        entry = data.find(b"PK\x01\x02", entry + 4)
    struct.pack_into("<I", data, entry + 24, 10)
    lying = tmp_path / "lying.zip"
    lying.write_bytes(bytes(data))
    with pytest.raises(BackupError, match=r"accounts\.json is damaged"):
        restore_folder(lying, target)
    assert_nothing_written(target)


# A full disk ---------------------------------------------------------------------------------


class _DiskFullAfter:
    """`open` for atomic_file: the first `room` files are written, then the disk is full."""

    def __init__(self, room: int) -> None:
        self.room = room

    def __call__(self, *arguments: object, **options: object) -> object:
        self.room -= 1
        if self.room >= 0:
            return open(*arguments, **options)  # the caller closes it
        return _FullDiskHandle(*arguments, **options)


def test_regression_a_full_disk_leaves_no_partial_folder_and_the_restore_can_run_again(
    backup_files: dict, target: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = zip_of(tmp_path / "term.zip", backup_files)
    monkeypatch.setattr(atomic_file, "open", _DiskFullAfter(room=2), raising=False)
    with pytest.raises(BackupError, match=os.strerror(errno.ENOSPC)):
        restore_folder(archive, target)
    assert_nothing_written(target)
    monkeypatch.undo()
    assert restore_folder(archive, target) == len(backup_files)


# Only a whole, valid backup into an empty folder -------------------------------------------


def test_regression_a_folder_holding_a_newer_learner_file_is_refused_and_left_as_it_was(
    backup_files: dict, target: Path, tmp_path: Path
) -> None:
    [learner] = [name for name in backup_files if name.startswith("learners/")][:1]
    newer = target / learner
    newer.parent.mkdir(parents=True)
    newer.write_bytes(b"a newer version, with no accounts file beside it")
    with pytest.raises(BackupError, match="already holds data"):
        restore_folder(zip_of(tmp_path / "term.zip", backup_files), target)
    assert newer.read_bytes() == b"a newer version, with no accounts file beside it"
    assert sorted(p.name for p in target.rglob("*")) == sorted(["learners", newer.name])


@pytest.mark.parametrize("required", ["accounts.json", "classes.json"])
def test_an_archive_missing_a_shared_file_is_refused(
    backup_files: dict, target: Path, tmp_path: Path, required: str
) -> None:
    del backup_files[required]
    with pytest.raises(BackupError, match=f"has no {required}"):
        restore_folder(zip_of(tmp_path / "term.zip", backup_files), target)
    assert_nothing_written(target)


def test_regression_an_accounts_file_that_is_not_json_is_refused(
    backup_files: dict, target: Path, tmp_path: Path
) -> None:
    backup_files["accounts.json"] = b"<html>not a data file</html>"
    with pytest.raises(BackupError, match=r"accounts\.json is not valid JSON"):
        restore_folder(zip_of(tmp_path / "term.zip", backup_files), target)
    assert_nothing_written(target)


def test_a_damaged_learner_file_is_refused_by_name(
    backup_files: dict, target: Path, tmp_path: Path
) -> None:
    [learner, *_] = [name for name in backup_files if name.startswith("learners/")]
    backup_files[learner] = b'{"meta": {"1": {"schema_version": 9}}}'
    with pytest.raises(BackupError, match=f"{learner} has schema version 9"):
        restore_folder(zip_of(tmp_path / "term.zip", backup_files), target)
    assert_nothing_written(target)


def test_an_account_entry_that_does_not_validate_is_refused(
    backup_files: dict, target: Path, tmp_path: Path
) -> None:
    data = backup_files["accounts.json"].replace(b'"role": "learner"', b'"role": "root"', 1)
    assert data != backup_files["accounts.json"]
    backup_files["accounts.json"] = data
    with pytest.raises(BackupError, match=r"invalid entry \(Account role: Input should be"):
        restore_folder(zip_of(tmp_path / "term.zip", backup_files), target)
    assert_nothing_written(target)


def test_an_account_without_its_learner_file_is_refused(
    backup_files: dict, target: Path, tmp_path: Path
) -> None:
    [learner, *_] = [name for name in backup_files if name.startswith("learners/")]
    del backup_files[learner]
    with pytest.raises(BackupError, match=f"{learner} is missing"):
        restore_folder(zip_of(tmp_path / "term.zip", backup_files), target)
    assert_nothing_written(target)


@pytest.mark.parametrize("name", ["../outside.json", "/tmp/absolute.json", "learners/../x.json"])
def test_names_that_leave_the_folder_are_refused(
    backup_files: dict, target: Path, tmp_path: Path, name: str
) -> None:
    with pytest.raises(BackupError, match="unsafe name"):
        restore_folder(zip_of(tmp_path / "term.zip", {**backup_files, name: b"{}"}), target)
    assert_nothing_written(target)
    assert not (tmp_path / "outside.json").exists()


def test_a_file_that_is_not_a_data_file_is_refused(
    backup_files: dict, target: Path, tmp_path: Path
) -> None:
    archive = zip_of(tmp_path / "term.zip", {**backup_files, "notes.txt": b"hello"})
    with pytest.raises(BackupError, match=r"'notes\.txt', which is not an MA Pathway data file"):
        restore_folder(archive, target)
    assert_nothing_written(target)
