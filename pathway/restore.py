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
import re
import shutil
import tempfile
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from pydantic import ValidationError

from pathway.atomic_file import make_private_folder, sync_folder, write_atomically
from pathway.backup import DATA_FILE_NAME, EVIDENCE_FILE_NAME, BackupError
from pathway.data_file import DataFileError, read_data_file
from pathway.records import LearnerRecord
from pathway.store import (
    EVIDENCE_FOLDER_SUFFIX,
    Store,
    evidence_folder,
    evidence_path,
    remove_unlisted_evidence,
)
from pathway.verification import (
    EVIDENCE_FILE_MAX_BYTES,
    EVIDENCE_LEARNER_MAX_BYTES,
    evidence_kind,
)

MAX_MEMBERS = 50_000
"""Files an archive may hold: far more than the learners one server is built for."""

MAX_FILE_BYTES = 32 * 2**20
"""Unpacked size of one file: an accounts file of 50,000 accounts is about 20 MiB."""

MAX_TOTAL_BYTES = 512 * 2**20
"""Unpacked size of the archive's data files, as its directory states it (a zip bomb states it
too: reading stops at the stated size and a member that holds more fails its checksum).
Evidence files are bounded apart, by the app's own limits: 5 MB each, 50 MB a learner."""

_EVIDENCE_FOLDER_ENTRY = re.compile(r"learners/[0-9a-f]{32}\.evidence/")

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
    evidence_bytes: Counter[str] = Counter()
    for entry in entries:
        name = entry.filename
        if PurePosixPath(name).is_absolute() or ".." in PurePosixPath(name).parts:
            raise BackupError(f"{archive} holds an unsafe name, {name!r}; nothing was restored.")
        if name == "learners/" or _EVIDENCE_FOLDER_ENTRY.fullmatch(name):
            continue  # a folder entry, as some zip tools add
        evidence = EVIDENCE_FILE_NAME.fullmatch(name)
        if not (evidence or DATA_FILE_NAME.fullmatch(name)):
            raise BackupError(f"{archive} holds {name!r}, which is not an MA Pathway data file.")
        if entry.flag_bits & 0x1 or entry.compress_type not in (
            zipfile.ZIP_STORED,
            zipfile.ZIP_DEFLATED,
        ):
            raise BackupError(f"{archive}: {name} is encrypted or compressed in an unknown way.")
        limit = EVIDENCE_FILE_MAX_BYTES if evidence else MAX_FILE_BYTES
        if entry.file_size > limit:
            raise BackupError(
                f"{archive}: {name} would unpack to {entry.file_size:,} bytes, over the limit "
                f"of {limit:,} for one file."
            )
        if evidence:
            evidence_bytes[evidence.group(1)] += entry.file_size
        members.append(entry)
    names = [member.filename for member in members]
    if len(set(names)) < len(names):
        raise BackupError(f"{archive} holds a file twice; it is not an MA Pathway backup.")
    over = [
        user_id for user_id, size in evidence_bytes.items() if size > EVIDENCE_LEARNER_MAX_BYTES
    ]
    if over:
        raise BackupError(
            f"{archive}: learners/{over[0]}{EVIDENCE_FOLDER_SUFFIX} would unpack to "
            f"{evidence_bytes[over[0]]:,} bytes, over one learner's {EVIDENCE_LEARNER_MAX_BYTES:,}."
        )
    total = sum(m.file_size for m in members if not EVIDENCE_FILE_NAME.fullmatch(m.filename))
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
    """Write each member into `staging` as a private file (0600 in 0700 folders).

    Data files must be UTF-8 text; evidence files are bytes, checked against their record later.
    """
    for member in members:
        try:
            data = bundle.read(member)
            content = data if EVIDENCE_FILE_NAME.fullmatch(member.filename) else data.decode()
        except (zipfile.BadZipFile, zlib.error, EOFError, UnicodeDecodeError) as error:
            raise BackupError(f"{archive}: {member.filename} is damaged ({error}).") from None
        target = staging / member.filename
        make_private_folder(target.parent)
        write_atomically(target, content)


def _check_as_the_app_reads_it(staging: Path, archive: Path) -> None:
    """Refuse unless every file and every entry in it reads as the app would read it.

    Each file must be a data file of this schema version; each account, class, membership and
    learner record must validate as the store loads it, and every evidence file a record lists
    must be in the archive as listed. Evidence no record lists is left out.
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
                record = store.read(user_id)
            except DataFileError as error:
                raise BackupError(_problem(archive, staging, error.path, error.problem)) from None
            except ValueError as error:
                raise BackupError(
                    f"{archive}: learners/{user_id}.json holds an invalid entry ({_reason(error)})."
                ) from None
            _check_evidence(staging, archive, user_id, record)
            # A crashed upload's leftover the app would remove at the next evidence change.
            remove_unlisted_evidence(evidence_folder(staging, user_id), record.evidence)
    finally:
        store.close()
    for folder in (staging / "learners").glob(f"*{EVIDENCE_FOLDER_SUFFIX}"):
        if folder.name.removesuffix(EVIDENCE_FOLDER_SUFFIX) not in learner_ids:
            shutil.rmtree(folder)  # the evidence of a learner whose record is gone


def _check_evidence(staging: Path, archive: Path, user_id: str, record: LearnerRecord) -> None:
    """Refuse unless every file the record lists is in the archive, of the size and kind listed.

    A record must never list a file that is not there: the learner would see a file nobody
    can open.
    """
    folder = evidence_folder(staging, user_id)
    for evidence in record.evidence:
        path = evidence_path(folder, evidence)
        name = path.relative_to(staging).as_posix()
        if not path.is_file():
            raise BackupError(
                f"{archive}: learners/{user_id}.json lists {name}, which the archive lacks; "
                "nothing was restored."
            )
        data = path.read_bytes()
        if len(data) != evidence.size or evidence_kind(data) != evidence.kind:
            raise BackupError(
                f"{archive}: {name} is not the {evidence.kind} file of {evidence.size:,} bytes "
                "its record lists; nothing was restored."
            )


def _problem(archive: Path, staging: Path, path: Path, problem: str) -> str:
    return f"{archive}: {path.relative_to(staging).as_posix()} {problem}; nothing was restored."


def _reason(error: ValueError) -> str:
    """The first field at fault and why, in one line."""
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        return f"{error.title} {'.'.join(map(str, first['loc']))}: {first['msg']}"
    return str(error).splitlines()[0]
