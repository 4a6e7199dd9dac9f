"""Restoring a backup archive into a new data folder: checked whole before anything is written.

An archive is untrusted input: it may be a zip bomb, hold names that climb out of the folder,
miss the accounts file, or carry a damaged file. So the archive's directory is checked first
(names, count, sizes), then the files are unpacked into a temporary folder beside the data
folder and read the way the app reads them, and only a folder that passed every check is moved
into place, in one rename. A refusal, or a failure such as a full disk, removes the temporary
folder: the data folder is never left half restored, and the same command can simply be run
again.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from pydantic import ValidationError

from pathway.atomic_file import make_private_folder, sync_folder, write_atomically
from pathway.backup import DATA_FILE_NAME, BackupError
from pathway.data_file import DataFileError, read_data_file
from pathway.store import Store

MAX_MEMBERS = 50_000
"""Files an archive may hold: far more than the learners one server is built for."""

MAX_FILE_BYTES = 32 * 2**20
"""Unpacked size of one file: an accounts file of 50,000 accounts is about 20 MiB."""

MAX_TOTAL_BYTES = 512 * 2**20
"""Unpacked size of the whole archive, as its directory states it (a zip bomb states it too:
reading stops at the stated size and a member that holds more fails its checksum)."""

REQUIRED_FILES = ("accounts.json", "classes.json")
"""Without these an archive is not a whole backup: restoring it would leave learner files no
account can reach, or need a new empty accounts file next to them."""


def restore_folder(archive: Path, data_dir: Path) -> int:
    """Unpack a backup into a new or empty data folder; the number of data files restored.

    Raises BackupError, with `data_dir` as it was, when the folder is not empty or anything in
    the archive fails a check, and when writing fails (a full disk).
    """
    if data_dir.exists() and (not data_dir.is_dir() or any(data_dir.iterdir())):
        raise BackupError(f"{data_dir} already holds data; restore into a new or empty folder.")
    with _opened(archive) as bundle:
        members = _checked_members(bundle, archive)
        try:
            data_dir.parent.mkdir(parents=True, exist_ok=True)
            staging = Path(
                tempfile.mkdtemp(prefix=f".{data_dir.name}.restoring-", dir=data_dir.parent)
            )
            try:
                _unpack(bundle, members, staging, archive)
                _check_as_the_app_reads_it(staging, archive)
                os.rename(staging, data_dir)  # replaces an empty folder; refuses a filled one
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
            sync_folder(data_dir.parent)
        except OSError as error:
            raise BackupError(
                f"Restoring into {data_dir} failed ({error.strerror or error}); nothing was "
                "written there, and the restore can be run again."
            ) from None
    return len(members)


@contextmanager
def _opened(archive: Path) -> Iterator[zipfile.ZipFile]:
    try:
        bundle = zipfile.ZipFile(archive)
    except (OSError, zipfile.BadZipFile) as error:
        raise BackupError(f"{archive} is not a backup archive ({error}).") from None
    with bundle:
        yield bundle


def _checked_members(bundle: zipfile.ZipFile, archive: Path) -> list[zipfile.ZipInfo]:
    """The archive's data files, after checking names, count and sizes from its directory."""
    entries = bundle.infolist()
    if len(entries) > MAX_MEMBERS:
        raise BackupError(f"{archive} holds {len(entries):,} files, over {MAX_MEMBERS:,}.")
    members: list[zipfile.ZipInfo] = []
    for entry in entries:
        name = entry.filename
        if PurePosixPath(name).is_absolute() or ".." in PurePosixPath(name).parts:
            raise BackupError(f"{archive} holds an unsafe name, {name!r}; nothing was restored.")
        if name == "learners/":
            continue  # a folder entry, as some zip tools add
        if not DATA_FILE_NAME.fullmatch(name):
            raise BackupError(f"{archive} holds {name!r}, which is not an MA Pathway data file.")
        if entry.flag_bits & 0x1 or entry.compress_type not in (
            zipfile.ZIP_STORED,
            zipfile.ZIP_DEFLATED,
        ):
            raise BackupError(f"{archive}: {name} is encrypted or compressed in an unknown way.")
        if entry.file_size > MAX_FILE_BYTES:
            raise BackupError(
                f"{archive}: {name} would unpack to {entry.file_size:,} bytes, over the limit "
                f"of {MAX_FILE_BYTES:,} for one file."
            )
        members.append(entry)
    names = [member.filename for member in members]
    if len(set(names)) < len(names):
        raise BackupError(f"{archive} holds a file twice; it is not an MA Pathway backup.")
    total = sum(member.file_size for member in members)
    if total > MAX_TOTAL_BYTES:
        raise BackupError(
            f"{archive} would unpack to {total:,} bytes, over the limit of {MAX_TOTAL_BYTES:,}."
        )
    missing = [name for name in REQUIRED_FILES if name not in names]
    if missing:
        raise BackupError(f"{archive} has no {missing[0]}; it is not a whole MA Pathway backup.")
    return members


def _unpack(
    bundle: zipfile.ZipFile, members: list[zipfile.ZipInfo], staging: Path, archive: Path
) -> None:
    """Write each member into `staging` as a private data file (0600 in 0700 folders)."""
    for member in members:
        try:
            text = bundle.read(member).decode("utf-8")
        except (zipfile.BadZipFile, zlib.error, EOFError, UnicodeDecodeError) as error:
            raise BackupError(f"{archive}: {member.filename} is damaged ({error}).") from None
        target = staging / member.filename
        make_private_folder(target.parent)
        write_atomically(target, text)


def _check_as_the_app_reads_it(staging: Path, archive: Path) -> None:
    """Refuse unless every file and every entry in it reads as the app would read it.

    Each file must be a data file of this schema version; each account, class, membership and
    learner record must validate as the store loads it.
    """
    for path in sorted(staging.rglob("*.json")):
        try:
            read_data_file(path)
        except DataFileError as error:
            raise BackupError(_problem(archive, staging, path, error.problem)) from None
    store = Store(staging)
    try:
        for load in (store.list_accounts, store.list_classes, store.list_memberships):
            try:
                load()
            except ValueError as error:  # pydantic's ValidationError is one
                raise BackupError(f"{archive} holds an invalid entry ({_reason(error)}).") from None
        learner_ids = {account.user_id for account in store.list_accounts()}
        learner_ids |= {path.stem for path in (staging / "learners").glob("*.json")}
        for user_id in sorted(learner_ids):
            try:
                store.read(user_id)
            except DataFileError as error:
                raise BackupError(_problem(archive, staging, error.path, error.problem)) from None
            except ValueError as error:
                raise BackupError(
                    f"{archive}: learners/{user_id}.json holds an invalid entry ({_reason(error)})."
                ) from None
    finally:
        store.close()


def _problem(archive: Path, staging: Path, path: Path, problem: str) -> str:
    return f"{archive}: {path.relative_to(staging).as_posix()} {problem}; nothing was restored."


def _reason(error: ValueError) -> str:
    """The first field at fault and why, in one line."""
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        return f"{error.title} {'.'.join(map(str, first['loc']))}: {first['msg']}"
    return str(error).splitlines()[0]
