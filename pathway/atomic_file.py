"""Crash-safe file replacement and cheap change detection for the data files.

A data file is never rewritten in place: the new text goes to a temporary file in the same
folder, is flushed to disk, and then atomically takes the old file's name. A crash leaves
either the old or the new file, never a torn one.

Every file written here is the server's user's alone (0600) and every folder made here too
(0700): the files hold passphrase hashes and learners' notes, and the machine may have other
users.
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
import uuid
from pathlib import Path
from typing import NamedTuple

PRIVATE_FILE_MODE = 0o600
"""Data files, backups, lock files, temporary files and archives: the owner's alone."""

PRIVATE_FOLDER_MODE = 0o700
"""The data folder and every folder in it: no one but the owner may list or enter them."""


def private_opener(path: str, flags: int) -> int:
    """An `opener` for `open` that makes the file the owner's alone, whatever the umask.

    The mode given to os.open is filtered by the umask, so it is set again on the open file:
    that also tightens an existing file opened for writing.
    """
    descriptor = os.open(path, flags, PRIVATE_FILE_MODE)
    try:
        os.fchmod(descriptor, PRIVATE_FILE_MODE)
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor


def make_private_folder(folder: Path) -> None:
    """Create `folder` (and any missing parent) if needed, as the owner's alone (0700).

    Set again after creating, because mkdir's mode is filtered by the umask; missing parents
    get the usual mode, as they may be shared folders such as a home directory. An existing
    folder is left alone here (this runs on every write); opening a store tightens those.
    """
    if folder.is_dir():
        return
    try:
        folder.mkdir(mode=PRIVATE_FOLDER_MODE, parents=True)
    except FileExistsError:  # another process made it first, and set its mode
        return
    os.chmod(folder, PRIVATE_FOLDER_MODE)


def tighten_folder(folder: Path) -> None:
    """Make an existing folder 0700 if it is not (a looser one made by an older version).

    A folder the server's user may not change (another owner, a read-only disk) is left as it
    is: the data is no more exposed than before, and the app must still open.
    """
    with contextlib.suppress(OSError):
        if stat.S_IMODE(folder.stat().st_mode) != PRIVATE_FOLDER_MODE:
            os.chmod(folder, PRIVATE_FOLDER_MODE)


class FileSignature(NamedTuple):
    """Identity of one version of a file: any atomic replacement changes the inode."""

    inode: int
    size: int
    modified_ns: int


def file_signature(path: Path) -> FileSignature | None:
    """The current version's signature, or None when the file does not exist."""
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    return FileSignature(status.st_ino, status.st_size, status.st_mtime_ns)


BACKUP_FOLDER = ".backups"


def backup_path(path: Path, version: int) -> Path:
    """Where the `version`-th previous version of `path` is kept (1 is the most recent).

    Version 0 is a copy of the current version: if another program later damages the file, in
    place or by replacing it, the last version the app wrote is still there.
    """
    return path.parent / BACKUP_FOLDER / f"{path.name}.{version}"


STALE_TEMPORARY_SECONDS = 3600
"""A temporary file this old was left by a writer that crashed: a live write takes milliseconds."""


def remove_stale_temporaries(folder: Path) -> int:
    """Delete temporary files that crashed writers left in `folder` and its backups; how many.

    They are never read, so they only cost disk space; fresh ones may belong to a write in
    progress in another process and are left alone.
    """
    cutoff = time.time() - STALE_TEMPORARY_SECONDS
    removed = 0
    for candidate in (*folder.glob(".*.tmp"), *(folder / BACKUP_FOLDER).glob(".*.tmp")):
        with contextlib.suppress(FileNotFoundError):
            if candidate.stat().st_mtime < cutoff:
                candidate.unlink()
                removed += 1
    return removed


def write_atomically(path: Path, content: str | bytes, *, keep_versions: int = 0) -> None:
    """Replace `path` with `content` so that readers and crashes see the old or the new whole.

    Text is written as UTF-8; bytes (an evidence file) as they are.

    With `keep_versions`, the version being replaced is kept as backup 1 and older backups
    shift up to that many, so one bad write can be rolled back. Those are hard links, not
    copies, so their cost does not grow with the file. The new version is also copied to
    backup 0, a separate file that damage to `path` cannot reach.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with open(temporary, "wb", opener=private_opener) as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if keep_versions and path.exists():
            _rotate_backups(path, keep_versions)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise
    if keep_versions:
        # The write has happened; failing to copy it must not report it as failed.
        with contextlib.suppress(OSError):
            _copy_unsynced(data, backup_path(path, 0))
    sync_folder(path.parent)


def _rotate_backups(path: Path, keep_versions: int) -> None:
    make_private_folder(backup_path(path, 1).parent)
    for version in range(keep_versions - 1, 0, -1):
        older = backup_path(path, version)
        if older.exists():
            os.replace(older, backup_path(path, version + 1))
    with contextlib.suppress(FileNotFoundError):
        backup_path(path, 1).unlink()
    os.link(path, backup_path(path, 1))


def _copy_unsynced(data: bytes, copy: Path) -> None:
    """Replace `copy` with `data` atomically but without fsync: a spare, not the record itself.

    After a power cut it may hold an older version or be missing; recovery then reads backup 1.
    """
    make_private_folder(copy.parent)
    temporary = copy.with_name(f".{copy.name}.{uuid.uuid4().hex}.tmp")
    with open(temporary, "wb", opener=private_opener) as handle:
        handle.write(data)
    os.replace(temporary, copy)


def sync_folder(folder: Path) -> None:
    """Make the rename itself durable: on Linux that needs an fsync of the folder."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
