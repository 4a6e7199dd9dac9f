"""Backup, restore and rollback of a populated demo data folder, through the real commands."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from filelock import FileLock, Timeout

from pathway import backup
from pathway.atomic_file import BACKUP_FOLDER
from pathway.auth import add_account_with_hash
from pathway.backup import BackupError, backup_folder, rollback_file
from pathway.content import load_content
from pathway.data_file import lock_path
from pathway.demo import fill_demo
from pathway.records import Classroom, ItemProgress, ItemState
from pathway.restore import restore_folder
from pathway.settings import PROJECT_ROOT
from pathway.store import Store
from tests.storage import save_progress
from tests.unit.test_cli import run_cli


@pytest.fixture
def demo_folder(tmp_path: Path) -> Path:
    """A data folder holding the demo class of six learners."""
    folder = tmp_path / "live"
    store = Store(folder)
    fill_demo(
        store, load_content(PROJECT_ROOT / "roadmap_data"), learners=6, today=date(2027, 3, 1)
    )
    store.close()
    return folder


def records_of(folder: Path) -> dict[str, object]:
    """Every account's record, by username, read through a fresh store."""
    store = Store(folder)
    try:
        return {a.username: store.read(a.user_id) for a in store.list_accounts()}
    finally:
        store.close()


def test_backup_then_restore_gives_back_every_record(demo_folder: Path, tmp_path: Path) -> None:
    archive = tmp_path / "term.zip"
    assert run_cli(demo_folder, "backup", str(archive)).returncode == 0
    restored = tmp_path / "restored"
    result = run_cli(restored, "restore", str(archive))
    assert result.returncode == 0, result.stderr
    assert records_of(restored) == records_of(demo_folder)


def test_backup_leaves_out_locks_and_rotating_backups(demo_folder: Path, tmp_path: Path) -> None:
    archive = tmp_path / "term.zip"
    backup_folder(demo_folder, archive)
    names = zipfile.ZipFile(archive).namelist()
    assert "accounts.json" in names
    assert not [n for n in names if n.endswith(".lock") or BACKUP_FOLDER in n]


def test_restore_refuses_a_folder_that_already_has_data(demo_folder: Path, tmp_path: Path) -> None:
    archive = tmp_path / "term.zip"
    backup_folder(demo_folder, archive)
    before = (demo_folder / "accounts.json").read_bytes()
    with pytest.raises(BackupError, match="already holds data"):
        restore_folder(archive, demo_folder)
    assert (demo_folder / "accounts.json").read_bytes() == before


def test_restore_refuses_something_that_is_not_a_backup(tmp_path: Path) -> None:
    fake = tmp_path / "fake.zip"
    fake.write_bytes(b"not a zip")
    with pytest.raises(BackupError, match="not a backup archive"):
        restore_folder(fake, tmp_path / "new")


def test_rollback_writes_the_live_file_under_its_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path)
    store.add_class(
        Classroom(name="Evening", start_date=date(2027, 1, 4), owner_id="o", join_code="J")
    )
    store.close()
    path = tmp_path / "classes.json"
    held_while_writing: list[bool] = []
    write = backup.write_atomically

    def checking_write(target: Path, text: str, **options: int) -> None:
        try:
            FileLock(lock_path(target)).acquire(timeout=0)
        except Timeout:
            held_while_writing.append(True)
        else:
            held_while_writing.append(False)
        write(target, text, **options)

    monkeypatch.setattr(backup, "write_atomically", checking_write)
    rollback_file(path, 1)
    assert held_while_writing == [True]


def test_rollback_puts_back_the_previous_version_of_a_learner_file(
    tmp_path: Path, passphrase_hash
) -> None:
    store = Store(tmp_path)
    maria = add_account_with_hash(store, "maria", "Maria", passphrase_hash("correct horse battery"))
    save_progress(store, maria.user_id, "req.cpr.card", ItemProgress(state=ItemState.DONE))
    save_progress(store, maria.user_id, "req.cpr.card", ItemProgress(state=ItemState.NOT_STARTED))
    path = tmp_path / "learners" / f"{maria.user_id}.json"
    rollback_file(path, 1)
    assert store.read(maria.user_id).item("req.cpr.card").state is ItemState.DONE
    assert json.loads(path.read_text())["meta"]["1"]["schema_version"] == 1
    store.close()
