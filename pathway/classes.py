"""Classes: instructors own them, learners join with a code, and who may see whose data.

Every access rule lives here, in the domain, so a page cannot forget one: an instructor sees
only the classes they own and only those classes' learners; a learner sees only themselves.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date, datetime

from pathway.accounts import Account
from pathway.auth import reissue_one_time_passphrase
from pathway.records import Classroom, LearnerRecord, Membership
from pathway.storage import Storage

JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""Letters and digits that cannot be mistaken for each other when read off a board (no O/0, I/1)."""
JOIN_CODE_LENGTH = 8


class AccessDenied(PermissionError):
    """The signed-in account may not see or change this; the message is safe to show."""


class ClassRefused(ValueError):
    """A class that cannot be created as asked; the message says why, for the instructor."""


def new_join_code() -> str:
    """A random code such as `K7QW-3MZP`'s eight characters, about 40 bits: not guessable."""
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(code: str) -> str:
    """Codes are typed by hand: ignore case, spaces and dashes."""
    return "".join(code.split()).replace("-", "").upper()


def create_class(
    store: Storage,
    instructor: Account,
    name: str,
    start_date: date,
    program_type: str | None = None,
    state: str | None = None,
) -> Classroom:
    """A new class owned by `instructor`, with a fresh join code; ClassRefused for a blank name."""
    _require_instructor(instructor)
    if not name.strip():
        raise ClassRefused("give it a name")
    taken = {classroom.join_code for classroom in store.list_classes()}
    code = new_join_code()
    while code in taken:
        code = new_join_code()
    classroom = Classroom(
        name=name,
        start_date=start_date,
        program_type=program_type,
        state=state,
        owner_id=instructor.user_id,
        join_code=code,
    )
    store.add_class(classroom)
    return classroom


def classes_owned(store: Storage, instructor: Account) -> list[Classroom]:
    """The classes this instructor owns (none for a learner)."""
    return [c for c in store.list_classes() if c.owner_id == instructor.user_id]


def join_class(store: Storage, learner: Account, code: str) -> Classroom:
    """Add the learner to the class with this code; joining twice changes nothing."""
    wanted = normalise_join_code(code)
    classroom = next((c for c in store.list_classes() if c.join_code == wanted), None)
    if classroom is None:
        raise AccessDenied("No class has that code. Check it with your instructor.")
    if classroom.owner_id == learner.user_id:
        raise AccessDenied("You teach this class; learners join it with the code.")
    # The plan first: if it cannot be saved, the learner has not joined either.
    _apply_class_choices(store, classroom, [learner.user_id])
    store.add_memberships([Membership(class_id=classroom.class_id, user_id=learner.user_id)])
    return classroom


def enrol(store: Storage, instructor: Account, class_id: str, learner_ids: list[str]) -> None:
    """Put learners in a class the instructor owns, in one write (used by roster import)."""
    classroom = _owned_class(store, instructor, class_id)
    _apply_class_choices(store, classroom, learner_ids)
    store.add_memberships(
        [Membership(class_id=class_id, user_id=user_id) for user_id in learner_ids]
    )


def _apply_class_choices(store: Storage, classroom: Classroom, learner_ids: list[str]) -> None:
    """Give joining learners the class's program type and state where they have chosen none."""
    if classroom.program_type is None and classroom.state is None:
        return  # nothing to apply: no learner file is opened
    for user_id in learner_ids:
        store.change(user_id, lambda record: record.with_class_choices(classroom))


def leave_class(store: Storage, learner: Account, class_id: str) -> None:
    """Take the learner out of a class: its instructor no longer sees their progress."""
    store.remove_membership(class_id, learner.user_id)


def classes_joined(store: Storage, learner: Account) -> list[tuple[Classroom, Account | None]]:
    """The classes the learner belongs to, each with the instructor who can see their progress."""
    joined_ids = {m.class_id for m in store.list_memberships() if m.user_id == learner.user_id}
    joined = [c for c in store.list_classes() if c.class_id in joined_ids]
    owners = {owner.user_id: owner for owner in store.find_accounts(c.owner_id for c in joined)}
    return [(c, owners.get(c.owner_id)) for c in joined]


def class_learners(store: Storage, viewer: Account, class_id: str) -> list[Account]:
    """The learners of a class the viewer owns, in joining order."""
    _owned_class(store, viewer, class_id)
    return store.find_accounts(
        m.user_id for m in store.list_memberships() if m.class_id == class_id
    )


def reissue_for_learner(
    store: Storage, instructor: Account, class_id: str, learner_id: str, now: datetime
) -> tuple[Account, str]:
    """A new one-time passphrase for a learner of a class the instructor owns, with the learner.

    The old passphrase stops working and every sign-in of the learner ends. An instructor's
    account is refused: only whoever runs the server resets those (`reset-passphrase`).
    """
    learner = next(
        (a for a in class_learners(store, instructor, class_id) if a.user_id == learner_id), None
    )
    if learner is None:
        raise AccessDenied("You can only reissue passphrases for learners in your classes.")
    if learner.role != "learner":
        raise AccessDenied("Only whoever runs MA Pathway can reset an instructor's passphrase.")
    return learner, reissue_one_time_passphrase(store, learner.username, now)


def class_records(
    store: Storage, viewer: Account, class_id: str
) -> list[tuple[Account, LearnerRecord]]:
    """Each learner of a class the viewer owns, with their record; ownership is checked once.

    The cohort page reads a whole class on every run: checking each learner separately would
    scan every membership once per learner.
    """
    return [
        (learner, store.read(learner.user_id))
        for learner in class_learners(store, viewer, class_id)
    ]


def record_for(store: Storage, viewer: Account, learner_id: str) -> LearnerRecord:
    """A learner's record, for the learner themselves or an instructor of one of their classes."""
    if viewer.user_id != learner_id and not _teaches(store, viewer, learner_id):
        raise AccessDenied("You can only see learners in the classes you teach.")
    return store.read(learner_id)


def teaches(
    viewer: Account,
    learner_id: str,
    classes: Iterable[Classroom],
    memberships: Iterable[Membership],
) -> bool:
    """Whether the learner is now in a class the viewer owns: every instructor right rests on it.

    Pure, so rules that are given the classes and memberships (`pathway.verification`) apply
    the same test as the store-backed ones here.
    """
    owned = {c.class_id for c in classes if c.owner_id == viewer.user_id}
    return any(m.class_id in owned and m.user_id == learner_id for m in memberships)


def _teaches(store: Storage, viewer: Account, learner_id: str) -> bool:
    return teaches(viewer, learner_id, store.list_classes(), store.list_memberships())


def _owned_class(store: Storage, viewer: Account, class_id: str) -> Classroom:
    classroom = next((c for c in classes_owned(store, viewer) if c.class_id == class_id), None)
    if classroom is None:
        raise AccessDenied("You can only open the classes you teach.")
    return classroom


def _require_instructor(account: Account) -> None:
    if account.role != "instructor":
        raise AccessDenied("Only instructors can create classes.")
