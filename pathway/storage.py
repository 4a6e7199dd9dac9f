"""The storage interface the app is written against, and the errors every backend raises.

`Storage` is what pages, components and the domain may ask of persistence, in the domain's
terms: accounts, classes, memberships, one record per learner, sign-in sessions. The TinyDB
folder (`pathway.store.Store`) and PostgreSQL (`pathway.pg_store.PgStore`, for several app
replicas) implement the same members and raise the same errors, so nothing above them changes;
`pathway.backends.open_storage` picks one.

The errors carry what the interface needs to tell the reader, and nothing about files: whose
data it is (shared, or one learner's), whether its owner may put back the last saved version,
the one-line problem, and the command the server's operator can run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Protocol

from pathway.accounts import Account, IdentityLink
from pathway.records import Classroom, EvidenceRecord, LearnerRecord, Membership

if TYPE_CHECKING:
    from pathway.sessions import SignIns


class StorageError(Exception):
    """Stored data cannot be read or written; what was stored is left as it was."""

    def __init__(
        self, message: str, *, subject: str, problem: str, operator_command: str | None = None
    ) -> None:
        super().__init__(message)
        self.subject = subject
        """Which data, in the backend's words ("data file /srv/accounts.json")."""
        self.problem = problem
        """What is wrong with it, one line, following `subject` ("is not valid JSON")."""
        self.operator_command = operator_command
        """A command the server's operator can run to put it right, if there is one."""
        self.learner_id: str | None = None
        """Whose data: a learner's id when it is that learner's record, None for shared data
        (accounts, classes, sign-ins). Set by the backend where it knows."""

    @property
    def put_back_offered(self) -> bool:
        """Whether the record's owner is offered its last saved version (`Storage.put_back`)."""
        return self.learner_id is not None and not isinstance(self, NotSaved)


class DamagedData(StorageError):
    """Stored data exists but cannot be read."""


class MissingData(StorageError):
    """Data that was stored before is gone."""


class NotSaved(StorageError):
    """A change could not be written (full disk, read-only storage); the last one stays."""


class NothingToPutBack(StorageError):
    """No earlier version of a learner's record reads cleanly."""


class Storage(Protocol):
    """Everything the app keeps: accounts, classes, memberships, learner records, sign-ins.

    Every write is one atomic, locked change; a reader never sees half of one.
    """

    @property
    def sessions(self) -> SignIns:
        """Sign-in tokens (hashes only); see `pathway.sessions`."""

    # Accounts

    def find_account(self, username: str) -> Account | None:
        """The account with this username; O(1) in the number of accounts."""

    def find_account_by_identity(self, link: IdentityLink) -> Account | None:
        """The account this identity-provider login is linked to; O(1) like `find_account`."""

    def find_accounts(self, user_ids: Iterable[str]) -> list[Account]:
        """The accounts of these user ids that exist, in the order given; O(1) per id."""

    def list_accounts(self) -> list[Account]:
        """Every account, in the order they were created."""

    def add_account(self, account: Account) -> None:
        """Register a new account and its empty record; UsernameTaken if the name is taken."""

    def add_accounts(self, accounts: list[Account]) -> list[Account]:
        """Register many new accounts in one write, skipping taken usernames; the added."""

    def add_linked_account(self, account: Account, usernames: Iterable[str]) -> Account:
        """The account linked to `account`'s identities, or `account` added, in one write.

        Added under the first of `usernames` free at that moment; UsernameTaken if none is.
        """

    def update_account(self, username: str, change: Callable[[Account], Account]) -> Account:
        """Apply `change` to one account as one locked read-modify-write; the stored result.

        KeyError when there is no such account. Passphrase, role and rehash all go through it.
        """

    def link_identity(self, username: str, link: IdentityLink) -> Account | None:
        """Link a login to an account, moving it off any other in the same write; from whom."""

    def delete_account(self, user_id: str) -> None:
        """Remove an account, its memberships, its record and its sign-ins, for good."""

    # Classes and memberships

    def list_classes(self) -> list[Classroom]:
        """Every class, in the order they were created."""

    def add_class(self, classroom: Classroom) -> None:
        """Keep a new class."""

    def update_class(self, class_id: str, change: Callable[[Classroom], Classroom]) -> Classroom:
        """Apply `change` to one class as one locked read-modify-write; the stored result.

        KeyError when there is no such class; its id, owner and join code cannot change.
        """

    def list_memberships(self) -> list[Membership]:
        """Every learner's place in every class."""

    def add_memberships(self, memberships: list[Membership]) -> None:
        """Put learners in classes in one write, skipping places they already have."""

    def remove_membership(self, class_id: str, user_id: str) -> None:
        """Take a learner out of a class."""

    # Learner records

    def read(self, user_id: str) -> LearnerRecord:
        """Everything stored for one learner; DamagedData names it if it cannot be read."""

    def change(
        self, user_id: str, change: Callable[[LearnerRecord], LearnerRecord]
    ) -> LearnerRecord:
        """The one write of a learner's record: `change` applied under the record's lock.

        The result is validated before it is written; the stored result is returned.
        """

    # Evidence files: bytes in, bytes out; what is listed is the record's `evidence`

    def add_evidence(self, user_id: str, item_id: str, name: str, data: bytes) -> EvidenceRecord:
        """Keep an upload for the learner and list it in their record, as one change; the entry.

        Checked with `pathway.evidence.accepted_evidence` under the record's lock, so a refusal
        (VerificationError) keeps nothing; the record never lists bytes that were not kept.
        """

    def copy_evidence(self, user_id: str, evidence: EvidenceRecord, data: bytes) -> None:
        """Keep a file copied from another store under its own entry (id, name, time): one change.

        ValueError when the bytes are not what the entry says (`check_copied_evidence`).
        """

    def evidence_bytes(self, user_id: str, evidence_id: str) -> bytes:
        """The bytes of a file the learner's record lists; KeyError if it lists no such file.

        Whether the reader may see them is `pathway.evidence.open_evidence`'s call, not this.
        """

    def remove_evidence(self, user_id: str, evidence_id: str) -> None:
        """Unlist one of the learner's files and delete its bytes; an unknown id changes nothing."""

    def put_back(self, user_id: str) -> int:
        """Put back the last saved version of a learner's record that reads; its number.

        NothingToPutBack when there is none.
        """

    def close(self) -> None:
        """Release everything held; the storage must not be used afterwards."""
