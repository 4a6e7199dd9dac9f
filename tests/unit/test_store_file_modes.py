"""Specifies who may read the data folder: its owner only (issue 18.5).

Every folder the app makes is 0700 and every file it writes (data files, backups, lock files,
temporary files, backup archives) is 0600, whatever the umask. The tests run under umask 000,
where a file created without an explicit mode would come out readable and writable by all.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pathway import atomic_file
from pathway.accounts import Account
from pathway.atomic_file import BACKUP_FOLDER
from pathway.auth import sign_up
from pathway.backup import backup_folder
from pathway.data_file import BACKUP_VERSIONS
from pathway.records import ItemProgress, ItemState
from pathway.restore import restore_folder
from pathway.store import Store
from tests.storage import save_progress
from tests.unit.test_store import new_account

DONE = ItemProgress(state=ItemState.DONE)


@pytest.fixture(autouse=True)
def open_umask() -> Iterator[None]:
    """Run each test with umask 000, so only an explicit mode keeps a file private."""
    previous = os.umask(0)
    yield
    os.umask(previous)


def modes_under(folder: Path) -> dict[str, str]:
    """The permission bits of `folder` and of every file and folder in it, dotfiles included."""
    found = {".": oct(stat.S_IMODE(folder.stat().st_mode))}
    for path in folder.rglob("*"):
        found[path.relative_to(folder).as_posix()] = oct(stat.S_IMODE(path.stat().st_mode))
    return found


def not_private(folder: Path) -> dict[str, str]:
    """Everything under `folder` that someone other than its owner could read or enter."""
    return {
        name: mode
        for name, mode in modes_under(folder).items()
        if mode != oct(0o700 if (folder / name).is_dir() else 0o600)
    }


def test_regression_accounts_file_and_its_hashes_are_unreadable_to_other_users_after_sign_up(
    store: Store, data_dir: Path
) -> None:
    sign_up(store, "maria", "Maria", "correct horse battery")
    assert stat.S_IMODE((data_dir / "accounts.json").stat().st_mode) == 0o600
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    assert not_private(data_dir) == {}


def test_a_tick_leaves_every_file_and_folder_private(
    store: Store, add_learner: Callable[[str], Account], data_dir: Path
) -> None:
    maria = add_learner("maria")
    save_progress(store, maria.user_id, "req.cpr.card", DONE)
    assert (data_dir / "learners" / BACKUP_FOLDER / f"{maria.user_id}.json.1").exists()
    assert not_private(data_dir) == {}


def test_rotated_backups_stay_private(
    store: Store, add_learner: Callable[[str], Account], data_dir: Path
) -> None:
    maria = add_learner("maria")
    for number in range(BACKUP_VERSIONS + 2):
        save_progress(store, maria.user_id, f"task.t{number}", DONE)
    backups = data_dir / "learners" / BACKUP_FOLDER
    assert len(list(backups.glob(f"{maria.user_id}.json.*"))) == BACKUP_VERSIONS + 1
    assert not_private(data_dir) == {}


def test_a_roster_import_leaves_every_file_and_folder_private(store: Store, data_dir: Path) -> None:
    added = store.add_accounts([new_account(f"learner{number}") for number in range(5)])
    assert len(added) == 5
    assert len(list((data_dir / "learners").glob("*.json"))) == 5
    assert not_private(data_dir) == {}


def test_temporary_files_are_private_before_they_take_the_data_files_name(
    store: Store,
    add_learner: Callable[[str], Account],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    maria = add_learner("maria")
    seen: list[int] = []
    real_replace = os.replace

    def replace_noting_mode(source: str | Path, target: str | Path) -> None:
        if Path(source).name.endswith(".tmp"):
            seen.append(stat.S_IMODE(os.stat(source).st_mode))
        real_replace(source, target)

    monkeypatch.setattr(atomic_file.os, "replace", replace_noting_mode)
    save_progress(store, maria.user_id, "req.cpr.card", DONE)
    assert len(seen) >= 2  # the learner file and its backup 0
    assert set(seen) == {0o600}


def test_opening_a_store_tightens_folders_an_older_version_left_open(
    store: Store, add_learner: Callable[[str], Account], data_dir: Path
) -> None:
    maria = add_learner("maria")
    save_progress(store, maria.user_id, "req.cpr.card", DONE)
    store.close()
    loose = [data_dir, data_dir / BACKUP_FOLDER, data_dir / "learners"]
    loose.append(data_dir / "learners" / BACKUP_FOLDER)
    for folder in loose:
        folder.chmod(0o755)
    Store(data_dir).close()
    assert {oct(stat.S_IMODE(folder.stat().st_mode)) for folder in loose} == {oct(0o700)}


def test_the_backup_archive_is_readable_by_its_owner_only(
    store: Store, add_learner: Callable[[str], Account], data_dir: Path, tmp_path: Path
) -> None:
    add_learner("maria")
    archive = tmp_path / "term.zip"
    archive.write_bytes(b"an older archive, made world-readable")
    archive.chmod(0o644)
    backup_folder(data_dir, archive)
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600


def test_a_restored_folder_is_private(
    store: Store, add_learner: Callable[[str], Account], data_dir: Path, tmp_path: Path
) -> None:
    add_learner("maria")
    archive = tmp_path / "term.zip"
    backup_folder(data_dir, archive)
    restored = tmp_path / "restored"
    restore_folder(archive, restored)
    assert not_private(restored) == {}
