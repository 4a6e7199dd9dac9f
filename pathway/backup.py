"""Backing up and restoring the whole data folder, and rolling one data file back a version."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from filelock import FileLock

from pathway.atomic_file import BACKUP_FOLDER, backup_path, write_atomically
from pathway.data_file import BACKUP_VERSIONS, DataFileError, lock_path, read_data_file


class BackupError(ValueError):
    """The backup, restore or rollback cannot be done; nothing was changed."""


def backup_folder(data_dir: Path, archive: Path) -> int:
    """Write every data file under `data_dir` into a zip archive; the number of files.

    Lock files, temporary files and the rotating `.backups/` are left out. Each file is read
    whole, as it was at that moment (writes replace files atomically), so a backup taken while
    the server runs is consistent per file; stop the server for a consistent whole.
    """
    files = sorted(path for path in data_dir.rglob("*.json") if BACKUP_FOLDER not in path.parts)
    if not files:
        raise BackupError(f"{data_dir} holds no MA Pathway data files.")
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for path in files:
            bundle.write(path, path.relative_to(data_dir).as_posix())
    return len(files)


def restore_folder(archive: Path, data_dir: Path) -> int:
    """Unpack a backup into an empty or new data folder; the number of files restored."""
    if (data_dir / "accounts.json").exists():
        raise BackupError(f"{data_dir} already holds data; restore into an empty folder.")
    try:
        bundle = zipfile.ZipFile(archive)
    except (FileNotFoundError, zipfile.BadZipFile) as error:
        raise BackupError(f"{archive} is not a backup archive ({error}).") from None
    with bundle:
        names = bundle.namelist()
        unsafe = [
            n for n in names if PurePosixPath(n).is_absolute() or ".." in PurePosixPath(n).parts
        ]
        if unsafe or "accounts.json" not in names:
            raise BackupError(f"{archive} is not an MA Pathway backup.")
        bundle.extractall(data_dir)
    return len(names)


def rollback_file(path: Path, version: int = 1) -> None:
    """Put back the `version`-th previous version of a data file; the current becomes backup 1."""
    previous = backup_path(path, version)
    if not previous.exists():
        raise BackupError(f"No backup {version} of {path} exists.")
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
        with FileLock(lock_path(path)):
            if path.exists():
                os.link(path, damaged_copy_path(path))
            write_atomically(path, candidate.read_text(encoding="utf-8"))
        return version
    raise BackupError(f"No readable backup of {path} is left in {path.parent / BACKUP_FOLDER}.")


def damaged_copy_path(path: Path) -> Path:
    """Where a damaged version of `path` is kept when a backup is put back in its place."""
    return path.with_name(f"{path.name}.damaged-{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}")
