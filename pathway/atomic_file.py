"""Crash-safe file replacement and cheap change detection for the data files.

A data file is never rewritten in place: the new text goes to a temporary file in the same
folder, is flushed to disk, and then atomically takes the old file's name. A crash leaves
either the old or the new file, never a torn one.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from pathlib import Path
from typing import NamedTuple


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


def write_atomically(path: Path, text: str) -> None:
    """Replace `path` with `text` so that readers and crashes see the old or the new whole."""
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable: on Linux that needs an fsync of the folder."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
