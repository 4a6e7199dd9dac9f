"""Specifies pathway.verifying: requirement verification, hour approvals and hours targets.

Each access rule is crossed over real files: another class's instructor, a learner of another
class, a learner who left, a visitor and the learner themself. A refused write leaves the
learner's record exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from pathway.accounts import Account
from pathway.classes import AccessDenied, create_class, join_class, leave_class
from pathway.content.models import Content
from pathway.records import Classroom, HeldCredential, ItemState, VerificationAction
from pathway.store import Store
from pathway.verification import HoursTotals, VerificationError, hours_totals
from pathway.verifying import (
    RequirementCheck,
    approve_hour_entry,
    class_verifications,
    learner_target,
    log_hours,
    remove_hour_entry,
    requirement_checks,
    set_hours_target,
    verifiable_items,
    verify_requirement,
    withdraw_verification,
)

CPR = "req.cpr.card"
START = date.today() - timedelta(days=30)
WORKED = date.today() - timedelta(days=2)


@pytest.fixture
def evening(store: Store, instructor: Account) -> Classroom:
    """The instructor's evening class."""
    return create_class(store, instructor, "MA Evening", START)


@pytest.fixture
def joined(
    store: Store, evening: Classroom, add_learner: Callable[[str], Account]
) -> Callable[[str], Account]:
    """Make a learner who joined the evening class and ticked their CPR card done."""

    def join(username: str) -> Account:
        learner = add_learner(username)
        join_class(store, learner, evening.join_code)
        store.change(
            learner.user_id,
            lambda record: record.with_item_state(CPR, ItemState.DONE, datetime.now(UTC)),
        )
        return learner

    return join


@pytest.fixture
def maria(joined: Callable[[str], Account]) -> Account:
    return joined("maria")


@pytest.fixture
def other_instructor(store: Store, add_instructor: Callable[[str], Account]) -> Account:
    """An instructor with a class of their own, not the evening class."""
    teacher = add_instructor("mr.okafor")
    create_class(store, teacher, "MA Morning", START)
    return teacher


def check(store: Store, content: Content, learner: Account) -> RequirementCheck | None:
    return requirement_checks(content, store.read(learner.user_id)).get(CPR)


def learner_hours(store: Store, content: Content, learner: Account) -> HoursTotals:
    """The learner's hours against their class's target, as the Externship hours page counts."""
    target = learner_target(store, content, learner.user_id)
    return hours_totals(store.read(learner.user_id).hours, target)


def stored_class(store: Store, classroom: Classroom) -> Classroom:
    """The class as the store holds it now."""
    return next(c for c in store.list_classes() if c.class_id == classroom.class_id)


def logged(store: Store, learner: Account, hours: float = 6) -> str:
    """Log one entry for the learner; its id."""
    log_hours(store, learner, WORKED, "Valley Clinic", hours, "Dr. Lee", "Vitals, intake")
    return store.read(learner.user_id).hours[-1].entry_id


# Verifying requirements -----------------------------------------------------------------------


def test_verifiable_items_are_the_contents_list_in_checklist_order(content: Content) -> None:
    items = verifiable_items(content)
    assert {item.id for item in items} == set(content.competencies.verifiable)
    assert len(items) == len(content.competencies.verifiable)


def test_a_done_verifiable_item_is_self_reported_until_verified(
    store: Store, content: Content, maria: Account
) -> None:
    assert check(store, content, maria) is RequirementCheck.SELF_REPORTED


def test_the_classs_instructor_verifies_a_done_item_with_name_and_time(
    store: Store, content: Content, instructor: Account, maria: Account
) -> None:
    verify_requirement(store, content, instructor, maria.user_id, CPR)
    (entry,) = store.read(maria.user_id).verifications
    assert (entry.item_id, entry.action, entry.actor_id, entry.actor_name) == (
        CPR,
        VerificationAction.VERIFIED,
        instructor.user_id,
        instructor.display_name,
    )
    assert check(store, content, maria) is RequirementCheck.VERIFIED


def test_a_verification_survives_a_reopened_store(
    store: Store, content: Content, instructor: Account, maria: Account, data_dir: Path
) -> None:
    verify_requirement(store, content, instructor, maria.user_id, CPR)
    store.close()
    reopened = Store(data_dir)
    try:
        assert check(reopened, content, maria) is RequirementCheck.VERIFIED
    finally:
        reopened.close()


def test_a_cpr_card_recorded_on_credentials_can_be_verified_without_a_tick(
    store: Store,
    content: Content,
    instructor: Account,
    add_learner: Callable[[str], Account],
    evening: Classroom,
) -> None:
    # The card is the one record of the fact (pathway/links.py): the checklist row cannot be
    # ticked, so verification must read the requirement as counted, not as ticked.
    chen = add_learner("chen")
    join_class(store, chen, evening.join_code)
    card = HeldCredential(credential_id="cred.bls", earned_on=date.today() - timedelta(days=30))
    store.change(chen.user_id, lambda record: record.with_credential(card))

    verify_requirement(store, content, instructor, chen.user_id, CPR)

    assert [entry.item_id for entry in store.read(chen.user_id).verifications] == [CPR]


def test_an_item_the_learner_has_not_marked_done_cannot_be_verified(
    store: Store, content: Content, instructor: Account, maria: Account
) -> None:
    with pytest.raises(VerificationError, match="not marked this requirement done"):
        verify_requirement(store, content, instructor, maria.user_id, "req.background.check")
    assert store.read(maria.user_id).verifications == []


def test_an_item_not_in_the_verifiable_list_is_refused(
    store: Store, content: Content, instructor: Account, maria: Account
) -> None:
    with pytest.raises(VerificationError, match="not one an instructor verifies"):
        verify_requirement(store, content, instructor, maria.user_id, "req.clinical.exams")
    assert store.read(maria.user_id).verifications == []


def test_an_item_is_verified_once(
    store: Store, content: Content, instructor: Account, maria: Account
) -> None:
    verify_requirement(store, content, instructor, maria.user_id, CPR)
    with pytest.raises(VerificationError, match="already verified"):
        verify_requirement(store, content, instructor, maria.user_id, CPR)
    assert len(store.read(maria.user_id).verifications) == 1


def test_a_verification_no_longer_counts_once_the_learner_unticks_the_item(
    store: Store, content: Content, instructor: Account, maria: Account
) -> None:
    verify_requirement(store, content, instructor, maria.user_id, CPR)
    store.change(
        maria.user_id,
        lambda record: record.with_item_state(CPR, ItemState.NOT_STARTED, datetime.now(UTC)),
    )
    assert check(store, content, maria) is None


def test_withdrawing_keeps_the_verification_and_adds_the_reason(
    store: Store, content: Content, instructor: Account, maria: Account
) -> None:
    verify_requirement(store, content, instructor, maria.user_id, CPR)
    withdraw_verification(store, content, instructor, maria.user_id, CPR, "Card was expired")
    log = store.read(maria.user_id).verifications
    assert [(e.action, e.reason) for e in log] == [
        (VerificationAction.VERIFIED, ""),
        (VerificationAction.WITHDRAWN, "Card was expired"),
    ]
    assert check(store, content, maria) is RequirementCheck.SELF_REPORTED


def test_withdrawing_without_a_reason_is_refused(
    store: Store, content: Content, instructor: Account, maria: Account
) -> None:
    verify_requirement(store, content, instructor, maria.user_id, CPR)
    with pytest.raises(VerificationError, match="why"):
        withdraw_verification(store, content, instructor, maria.user_id, CPR, "   ")
    assert len(store.read(maria.user_id).verifications) == 1


def test_an_item_not_verified_cannot_be_withdrawn(
    store: Store, content: Content, instructor: Account, maria: Account
) -> None:
    with pytest.raises(VerificationError, match="Only a verified"):
        withdraw_verification(store, content, instructor, maria.user_id, CPR, "Mistake")


def test_the_verification_log_only_grows(
    store: Store, content: Content, instructor: Account, maria: Account
) -> None:
    verify_requirement(store, content, instructor, maria.user_id, CPR)
    with pytest.raises(ValueError, match="only grows"):
        store.change(maria.user_id, lambda record: record.with_verification_log([]))
    assert len(store.read(maria.user_id).verifications) == 1


# Who may verify -------------------------------------------------------------------------------


def test_another_classs_instructor_may_not_verify(
    store: Store, content: Content, other_instructor: Account, maria: Account
) -> None:
    with pytest.raises(AccessDenied):
        verify_requirement(store, content, other_instructor, maria.user_id, CPR)
    assert store.read(maria.user_id).verifications == []


def test_an_instructor_may_not_verify_a_learner_of_another_class(
    store: Store,
    content: Content,
    instructor: Account,
    other_instructor: Account,
    add_learner: Callable[[str], Account],
) -> None:
    (morning,) = [c for c in store.list_classes() if c.owner_id == other_instructor.user_id]
    stranger = add_learner("stranger")
    join_class(store, stranger, morning.join_code)
    store.change(
        stranger.user_id,
        lambda record: record.with_item_state(CPR, ItemState.DONE, datetime.now(UTC)),
    )
    with pytest.raises(AccessDenied):
        verify_requirement(store, content, instructor, stranger.user_id, CPR)
    assert store.read(stranger.user_id).verifications == []


def test_an_instructor_may_not_verify_a_learner_who_left_the_class(
    store: Store, content: Content, instructor: Account, evening: Classroom, maria: Account
) -> None:
    leave_class(store, maria, evening.class_id)
    with pytest.raises(AccessDenied):
        verify_requirement(store, content, instructor, maria.user_id, CPR)
    assert store.read(maria.user_id).verifications == []


def test_a_visitor_may_not_verify(store: Store, content: Content, maria: Account) -> None:
    with pytest.raises(AccessDenied):
        verify_requirement(store, content, None, maria.user_id, CPR)
    assert store.read(maria.user_id).verifications == []


def test_a_learner_may_not_verify_themself(store: Store, content: Content, maria: Account) -> None:
    with pytest.raises(AccessDenied):
        verify_requirement(store, content, maria, maria.user_id, CPR)
    assert store.read(maria.user_id).verifications == []


def test_another_classs_instructor_may_not_withdraw(
    store: Store, content: Content, instructor: Account, other_instructor: Account, maria: Account
) -> None:
    verify_requirement(store, content, instructor, maria.user_id, CPR)
    with pytest.raises(AccessDenied):
        withdraw_verification(store, content, other_instructor, maria.user_id, CPR, "Not mine")
    assert check(store, content, maria) is RequirementCheck.VERIFIED


@pytest.mark.parametrize("who", ["maria", "visitor"])
def test_neither_the_learner_nor_a_visitor_may_withdraw(
    store: Store, content: Content, instructor: Account, maria: Account, who: str
) -> None:
    verify_requirement(store, content, instructor, maria.user_id, CPR)
    with pytest.raises(AccessDenied):
        withdraw_verification(
            store, content, maria if who == "maria" else None, maria.user_id, CPR, "Mine now"
        )
    assert check(store, content, maria) is RequirementCheck.VERIFIED


# Externship hours -----------------------------------------------------------------------------


def test_a_learner_logs_hours_unapproved(store: Store, maria: Account) -> None:
    logged(store, maria)
    (entry,) = store.read(maria.user_id).hours
    assert (entry.worked_on, entry.site, entry.hours, entry.supervisor, entry.approved) == (
        WORKED,
        "Valley Clinic",
        6,
        "Dr. Lee",
        False,
    )


def test_more_than_24_hours_on_one_day_are_refused(store: Store, maria: Account) -> None:
    logged(store, maria, hours=20)
    with pytest.raises(VerificationError, match="at most 24"):
        logged(store, maria, hours=5)
    assert len(store.read(maria.user_id).hours) == 1


def test_the_classs_instructor_approves_an_entry(
    store: Store, instructor: Account, maria: Account
) -> None:
    entry_id = logged(store, maria)
    approve_hour_entry(store, instructor, maria.user_id, entry_id)
    assert [e.approved for e in store.read(maria.user_id).hours] == [True]


@pytest.mark.parametrize("who", ["other_instructor", "maria", "visitor"])
def test_only_the_classs_instructor_may_approve_hours(
    store: Store, maria: Account, other_instructor: Account, who: str
) -> None:
    approver = {"other_instructor": other_instructor, "maria": maria, "visitor": None}[who]
    entry_id = logged(store, maria)
    with pytest.raises(AccessDenied):
        approve_hour_entry(store, approver, maria.user_id, entry_id)
    assert [e.approved for e in store.read(maria.user_id).hours] == [False]


def test_hours_of_a_learner_who_left_may_not_be_approved(
    store: Store, instructor: Account, evening: Classroom, maria: Account
) -> None:
    entry_id = logged(store, maria)
    leave_class(store, maria, evening.class_id)
    with pytest.raises(AccessDenied):
        approve_hour_entry(store, instructor, maria.user_id, entry_id)


def test_a_learner_removes_an_unapproved_entry(store: Store, maria: Account) -> None:
    remove_hour_entry(store, maria, logged(store, maria))
    assert store.read(maria.user_id).hours == []


def test_an_approved_entry_cannot_be_removed_by_the_learner(
    store: Store, instructor: Account, maria: Account
) -> None:
    entry_id = logged(store, maria)
    approve_hour_entry(store, instructor, maria.user_id, entry_id)
    with pytest.raises(VerificationError, match="approved entry"):
        remove_hour_entry(store, maria, entry_id)
    assert len(store.read(maria.user_id).hours) == 1


# Hours targets --------------------------------------------------------------------------------


def test_a_learners_target_is_the_contents_160_until_the_class_sets_one(
    store: Store, content: Content, maria: Account
) -> None:
    assert learner_hours(store, content, maria).target == 160


def test_the_class_owner_sets_the_hours_target_the_learner_counts_against(
    store: Store, content: Content, instructor: Account, evening: Classroom, maria: Account
) -> None:
    set_hours_target(store, instructor, evening.class_id, 200)
    assert learner_hours(store, content, maria).target == 200


def test_another_instructor_may_not_set_a_classs_target(
    store: Store, other_instructor: Account, evening: Classroom
) -> None:
    with pytest.raises(AccessDenied):
        set_hours_target(store, other_instructor, evening.class_id, 10)
    assert stored_class(store, evening).hours_target is None


def test_a_target_outside_1_to_2000_hours_is_refused(
    store: Store, instructor: Account, evening: Classroom
) -> None:
    with pytest.raises(ValueError, match="2000"):
        set_hours_target(store, instructor, evening.class_id, 2001)
    assert stored_class(store, evening).hours_target is None


def test_only_approved_hours_count_toward_the_target(
    store: Store, content: Content, instructor: Account, maria: Account
) -> None:
    approve_hour_entry(store, instructor, maria.user_id, logged(store, maria, hours=6))
    logged(store, maria, hours=4)
    totals = learner_hours(store, content, maria)
    assert (totals.logged, totals.approved, totals.remaining) == (10, 6, 154)


# What a class awaits --------------------------------------------------------------------------


def test_the_class_lists_done_items_and_hours_awaiting_the_instructor(
    store: Store, content: Content, instructor: Account, evening: Classroom, maria: Account
) -> None:
    entry_id = logged(store, maria)
    (learner,) = class_verifications(store, content, instructor, evening.class_id).learners
    assert [item.id for item in learner.awaiting] == [CPR]
    assert [entry.entry_id for entry in learner.unapproved] == [entry_id]


def test_verified_items_and_approved_hours_no_longer_await(
    store: Store, content: Content, instructor: Account, evening: Classroom, maria: Account
) -> None:
    approve_hour_entry(store, instructor, maria.user_id, logged(store, maria))
    verify_requirement(store, content, instructor, maria.user_id, CPR)
    (learner,) = class_verifications(store, content, instructor, evening.class_id).learners
    assert (learner.awaiting, learner.unapproved, learner.anything_awaits) == ([], [], False)
    assert list(learner.verified) == [CPR]


def test_another_instructor_may_not_open_a_classs_verifications(
    store: Store, content: Content, other_instructor: Account, evening: Classroom
) -> None:
    with pytest.raises(AccessDenied):
        class_verifications(store, content, other_instructor, evening.class_id)


def test_a_class_update_cannot_move_the_class_to_another_owner(
    store: Store, other_instructor: Account, evening: Classroom
) -> None:
    with pytest.raises(ValueError, match="cannot change"):
        store.update_class(
            evening.class_id,
            lambda stored: stored.model_copy(update={"owner_id": other_instructor.user_id}),
        )
    assert stored_class(store, evening).owner_id == evening.owner_id
