"""Requirement verification and externship hours, written to the store.

An instructor verifies a checklist item the learner ticked (the CPR card, an immunization)
against the evidence, withdraws a verification with a reason, and approves hour entries; every
one of those writes passes `verification.require_verifier` first. The learner logs their own
hours and removes an entry nobody has approved yet. A class's hours target is its owner's to set.

Verifications are an append-only log per learner, like the check-offs: the current verification
of an item is the last line about it, and a verification counts only while the item is done.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum

from pydantic import ValidationError

from pathway.accounts import Account
from pathway.classes import AccessDenied, class_learners
from pathway.content.models import Content, Requirement
from pathway.progress import counted_record
from pathway.records import (
    Classroom,
    HourEntry,
    ItemState,
    LearnerRecord,
    Membership,
    RequirementVerification,
    VerificationAction,
    first_problem,
)
from pathway.storage import Storage, StorageError
from pathway.verification import (
    HoursTotals,
    VerificationError,
    add_hours,
    approve_hours,
    hours_totals,
    require_verifier,
)

VerificationLog = tuple[RequirementVerification, ...]
"""A learner's verification log, oldest first; a tuple so no caller can change it in place."""


class RequirementCheck(StrEnum):
    """Whose word a done, verifiable requirement rests on: the learner's, or an instructor's."""

    SELF_REPORTED = "self_reported"
    """Ticked done by the learner; no instructor has verified it (yet)."""
    VERIFIED = "verified"
    """Ticked done, and an instructor of the learner's class verified it."""


# Pure rules ---------------------------------------------------------------------------------


def verifiable_items(content: Content) -> list[Requirement]:
    """The checklist items an instructor can verify, in checklist order."""
    verifiable = set(content.competencies.verifiable)
    return [
        item for group in content.checklist.groups for item in group.items if item.id in verifiable
    ]


def current_verifications(
    log: Iterable[RequirementVerification],
) -> dict[str, RequirementVerification]:
    """The standing verification of each item the log verified and did not withdraw since."""
    standing: dict[str, RequirementVerification] = {}
    for entry in log:
        if entry.action is VerificationAction.VERIFIED:
            standing[entry.item_id] = entry
        else:
            standing.pop(entry.item_id, None)
    return standing


def requirement_checks(content: Content, record: LearnerRecord) -> dict[str, RequirementCheck]:
    """For each verifiable item the learner has done: verified or self-reported.

    `record` is counted (`counted_record`): a requirement done through a held credential counts.

    An item not done is absent: a verification counts only while the learner's tick stands.
    """
    standing = current_verifications(record.verifications)
    verified, self_reported = RequirementCheck.VERIFIED, RequirementCheck.SELF_REPORTED
    # The content's ids, not `verifiable_items`: the cohort page asks this of every learner,
    # and the loader already checked that each id is a checklist item.
    return {
        item_id: verified if item_id in standing else self_reported
        for item_id in content.competencies.verifiable
        if record.item(item_id).state is ItemState.DONE
    }


def verify(
    log: VerificationLog,
    record: LearnerRecord,
    item_id: str,
    verifier: Account,
    now: datetime | None = None,
) -> VerificationLog:
    """The log with `item_id` verified by `verifier`; refused unless done and not yet verified."""
    if record.item(item_id).state is not ItemState.DONE:
        raise VerificationError("The learner has not marked this requirement done yet.")
    if item_id in current_verifications(log):
        raise VerificationError("This requirement is already verified.")
    return _append(log, item_id, VerificationAction.VERIFIED, verifier, now)


def withdraw(
    log: VerificationLog,
    item_id: str,
    verifier: Account,
    reason: str,
    now: datetime | None = None,
) -> VerificationLog:
    """The log with the verification of `item_id` withdrawn for `reason`; the line stays."""
    if item_id not in current_verifications(log):
        raise VerificationError("Only a verified requirement can be withdrawn.")
    if not reason.strip():
        raise VerificationError("Say why the verification is withdrawn.")
    return _append(log, item_id, VerificationAction.WITHDRAWN, verifier, now, reason.strip())


def _append(
    log: VerificationLog,
    item_id: str,
    action: VerificationAction,
    actor: Account,
    now: datetime | None,
    reason: str = "",
) -> VerificationLog:
    """A new log: the old lines untouched, and one more."""
    try:
        entry = RequirementVerification(
            item_id=item_id,
            action=action,
            actor_id=actor.user_id,
            actor_name=actor.display_name,
            recorded_at=now or datetime.now(UTC),
            reason=reason,
        )
    except ValidationError as error:  # a reason over the length limit, sent by hand
        raise VerificationError(first_problem(error)) from None
    return (*log, entry)


def target_hours(content: Content, classroom: Classroom | None) -> int:
    """The externship hours a learner aims for: their class's target, or the content's."""
    if classroom is not None and classroom.hours_target is not None:
        return classroom.hours_target
    return content.competencies.externship.hours


def learner_class(
    learner_id: str, classes: Iterable[Classroom], memberships: Iterable[Membership]
) -> Classroom | None:
    """The class the learner joined first of those they are in now, or None."""
    by_id = {c.class_id: c for c in classes}
    joined = sorted(
        (m for m in memberships if m.user_id == learner_id and m.class_id in by_id),
        key=lambda m: m.joined_at,
    )
    return by_id[joined[0].class_id] if joined else None


# Written to the store -----------------------------------------------------------------------


def verify_requirement(
    store: Storage, content: Content, verifier: Account | None, learner_id: str, item_id: str
) -> None:
    """An instructor of the learner's class verifies one verifiable item the learner has done."""
    _verifiable(content, item_id)
    who = require_verifier(verifier, learner_id, store.list_classes(), store.list_memberships())
    now = datetime.now(UTC)
    _grow(store, content, learner_id, lambda log, record: verify(log, record, item_id, who, now))


def withdraw_verification(
    store: Storage,
    content: Content,
    verifier: Account | None,
    learner_id: str,
    item_id: str,
    reason: str,
) -> None:
    """An instructor of the learner's class withdraws a verification; the reason is required."""
    _verifiable(content, item_id)
    who = require_verifier(verifier, learner_id, store.list_classes(), store.list_memberships())
    now = datetime.now(UTC)
    _grow(store, content, learner_id, lambda log, _record: withdraw(log, item_id, who, reason, now))


def approve_hour_entry(
    store: Storage, verifier: Account | None, learner_id: str, entry_id: str
) -> None:
    """An instructor of the learner's class approves one of the learner's hour entries."""
    require_verifier(verifier, learner_id, store.list_classes(), store.list_memberships())
    store.change(
        learner_id, lambda record: record.with_hours(approve_hours(record.hours, entry_id))
    )


def log_hours(
    store: Storage,
    learner: Account,
    worked_on: date,
    site: str,
    hours: float,
    supervisor: str,
    activities: str = "",
) -> None:
    """The learner logs one day's externship hours on their own record, unapproved."""

    def logged(record: LearnerRecord) -> LearnerRecord:
        entries = add_hours(record.hours, worked_on, site, hours, supervisor, activities)
        return record.with_hours(entries)

    store.change(learner.user_id, logged)


def remove_hour_entry(store: Storage, learner: Account, entry_id: str) -> None:
    """The learner removes one of their entries; an approved one is the instructor's and stays."""

    def removed(record: LearnerRecord) -> LearnerRecord:
        entry = next((e for e in record.hours if e.entry_id == entry_id), None)
        if entry is None:
            raise VerificationError("That hours entry no longer exists.")
        if entry.approved:
            raise VerificationError("An approved entry cannot be removed.")
        return record.with_hours([e for e in record.hours if e.entry_id != entry_id])

    store.change(learner.user_id, removed)


def set_hours_target(store: Storage, owner: Account, class_id: str, hours: int) -> None:
    """The class's owner sets its externship hours target; AccessDenied for anyone else."""
    classroom = next((c for c in store.list_classes() if c.class_id == class_id), None)
    if classroom is None or classroom.owner_id != owner.user_id or owner.role != "instructor":
        raise AccessDenied("Only the instructor who owns this class can set its hours target.")
    store.update_class(class_id, lambda stored: stored.model_copy(update={"hours_target": hours}))


def learner_target(store: Storage, content: Content, learner_id: str) -> int:
    """The hours target of the learner's class (the first they joined), or the content's."""
    classroom = learner_class(learner_id, store.list_classes(), store.list_memberships())
    return target_hours(content, classroom)


def _verifiable(content: Content, item_id: str) -> None:
    if item_id not in content.competencies.verifiable:
        raise VerificationError("That requirement is not one an instructor verifies.")


def _grow(
    store: Storage,
    content: Content,
    learner_id: str,
    step: Callable[[VerificationLog, LearnerRecord], VerificationLog],
) -> None:
    """Append to one learner's verification log under the store's lock, from the stored record.

    `step` sees the record as counted (`counted_record`), so a requirement done through a held
    credential (the CPR card recorded on Credentials) can be verified like a ticked one.
    """

    def grown(record: LearnerRecord) -> LearnerRecord:
        counted = counted_record(content, record, date.today())
        return record.with_verification_log(step(tuple(record.verifications), counted))

    store.change(learner_id, grown)


# What a class awaits ------------------------------------------------------------------------


@dataclass(frozen=True)
class LearnerVerifications:
    """One learner of a class: what is verified, what awaits verification, and their hours."""

    account: Account
    verified: dict[str, RequirementVerification]
    """Item id to the standing verification, for items still done."""
    awaiting: list[Requirement]
    """Verifiable items the learner marked done that nobody has verified."""
    unapproved: list[HourEntry]
    """Hour entries waiting for the instructor's approval, oldest day first."""
    hours: HoursTotals

    @property
    def anything_awaits(self) -> bool:
        """Whether the instructor has something to verify or approve for this learner."""
        return bool(self.awaiting or self.unapproved)


@dataclass(frozen=True)
class ClassVerifications:
    """A class as the Verify page shows it; learners whose record cannot be read apart."""

    classroom: Classroom
    learners: list[LearnerVerifications]
    unreadable: list[tuple[Account, str]]


def learner_verifications(
    content: Content, account: Account, record: LearnerRecord, target: int
) -> LearnerVerifications:
    """What one learner's record holds verified and awaiting, against the class's target.

    `record` is counted (`counted_record`), as the learner's own checklist shows it.
    """
    checks = requirement_checks(content, record)
    standing = current_verifications(record.verifications)
    return LearnerVerifications(
        account=account,
        verified={i: standing[i] for i, c in checks.items() if c is RequirementCheck.VERIFIED},
        awaiting=[
            item
            for item in verifiable_items(content)
            if checks.get(item.id) is RequirementCheck.SELF_REPORTED
        ],
        unapproved=sorted((e for e in record.hours if not e.approved), key=lambda e: e.worked_on),
        hours=hours_totals(record.hours, target),
    )


def class_verifications(
    store: Storage, content: Content, instructor: Account, class_id: str
) -> ClassVerifications:
    """Every learner of a class the instructor owns, with what awaits verification.

    One unreadable record is listed apart and the rest of the class still shows.
    """
    learners_of = class_learners(store, instructor, class_id)  # AccessDenied unless owned
    classroom = next(c for c in store.list_classes() if c.class_id == class_id)
    target, today = target_hours(content, classroom), date.today()
    learners, unreadable = [], []
    for account in learners_of:
        try:
            record = counted_record(content, store.read(account.user_id), today)
        except StorageError as error:
            unreadable.append((account, error.problem))
            continue
        learners.append(learner_verifications(content, account, record, target))
    return ClassVerifications(classroom, learners, unreadable)


def awaiting_count(learners: Sequence[LearnerVerifications]) -> int:
    """How many requirements and hour entries wait on the instructor, across these learners."""
    return sum(len(learner.awaiting) + len(learner.unapproved) for learner in learners)
