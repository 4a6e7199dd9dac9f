"""One TinyDB database file: held in memory, written atomically, guarded by locks.

This is the only module that imports tinydb. TinyDB's own JSONStorage re-parses the file on
every query and rewrites it in place; `_MemoryJSONStorage` keeps the parsed data between
writes, reloads only when another process has replaced the file, and never writes over a
file it could not read.
"""

from __future__ import annotations

import contextlib
import copy
import errno
import json
import threading
from collections.abc import Callable, Hashable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from filelock import FileLock
from tinydb import Query
from tinydb.storages import Storage
from tinydb.table import Table

from pathway.atomic_file import (
    PRIVATE_FILE_MODE,
    FileSignature,
    file_signature,
    make_private_folder,
    write_atomically,
)
from pathway.storage import DamagedData, MissingData, NotSaved, StorageError

SCHEMA_VERSION = 1
"""Version of the layout of every data file; stored in each file's `meta` table."""

BACKUP_VERSIONS = 5
"""Previous versions kept of every data file (in `.backups/` beside it), for rolling back."""

MAX_NESTING = 32
"""Deepest nesting of lists and objects accepted in a data file or an import. The app's own
files are five levels deep; a file nested thousands deep would exhaust Python's recursion limit
when it is parsed, copied or written, far from where it was read."""

T = TypeVar("T")

TableAccess = Callable[[str], Table]
"""What readers and writers receive: a function from a table name to that TinyDB table."""

Tables = dict[str, list[dict[str, Any]]]
"""Every table but `meta`, each as its documents in stored order."""

IndexKeys = Callable[[dict[str, Any]], Iterable[Hashable]]
"""The keys a document is found under in one index (`DataFile.find`), e.g. its username."""


class DataFileError(StorageError):
    """A data file cannot be used; the file is left exactly as it was found.

    The storage error of a file: its subject names the file, and its command is the recover
    command that puts back the file's last good backup.
    """

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(
            f"Data file {path} {problem}. It has been left untouched.",
            subject=f"data file {path}",
            problem=problem,
            operator_command=f"python -m pathway recover {path}",
        )
        self.path = path


class DamagedDataFile(DataFileError, DamagedData):
    """The file exists but is not a readable MA Pathway database."""


class MissingDataFile(DataFileError, MissingData):
    """A file that should exist (it was created before) is gone."""


class UnsavedChange(DataFileError, NotSaved):
    """A change could not be written (full disk, read-only folder); the file keeps its last one."""


_WRITE_FAILURES = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the data folder is on a read-only file system",
    errno.EACCES: "the data folder is not writable",
    errno.EPERM: "the data folder is not writable",
}


@contextlib.contextmanager
def _reported_as_unsaved(path: Path) -> Iterator[None]:
    """Turn an operating-system failure while writing `path` into an UnsavedChange naming it."""
    try:
        yield
    except OSError as error:
        reason = _WRITE_FAILURES.get(error.errno or 0, error.strerror or str(error))
        raise UnsavedChange(path, f"could not be saved: {reason}") from error


def lock_path(path: Path) -> Path:
    """The lock file every writer of `path`, in any process, holds while it writes."""
    return path.with_name(f".{path.name}.lock")


class UnreadableJSON(ValueError):
    """Bytes that are not JSON this app can hold; the message is one line saying why."""


def parse_json(raw: bytes) -> Any:
    """The JSON value in `raw`, or UnreadableJSON with a one-line reason.

    Every way `json.loads` can fail ends here: bytes that are not UTF-8, bad syntax, nesting
    past the recursion limit, and integers longer than Python converts (4,300 digits).
    """
    try:
        value = json.loads(raw)
    except UnicodeDecodeError:
        raise UnreadableJSON("is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise UnreadableJSON(f"is not valid JSON ({error})") from None
    except RecursionError:
        raise UnreadableJSON(f"is nested more than {MAX_NESTING} levels deep") from None
    except ValueError:  # int_max_str_digits: Python refuses to convert so long a number
        raise UnreadableJSON("holds a number too long to read") from None
    if _nesting(value) > MAX_NESTING:
        raise UnreadableJSON(f"is nested more than {MAX_NESTING} levels deep")
    return value


def _nesting(value: Any) -> int:
    """How deeply lists and objects nest in `value` (to one past the limit), without recursion."""
    deepest, level = 0, [value]
    while level and deepest <= MAX_NESTING:
        containers = [item for item in level if isinstance(item, dict | list)]
        if containers:
            deepest += 1
        level = [
            child
            for container in containers
            for child in (container.values() if isinstance(container, dict) else container)
        ]
    return deepest


def file_lock(path: Path) -> FileLock:
    """The lock on `path` shared by every writer in any process; its file is created 0600."""
    return FileLock(lock_path(path), mode=PRIVATE_FILE_MODE)


def read_data_file(path: Path) -> dict[str, Any]:
    """Parse a data file and check it is a TinyDB database of this app's schema version.

    Raises MissingDataFile or DamagedDataFile naming the file; also used to tell which backup
    of a damaged file is good enough to put back.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise MissingDataFile(path, "has disappeared") from None
    except OSError as error:
        raise DamagedDataFile(path, f"cannot be read ({error.strerror})") from None
    try:
        data = parse_json(raw)
    except UnreadableJSON as error:
        raise DamagedDataFile(path, str(error)) from None
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise DamagedDataFile(path, "does not hold TinyDB tables")
    versions = [
        document.get("schema_version") if isinstance(document, dict) else None
        for document in data.get("meta", {}).values()
    ]
    if versions != [SCHEMA_VERSION]:
        found = versions[0] if len(versions) == 1 else versions
        raise DamagedDataFile(
            path, f"has schema version {found!r}; this app reads version {SCHEMA_VERSION}"
        )
    return data


class _MemoryJSONStorage(Storage):
    """TinyDB storage that parses its file once and rewrites it atomically."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._data: dict[str, Any] | None = None
        self._signature: FileSignature | None = None
        self.generation = 0
        """Bumped whenever the held data is replaced (a write or a reload): indexes built on
        an older generation are stale."""

    def read(self) -> dict[str, Any] | None:
        """The whole database; a copy, so a failed write cannot leave memory ahead of disk."""
        return copy.deepcopy(self.held())

    def held(self) -> dict[str, Any] | None:
        """The parsed database itself, re-read if another process replaced the file.

        Not a copy: for building indexes only, which must not change it.
        """
        self._reload_if_replaced()
        return self._data

    def forget(self) -> None:
        """Make the next read parse the file, whatever its signature says.

        Writers call this under the file lock: on a filesystem with coarse timestamps another
        process's replacement could carry an equal signature, and a writer must never build on
        a stale version.
        """
        self._signature = None

    def write(self, data: dict[str, Any]) -> None:
        """Persist the whole database, then remember it as the current version."""
        # Not sort_keys: document ids are string keys, and sorting would put "10" before "2",
        # so a reloaded table would list snapshots and accounts out of creation order.
        with _reported_as_unsaved(self.path):
            write_atomically(
                self.path, json.dumps(data, ensure_ascii=False), keep_versions=BACKUP_VERSIONS
            )
        self._data = data
        self._signature = file_signature(self.path)
        self.generation += 1

    def _reload_if_replaced(self) -> None:
        signature = file_signature(self.path)
        if signature == self._signature:
            return
        if signature is None:
            raise MissingDataFile(self.path, "has disappeared")
        # Checked on every reload, not only on opening: a file another program replaced with
        # an older or newer layout must not be read, nor written back without its version.
        self._data, self._signature = read_data_file(self.path), signature
        self.generation += 1


class DataFile:
    """A TinyDB file shared by every session of this process, safe across threads and processes.

    All access holds the thread lock; every change also holds a file lock, re-reads the file if
    another process replaced it, and writes a whole new file. That is the one write path.
    """

    def __init__(self, path: Path, *, create: bool) -> None:
        self.path = path
        self._thread_lock = threading.RLock()
        self._file_lock = file_lock(path)
        if not path.exists():
            if not create:
                raise MissingDataFile(path, "is missing")
            with _reported_as_unsaved(path):
                make_private_folder(path.parent)
                with self._file_lock:
                    if not path.exists():
                        write_atomically(
                            path,
                            json.dumps({"meta": {"1": {"schema_version": SCHEMA_VERSION}}}),
                            keep_versions=BACKUP_VERSIONS,  # backup 0: even this can come back
                        )
        self._storage = _MemoryJSONStorage(path)
        self._indexes: dict[tuple[str, IndexKeys], tuple[int, dict[Hashable, str]]] = {}
        self._parsed: tuple[int, Any] | None = None
        with self._thread_lock:
            self._storage.read()  # refuses a damaged file or another schema version

    def read(self, reader: Callable[[TableAccess], T]) -> T:
        """Run `reader` with access to the tables, without changing anything."""
        with self._thread_lock:
            return reader(self._table)

    def find(self, table: str, keys: IndexKeys, key: Hashable) -> dict[str, Any] | None:
        """A copy of the one document of `table` found under `key` in the index `keys`, if any.

        O(1) in the table's size: the index is held with the parsed file and rebuilt only after
        the file changed (a write here, or another process's), so a look-up copies one document
        instead of the whole database as a TinyDB query does.
        """
        found = self.find_many(table, keys, [key])
        return found[0] if found else None

    def find_many(
        self, table: str, keys: IndexKeys, wanted: Iterable[Hashable]
    ) -> list[dict[str, Any]]:
        """Copies of the documents found under each of `wanted`, in that order; misses skipped."""
        with self._thread_lock:
            data = self._storage.held() or {}
            generation = self._storage.generation
            built = self._indexes.get((table, keys))
            if built is None or built[0] != generation:
                index = {
                    found: doc_id
                    for doc_id, document in data.get(table, {}).items()
                    for found in keys(document)
                }
                built = self._indexes[(table, keys)] = (generation, index)
            doc_ids = [built[1].get(key) for key in wanted]
            return [copy.deepcopy(data[table][d]) for d in doc_ids if d is not None]

    def documents(self) -> dict[str, list[dict[str, Any]]]:
        """Every table's documents in stored order, from the held data, for parsing into models.

        Not copied: the documents are the held data itself, so callers only validate them into
        models (which build their own containers) and never change them. Copying each learner
        file on every read was most of the cohort page's time (1,002 deep copies for 500
        learners, about 0.6 s of 1.2 s).
        """
        with self._thread_lock:
            data = self._storage.held() or {}
        return {name: list(table.values()) for name, table in data.items()}

    def parsed(self, parse: Callable[[dict[str, list[dict[str, Any]]]], T]) -> T:
        """`parse` of every table's documents, kept until the file changes.

        For a file read far more often than written (a learner's, read by every page of the
        learner and of their instructor): a rerun gets the record parsed on an earlier one
        instead of validating it again. `parse` must build frozen values nobody changes, as
        they are shared between sessions, and always be the same function for one file.
        A `parse` that raises keeps nothing, so a damaged file is reported on every read.
        """
        with self._thread_lock:
            data = self._storage.held() or {}
            generation = self._storage.generation
            if self._parsed is None or self._parsed[0] != generation:
                tables = {name: list(table.values()) for name, table in data.items()}
                self._parsed = (generation, parse(tables))
            result: T = self._parsed[1]
            return result

    def change(self, writer: Callable[[TableAccess], T]) -> T:
        """Run `writer` as the only writer of this file, across threads and processes."""
        with self._writing():
            return writer(self._table)

    def rewrite(
        self, writer: Callable[[dict[str, list[dict[str, Any]]]], tuple[T, Tables | None]]
    ) -> T:
        """Read every table, then replace every table but `meta`, as one locked atomic write.

        `writer` gets each table's documents in stored order and returns its result with the
        new tables, or with None to leave the file as it is. For files small enough to rewrite
        whole, as TinyDB does on every write anyway.
        """
        with self._writing():
            current = self._storage.read() or {}
            result, tables = writer({name: list(table.values()) for name, table in current.items()})
            if tables is not None:
                data = {"meta": current.get("meta", {"1": {"schema_version": SCHEMA_VERSION}})}
                for name, documents in tables.items():
                    data[name] = {str(n): doc for n, doc in enumerate(documents, start=1)}
                self._storage.write(data)
            return result

    def delete(self) -> None:
        """Remove the file (and its lock file) for good."""
        with self._writing():
            self.path.unlink(missing_ok=True)
        Path(self._file_lock.lock_file).unlink(missing_ok=True)

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """Hold both locks with a fresh view of the file; a failed write raises UnsavedChange.

        Taking the file lock can fail too: it creates a lock file in a folder that may have
        become read-only.
        """
        with self._thread_lock, _reported_as_unsaved(self.path), self._file_lock:
            self._storage.forget()
            yield

    def close(self) -> None:
        """Release the database; the file stays as last written."""
        self._storage.close()

    def _table(self, name: str) -> Table:
        # A fresh Table on every access, with no query cache: TinyDB's Table caches query
        # results and the next document id, and both go stale when another process writes
        # the file (a stale next id makes `insert` fail with "Document with ID n already
        # exists"). The storage already makes reads cheap.
        return Table(self._storage, name, cache_size=0)


def where(field: str, value: Any) -> Any:
    """A TinyDB condition `field == value`, so callers need not import tinydb."""
    return Query()[field] == value
