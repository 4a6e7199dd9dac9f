"""The app's persistence: a small accounts file plus one data file per learner.

One file per learner keeps a tick's write cost independent of how many other learners the
server holds. Create one `Store` per process and data folder (the app keeps it in
`st.cache_resource`) and share it between sessions: it is thread-safe.
"""

from __future__ import annotations

import contextlib
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pathway import settings
from pathway.accounts import Account, IdentityLink, UsernameTaken
from pathway.atomic_file import (
    BACKUP_FOLDER,
    backup_path,
    make_private_folder,
    remove_stale_temporaries,
    tighten_folder,
    write_atomically,
)
from pathway.backup import (
    BackupError,
    recover_file,
    remove_backups_and_leftovers,
    remove_rows_from_backups,
)
from pathway.data_file import (
    DamagedDataFile,
    DataFile,
    TableAccess,
    Tables,
    read_data_file,
    where,
)
from pathway.evidence import AttachesEvidence
from pathway.records import (
    Classroom,
    EvidenceRecord,
    LearnerRecord,
    Membership,
    first_problem,
)
from pathway.sessions import SessionTokens
from pathway.storage import DamagedData, MissingData, NothingToPutBack, StorageError
from pathway.verification import EVIDENCE_EXTENSIONS

EVIDENCE_FOLDER_SUFFIX = ".evidence"
"""A learner's evidence files sit in `learners/<user_id>.evidence/`, beside their record."""


def _record_from(tables: dict[str, list[Any]], path: Path) -> LearnerRecord:
    """The record held in a learner file's tables; DamagedDataFile if a value is refused."""
    profile = tables.get("profile") or [{}]
    try:
        return LearnerRecord.model_validate(
            {
                "progress": {_item_id(d): d for d in tables.get("progress", [])},
                "snapshots": tables.get("skill_snapshots", []),
                "credentials": tables.get("credentials", []),
                "ce_entries": tables.get("ce_entries", []),
                "profile": profile[0],
                "check_offs": tables.get("check_offs", []),
                "hours": tables.get("externship_hours", []),
                "evidence": tables.get("evidence", []),
                "verifications": tables.get("requirement_verifications", []),
            }
        )
    except ValidationError as error:
        raise DamagedDataFile(
            path, f"holds a value this app cannot read ({first_problem(error)})"
        ) from None


def read_learner_file(path: Path) -> LearnerRecord:
    """Parse a learner file, or a backup of one, down to its record; DataFileError if it fails.

    How recovery tells a good backup from one holding the same bad value as the file.
    """
    data = read_data_file(path)
    return _record_from({name: list(table.values()) for name, table in data.items()}, path)


def _tables_of(record: LearnerRecord) -> Tables:
    """A learner file's tables holding `record` (`_record_from` reads them back)."""
    return {
        "progress": [
            {"item_id": item_id, **item.model_dump(mode="json")}
            for item_id, item in record.progress.items()
        ],
        "skill_snapshots": [s.model_dump(mode="json") for s in record.snapshots],
        "credentials": [c.model_dump(mode="json") for c in record.credentials],
        "ce_entries": [e.model_dump(mode="json") for e in record.ce_entries],
        "profile": [record.profile.model_dump(mode="json")],
        "check_offs": [e.model_dump(mode="json") for e in record.check_offs],
        "externship_hours": [e.model_dump(mode="json") for e in record.hours],
        "evidence": [e.model_dump(mode="json") for e in record.evidence],
        "requirement_verifications": [e.model_dump(mode="json") for e in record.verifications],
    }


@contextlib.contextmanager
def _whose(user_id: str) -> Iterator[None]:
    """Mark a storage error raised inside as this learner's: their page offers the put-back."""
    try:
        yield
    except StorageError as error:
        error.learner_id = user_id
        raise


def _item_id(document: object) -> object:
    """The item id a progress document is stored under; validation refuses a missing one."""
    return document.get("item_id") if isinstance(document, dict) else None


class Store(AttachesEvidence):
    """The TinyDB folder implementation of `pathway.storage.Storage`: one file per learner."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        accounts, classes = data_dir / "accounts.json", data_dir / "classes.json"
        # Creating a missing accounts or classes file is only safe in a new folder: anywhere
        # else an empty one would silently take the place of everyone's accounts.
        self._accounts = DataFile(accounts, create=self._never_written(accounts))
        self._classes = DataFile(classes, create=self._never_written(classes))
        self._learner_files: dict[str, DataFile] = {}
        self._learner_files_lock = threading.Lock()
        # Each shared file and table holding rows keyed by `user_id`: deleting an account
        # removes them there and in that file's backups. A new shared file adds its pair here.
        self._rows_of_an_account = ((self._accounts, "accounts"), (self._classes, "memberships"))
        self.sessions = SessionTokens(data_dir / "sessions", max_days=settings.session_days())
        """Sign-in tokens (hashes only), one file per account; see `pathway.sessions`."""
        for folder in (data_dir, data_dir / "learners", data_dir / "sessions"):
            # Folders made 0755 by an older version are tightened; new ones are made 0700.
            tighten_folder(folder)
            tighten_folder(folder / BACKUP_FOLDER)
            remove_stale_temporaries(folder)

    # Accounts -----------------------------------------------------------------------------

    def add_account(self, account: Account) -> None:
        """Register a new account and create its (empty) learner file."""

        def insert(table: TableAccess) -> None:
            accounts = table("accounts")
            if accounts.contains(where("username", account.username)):
                raise UsernameTaken(account.username)
            self._learner_file(account.user_id, create=True)
            accounts.insert(account.model_dump(mode="json"))

        self._accounts.change(insert)

    def add_accounts(self, accounts: list[Account]) -> list[Account]:
        """Register many new accounts in one write; those whose username is taken are skipped.

        One write, not one per account: the accounts file is rewritten whole on every write, so
        a 10,000-row roster added one by one would rewrite it 10,000 times. Returns the added.
        """

        def insert(table: TableAccess) -> list[Account]:
            stored = table("accounts")
            taken = {document["username"] for document in stored.all()}
            added = [account for account in accounts if account.username not in taken]
            for account in added:
                self._learner_file(account.user_id, create=True)
            stored.insert_multiple(account.model_dump(mode="json") for account in added)
            return added

        return self._accounts.change(insert)

    def update_account(self, username: str, change: Callable[[Account], Account]) -> Account:
        """Apply `change` to one account as one locked read-modify-write; the stored result.

        The username and user id stay whatever `change` returns: neither may change. KeyError
        when there is no such account. A `change` returning the account unchanged writes
        nothing, so a compare-and-swap (a rehash only if the hash is still the old one) is safe.
        """

        def apply(table: TableAccess) -> Account:
            accounts = table("accounts")
            found = accounts.get(where("username", username))
            if found is None:
                raise KeyError(username)
            before = Account.model_validate(found)
            after = Account.model_validate(change(before).model_dump(mode="json"))
            if (after.username, after.user_id) != (before.username, before.user_id):
                raise ValueError("An account's username and user id cannot change.")
            if after != before:
                accounts.update(after.model_dump(mode="json"), doc_ids=[found.doc_id])
            return after

        return self._accounts.change(apply)

    def find_account_by_identity(self, link: IdentityLink) -> Account | None:
        """The account this identity-provider login is linked to, if any."""
        found = self._accounts.find("accounts", _identities, _identity_key(link.model_dump()))
        return Account.model_validate(found) if found else None

    def link_identity(self, username: str, link: IdentityLink) -> Account | None:
        """Link an identity-provider login to an account, moving it off any other account.

        One locked write, so one login is never linked to two accounts. Returns the account it
        was moved from (None when it was not linked, or already linked to `username`).
        """
        document = link.model_dump(mode="json")

        def move(table: TableAccess) -> Account | None:
            accounts = table("accounts")
            target = accounts.get(where("username", username))
            if target is None:
                raise KeyError(username)
            previous = _linked_document(table, link)
            if previous is not None and previous["username"] == username:
                return None
            if previous is not None:
                kept = [i for i in previous.get("identities", []) if i != document]
                accounts.update({"identities": kept}, doc_ids=[previous.doc_id])
            identities = [*target.get("identities", []), document]
            accounts.update({"identities": identities}, doc_ids=[target.doc_id])
            return Account.model_validate(previous) if previous is not None else None

        return self._accounts.change(move)

    def add_linked_account(self, account: Account, usernames: Iterable[str]) -> Account:
        """The account already linked to `account`'s identities, or `account` added.

        Checked and added in one locked write, so two first sign-ins of one login at once make
        one account. It takes the first of `usernames` that is free at that moment, so two new
        logins wanting one username at once both get an account; UsernameTaken only when
        every candidate is taken.
        """

        def insert(table: TableAccess) -> Account:
            for link in account.identities:
                linked = _linked_document(table, link)
                if linked is not None:
                    return Account.model_validate(linked)
            accounts = table("accounts")
            taken = {document["username"] for document in accounts.all()}
            username = next((name for name in usernames if name not in taken), None)
            if username is None:
                raise UsernameTaken(account.username)
            added = account.model_copy(update={"username": username})
            self._learner_file(added.user_id, create=True)
            accounts.insert(added.model_dump(mode="json"))
            return added

        return self._accounts.change(insert)

    def find_account(self, username: str) -> Account | None:
        """The account with this username, if there is one."""
        found = self._accounts.find("accounts", _username, username)
        return Account.model_validate(found) if found else None

    def find_accounts(self, user_ids: Iterable[str]) -> list[Account]:
        """The accounts of these user ids that exist, in the order given; O(1) per id."""
        found = self._accounts.find_many("accounts", _user_id, user_ids)
        return [Account.model_validate(document) for document in found]

    def list_accounts(self) -> list[Account]:
        """Every account, in the order they were created."""
        documents = self._accounts.read(lambda table: table("accounts").all())
        return [Account.model_validate(document) for document in documents]

    # Classes ------------------------------------------------------------------------------

    def add_class(self, classroom: Classroom) -> None:
        """Keep a new class."""
        document = classroom.model_dump(mode="json")
        self._classes.change(lambda table: table("classes").insert(document))

    def update_class(self, class_id: str, change: Callable[[Classroom], Classroom]) -> Classroom:
        """Apply `change` to one class under the classes file's lock; the stored result.

        KeyError when there is no such class. The id, owner and join code stay as they were:
        who may see whose learners rests on them. An unchanged class writes nothing.
        """

        def apply(table: TableAccess) -> Classroom:
            classes = table("classes")
            found = classes.get(where("class_id", class_id))
            if found is None:
                raise KeyError(class_id)
            before = Classroom.model_validate(found)
            after = before.changed_by(change)
            if after != before:
                classes.update(after.model_dump(mode="json"), doc_ids=[found.doc_id])
            return after

        return self._classes.change(apply)

    def list_classes(self) -> list[Classroom]:
        """Every class, in the order they were created."""
        documents = self._classes.read(lambda table: table("classes").all())
        return [Classroom.model_validate(document) for document in documents]

    def add_memberships(self, memberships: list[Membership]) -> None:
        """Put learners in classes in one write, skipping places they already have."""

        def add(table: TableAccess) -> None:
            stored = table("memberships")
            held = {(document["class_id"], document["user_id"]) for document in stored.all()}
            new = [m for m in memberships if (m.class_id, m.user_id) not in held]
            stored.insert_multiple(m.model_dump(mode="json") for m in new)

        self._classes.change(add)

    def remove_membership(self, class_id: str, user_id: str) -> None:
        """Take a learner out of a class."""
        same = where("class_id", class_id) & where("user_id", user_id)
        self._classes.change(lambda table: table("memberships").remove(same))

    def list_memberships(self) -> list[Membership]:
        """Every learner's place in every class."""
        documents = self._classes.read(lambda table: table("memberships").all())
        return [Membership.model_validate(document) for document in documents]

    # Learner records ----------------------------------------------------------------------

    def read(self, user_id: str) -> LearnerRecord:
        """Everything stored for one learner, from a single read of their file.

        A value the records refuse (a state that does not exist, a date in year 9999) makes the
        file damaged like a torn one: DamagedDataFile names it, the file is left byte for byte,
        and its owner is offered the last saved version.
        """
        with _whose(user_id):
            learner_file = self._learner_file(user_id)
            return learner_file.parsed(lambda tables: _record_from(tables, learner_file.path))

    def change(
        self, user_id: str, change: Callable[[LearnerRecord], LearnerRecord]
    ) -> LearnerRecord:
        """The one write of a learner's record: `change` applied under the file's lock.

        Read, changed, validated (a `model_copy(update=...)` in a change would skip the field
        rules, and a value the reader refuses would make the whole file unreadable) and written
        as one atomic replacement of the file; an unchanged record writes nothing.
        """

        def apply(tables: Tables) -> tuple[LearnerRecord, Tables | None]:
            before = _record_from(tables, learner_file.path)
            after = LearnerRecord.model_validate(change(before).model_dump(mode="json"))
            return after, (None if after == before else _tables_of(after))

        with _whose(user_id):
            learner_file = self._learner_file(user_id)
            return learner_file.rewrite(apply)

    # Evidence files -------------------------------------------------------------------------

    def _attach(
        self, user_id: str, entry_for: Callable[[LearnerRecord], EvidenceRecord], data: bytes
    ) -> EvidenceRecord:
        """Write `data` under the entry `entry_for` gives the record, then list it: one change.

        In the record's one locked change the file is written atomically, then the record. A
        crash between the two leaves a file the record does not list, which the next evidence
        change of this learner removes; the record never lists a file that was not written.
        """
        folder = self._evidence_folder(user_id)
        added: list[EvidenceRecord] = []

        def attach(record: LearnerRecord) -> LearnerRecord:
            remove_unlisted_evidence(folder, record.evidence)
            evidence = entry_for(record)
            after = record.with_evidence(evidence)  # validated before any byte is written
            make_private_folder(folder)
            write_atomically(evidence_path(folder, evidence), data)
            added.append(evidence)
            return after

        self.change(user_id, attach)
        return added[0]

    def evidence_bytes(self, user_id: str, evidence_id: str) -> bytes:
        """The bytes of one file the learner's record lists; KeyError if it lists no such file.

        MissingData when the file is gone from the folder and DamagedData when it is no longer
        the size the record says; both name the file for whoever runs the server.
        """
        listed = next(
            (e for e in self.read(user_id).evidence if e.evidence_id == evidence_id), None
        )
        if listed is None:
            raise KeyError(evidence_id)
        path = evidence_path(self._evidence_folder(user_id), listed)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise MissingData(
                f"{path} is missing", subject=f"evidence file {path}", problem="is missing"
            ) from None
        if len(data) != listed.size:
            raise DamagedData(
                f"{path} has changed",
                subject=f"evidence file {path}",
                problem=f"holds {len(data):,} bytes where {listed.size:,} were stored",
            )
        return data

    def remove_evidence(self, user_id: str, evidence_id: str) -> None:
        """Stop listing one evidence file, then delete it; a file already gone changes nothing.

        The record goes first, so a crash between leaves an unlisted file (removed by the
        next evidence change), never a record listing a deleted file.
        """
        folder = self._evidence_folder(user_id)
        removed: list[EvidenceRecord] = []

        def drop(record: LearnerRecord) -> LearnerRecord:
            remove_unlisted_evidence(folder, record.evidence)
            removed.extend(e for e in record.evidence if e.evidence_id == evidence_id)
            return record.without_evidence(evidence_id)

        self.change(user_id, drop)
        for evidence in removed:
            evidence_path(folder, evidence).unlink(missing_ok=True)

    def _evidence_folder(self, user_id: str) -> Path:
        return evidence_folder(self.data_dir, user_id)

    def delete_account(self, user_id: str) -> None:
        """Remove an account, its class memberships, its learner file and evidence, backups too.

        Gone for good means gone from the backups too: the learner file's backups are removed,
        and every backup of the accounts and classes files is rewritten without this account's
        rows (still a valid file that `recover_file` can put back). The account goes first, so
        a crash midway leaves data nobody can sign in to rather than an account whose data is
        gone.
        """
        for data_file, table in self._rows_of_an_account:
            self._remove_rows(data_file, table, user_id)
        self.sessions.forget_account(user_id)
        with self._learner_files_lock:
            learner_file = self._learner_files.pop(user_id, None)
        if learner_file is not None:
            learner_file.delete()
        else:  # never opened by this process: nothing holds it, even if it is damaged
            self._learner_path(user_id).unlink(missing_ok=True)
        remove_backups_and_leftovers(self._learner_path(user_id))
        remove_backups_and_leftovers(self.sessions.path(user_id))
        shutil.rmtree(self._evidence_folder(user_id), ignore_errors=True)

    @staticmethod
    def _remove_rows(data_file: DataFile, table: str, user_id: str) -> None:
        """Remove `user_id`'s rows from `table`, then from the backups, under the file's lock.

        Under the lock, so no other write rotates the backups while they are rewritten.
        """

        def remove(access: TableAccess) -> None:
            access(table).remove(where("user_id", user_id))
            remove_rows_from_backups(data_file.path, table, "user_id", user_id)

        data_file.change(remove)

    def put_back(self, user_id: str) -> int:
        """Put back the newest good backup of a damaged or missing learner file; its version.

        A backup counts as good only if its record reads cleanly, so a value the records refuse
        is not put back. The damaged file is kept aside (see `pathway.backup.recover_file`);
        raises NothingToPutBack when no backup is good. Its evidence list is then matched to
        the files kept.
        """
        path = self._learner_path(user_id)
        with self._learner_files_lock:
            try:
                version = recover_file(path, check=read_learner_file)
            except BackupError as error:
                raise NothingToPutBack(
                    str(error), subject=f"data file {path}", problem="has no readable backup"
                ) from None
            finally:
                self._learner_files.pop(user_id, None)  # reopened, and so re-read, on next use
        # Not a failed put-back if this cannot be written: opening a file gone since then
        # reports it missing, and the next evidence change sweeps the folder.
        with contextlib.suppress(StorageError):
            self._match_evidence_to_record(user_id)
        return version

    def _match_evidence_to_record(self, user_id: str) -> None:
        """After a put-back, list only files still kept, and keep only files listed.

        An older version of the record may list a file removed since, or miss one added since.
        """
        folder = self._evidence_folder(user_id)

        def match(record: LearnerRecord) -> LearnerRecord:
            remove_unlisted_evidence(folder, record.evidence)
            for evidence in record.evidence:
                if not evidence_path(folder, evidence).is_file():
                    record = record.without_evidence(evidence.evidence_id)
            return record

        self.change(user_id, match)

    def close(self) -> None:
        """Close every open file; the store must not be used afterwards."""
        with self._learner_files_lock:
            for data_file in (self._accounts, self._classes, *self._learner_files.values()):
                data_file.close()
            self._learner_files.clear()
        self.sessions.close()

    def _learner_file(self, user_id: str, *, create: bool = False) -> DataFile:
        with self._learner_files_lock:
            if user_id not in self._learner_files:
                path = self._learner_path(user_id)
                self._learner_files[user_id] = DataFile(path, create=create)
            return self._learner_files[user_id]

    def _learner_path(self, user_id: str) -> Path:
        """The file holding one learner's record."""
        return self.data_dir / "learners" / f"{user_id}.json"

    def _never_written(self, path: Path) -> bool:
        """Whether `path` belongs to a folder that has never held data (no backups, no learners)."""
        learners = self.data_dir / "learners"
        has_learners = learners.is_dir() and any(learners.glob("*.json"))
        return not backup_path(path, 1).exists() and not has_learners


def _username(document: dict[str, Any]) -> tuple[str]:
    """The account index key of `find_account`: its username."""
    return (document["username"],)


def _user_id(document: dict[str, Any]) -> tuple[str]:
    """The account index key of `find_accounts`: its user id."""
    return (document["user_id"],)


def _identities(document: dict[str, Any]) -> list[tuple[str, str]]:
    """The account index keys of `find_account_by_identity`: each linked login."""
    return [_identity_key(link) for link in document.get("identities", [])]


def _identity_key(link: dict[str, Any]) -> tuple[str, str]:
    """A stored identity link as a hashable key."""
    return (link["issuer"], link["subject"])


def _linked_document(table: TableAccess, link: IdentityLink) -> Any:
    """The stored account document (a TinyDB Document, with `doc_id`) holding `link`, if any."""
    wanted = link.model_dump(mode="json")
    for document in table("accounts").all():
        if wanted in document.get("identities", []):
            return document
    return None


def evidence_folder(data_dir: Path, user_id: str) -> Path:
    """The folder of one learner's evidence files, beside their record."""
    return data_dir / "learners" / f"{user_id}{EVIDENCE_FOLDER_SUFFIX}"


def evidence_path(folder: Path, evidence: EvidenceRecord) -> Path:
    """Where one evidence file's bytes are: named by its id, never by the uploaded name."""
    return folder / f"{evidence.evidence_id}{EVIDENCE_EXTENSIONS[evidence.kind]}"


def remove_unlisted_evidence(folder: Path, listed: list[EvidenceRecord]) -> None:
    """Delete what a crashed evidence change left in `folder`: files the record does not list.

    Called inside the record's locked change (or on a restore's staging folder), so no other
    evidence write is under way and a temporary file found here is a crashed writer's too.
    """
    if not folder.is_dir():
        return
    kept = {evidence_path(folder, evidence).name for evidence in listed}
    for leftover in folder.iterdir():
        if leftover.name not in kept and leftover.is_file():
            leftover.unlink(missing_ok=True)
