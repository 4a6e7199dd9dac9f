"""Backing up the whole data folder, rolling one data file back, and forgetting deleted accounts.

Restoring an archive is `pathway.restore`; it uses the rule for data file names kept here.
"""

from __future__ import annotations

import json
import os
import re
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from pathway.atomic_file import (
    BACKUP_FOLDER,
    PRIVATE_FILE_MODE,
    backup_path,
    private_opener,
    write_atomically,
)
from pathway.data_file import (
    BACKUP_VERSIONS,
    DataFileError,
    MissingDataFile,
    file_lock,
    read_data_file,
)

DATA_FILE_NAME = re.compile(r"[a-z][a-z0-9_-]*\.json|learners/[0-9a-f]{32}\.json")
"""Where a data file may sit in the folder (a path relative to it, with `/`): the shared files
at the top, one file per learner id under `learners/`. Backups hold these, evidence files
(`EVIDENCE_FILE_NAME`) and nothing else."""

EVIDENCE_FILE_NAME = re.compile(r"learners/([0-9a-f]{32})\.evidence/[0-9a-f]{32}\.(?:pdf|png|jpg)")
"""Where an evidence file may sit: in its learner's folder beside their record, named by its
id (`pathway.store`); the group is the learner's id."""


class BackupError(ValueError):
    """The backup, restore or rollback cannot be done; nothing was changed."""


def backup_folder(data_dir: Path, archive: Path) -> int:
    """Write every data file and evidence file under `data_dir` into a zip archive; how many.

    Lock files, temporary files and the rotating `.backups/` are left out. Each file is read
    whole, as it was at that moment (writes replace files atomically), so a backup taken while
    the server runs is consistent per file; stop the server for a consistent whole. The archive
    holds everyone's data, so it is made readable by its owner only.
    """
    files = sorted(path for path in data_dir.rglob("*") if _belongs_in_a_backup(data_dir, path))
    if not any(path.suffix == ".json" for path in files):
        raise BackupError(f"{data_dir} holds no MA Pathway data files.")
    with (
        open(archive, "wb", opener=private_opener) as handle,
        zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as bundle,
    ):
        for path in files:
            bundle.write(path, path.relative_to(data_dir).as_posix())
    return len(files)


def _belongs_in_a_backup(data_dir: Path, path: Path) -> bool:
    """Whether `path` is a data file or an evidence file of the folder, by its name alone."""
    name = path.relative_to(data_dir).as_posix()
    return bool(DATA_FILE_NAME.fullmatch(name) or EVIDENCE_FILE_NAME.fullmatch(name))


def rollback_file(path: Path, version: int = 1) -> None:
    """Put back the `version`-th previous version of a data file; the current becomes backup 1.

    Under the file's lock, like every writer: a running app writing the file meanwhile would
    otherwise rotate the backups under this write, or have its change silently replaced.
    """
    previous = backup_path(path, version)
    if not previous.exists():
        raise BackupError(f"No backup {version} of {path} exists.")
    with file_lock(path):
        write_atomically(path, previous.read_text(encoding="utf-8"), keep_versions=BACKUP_VERSIONS)


def recover_file(path: Path, check: Callable[[Path], object] = read_data_file) -> int:
    """Put back the newest backup of a damaged or missing data file that reads cleanly.

    Returns that backup's version (0 is a copy of the last version the app wrote). The damaged
    file is kept beside it as `<name>.damaged-<UTC time>`, out of the backup rotation so later
    writes never push it out; nothing is deleted. Raises BackupError when no backup is good.
    A backup is good when `check` raises no DataFileError (learner files also check values).
    """
    for version in range(BACKUP_VERSIONS + 1):
        candidate = backup_path(path, version)
        try:
            check(candidate)
        except DataFileError:
            continue
        with file_lock(path):
            if path.exists():
                damaged = damaged_copy_path(path)
                os.link(path, damaged)
                os.chmod(damaged, PRIVATE_FILE_MODE)  # another program may have made it 0644
            write_atomically(path, candidate.read_text(encoding="utf-8"))
        return version
    raise BackupError(f"No readable backup of {path} is left in {path.parent / BACKUP_FOLDER}.")


def damaged_copy_path(path: Path) -> Path:
    """Where a damaged version of `path` is kept when a backup is put back in its place."""
    return path.with_name(f"{path.name}.damaged-{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}")


def remove_rows_from_backups(path: Path, table: str, field: str, value: str) -> None:
    """Rewrite every backup of `path` without the documents of `table` whose `field` is `value`.

    What deleting an account leaves behind in the shared files' backups. A backup is a hard
    link to an older version, so each is replaced by a new file, never edited in place, and
    stays a valid data file `recover_file` can put back. A backup that does not read as a data
    file can never be put back and may hold the same rows: it is removed. Call it holding the
    file's lock, so that no write rotates the backups meanwhile.
    """
    for version in range(BACKUP_VERSIONS + 1):
        backup = backup_path(path, version)
        try:
            data = read_data_file(backup)
        except MissingDataFile:
            continue
        except DataFileError:
            backup.unlink(missing_ok=True)
            continue
        documents = data.get(table, {})
        kept = {
            number: document
            for number, document in documents.items()
            if not (isinstance(document, dict) and document.get(field) == value)
        }
        if len(kept) < len(documents):
            write_atomically(backup, json.dumps({**data, table: kept}, ensure_ascii=False))


def remove_backups_and_leftovers(path: Path) -> None:
    """Delete every backup, damaged copy, lock and temporary file left of a deleted data file.

    All of them are named after the file (`<name>.<n>`, `<name>.damaged-<time>`,
    `.<name>.lock`, `.<name>.<id>.tmp`), in its folder or in the backups beside it.
    """
    prefixes = (f"{path.name}.", f".{path.name}.")
    for folder in (path.parent, path.parent / BACKUP_FOLDER):
        if folder.is_dir():
            for leftover in folder.iterdir():
                if leftover.name.startswith(prefixes) and leftover.is_file():
                    leftover.unlink(missing_ok=True)
