"""Rotating backups of every data file: the last versions are kept, and one can be rolled back."""

from __future__ import annotations

import json
from pathlib import Path

from pathway.atomic_file import backup_path, write_atomically
from pathway.data_file import BACKUP_VERSIONS
from pathway.records import ItemProgress, ItemState
from pathway.store import Store
from tests.storage import save_progress


def test_each_write_keeps_the_replaced_version_as_backup_one(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    write_atomically(path, "first", keep_versions=3)
    write_atomically(path, "second", keep_versions=3)
    assert path.read_text() == "second"
    assert backup_path(path, 1).read_text() == "first"


def test_only_the_requested_number_of_versions_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    for number in range(6):
        write_atomically(path, f"v{number}", keep_versions=3)
    kept = [backup_path(path, version).read_text() for version in (1, 2, 3)]
    assert kept == ["v4", "v3", "v2"]
    assert not backup_path(path, 4).exists()


def test_writing_a_backup_does_not_change_it_later(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    write_atomically(path, "old", keep_versions=2)
    write_atomically(path, "new", keep_versions=2)
    write_atomically(path, "newer", keep_versions=2)
    assert backup_path(path, 2).read_text() == "old"


def test_the_store_keeps_previous_versions_of_a_learner_file(
    store: Store, add_learner, data_dir: Path
) -> None:
    maria = add_learner("maria")
    for number in range(BACKUP_VERSIONS + 2):
        save_progress(store, maria.user_id, f"task.t{number}", ItemProgress(state=ItemState.DONE))
    path = data_dir / "learners" / f"{maria.user_id}.json"
    newest_backup = json.loads(backup_path(path, 1).read_text())
    assert len(newest_backup["progress"]) == BACKUP_VERSIONS + 1
    assert not backup_path(path, BACKUP_VERSIONS + 1).exists()
