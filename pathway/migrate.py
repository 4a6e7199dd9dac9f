"""Copying everything one store holds into another, empty one: the folder to PostgreSQL and back.

Written against the `Storage` interface only, so one copy serves both directions. Accounts,
classes, memberships and every learner's record are copied, with the evidence files each
lists; sign-ins are not (everyone signs in again on the new store). The copy is then checked:
the target must hold as many accounts, classes and memberships as the source, and each
learner's record read back must equal the source's.
"""

from __future__ import annotations

from dataclasses import dataclass

from pathway.records import replaced_by
from pathway.storage import Storage


class MigrationError(RuntimeError):
    """The target was not empty, or the copy does not match the source; the message says how."""


@dataclass(frozen=True)
class Counts:
    """How much a store holds, as compared after a copy."""

    accounts: int
    classes: int
    memberships: int

    def __str__(self) -> str:
        return (
            f"{self.accounts} accounts, {self.classes} classes and "
            f"{self.memberships} class memberships"
        )


def counts(store: Storage) -> Counts:
    """How many accounts, classes and memberships `store` holds."""
    return Counts(
        len(store.list_accounts()), len(store.list_classes()), len(store.list_memberships())
    )


def _copy_record(source: Storage, target: Storage, user_id: str) -> None:
    """One learner's record, then each evidence file it lists under the same entry."""
    record = source.read(user_id)
    target.change(user_id, replaced_by(record.model_copy(update={"evidence": []})))
    for evidence in record.evidence:
        data = source.evidence_bytes(user_id, evidence.evidence_id)
        target.copy_evidence(user_id, evidence, data)


def copy_store(source: Storage, target: Storage) -> Counts:
    """Copy everything of `source` into the empty `target`, then check it; what was copied.

    MigrationError before anything is written when `target` holds accounts or classes, and
    after the copy when the counts or a record differ.
    """
    if target.list_accounts() or target.list_classes():
        raise MigrationError("The target already holds accounts or classes: use an empty one.")
    accounts = source.list_accounts()
    target.add_accounts(accounts)
    for classroom in source.list_classes():
        target.add_class(classroom)
    target.add_memberships(source.list_memberships())
    for account in accounts:
        _copy_record(source, target, account.user_id)
    copied, found = counts(source), counts(target)
    if found != copied:
        raise MigrationError(f"The copy holds {found}, the source {copied}.")
    for account in accounts:
        if target.read(account.user_id) != source.read(account.user_id):
            raise MigrationError(f"The record of '{account.username}' differs after the copy.")
    return copied
