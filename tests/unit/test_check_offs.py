"""Specifies pathway.check_offs: the check-off log written through the store, and who may write it.

Each access rule is crossed over real files: another class's instructor, a learner of another
class, a learner who left, a visitor and the learner themself. A refused write leaves the
learner's log exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from pathway.accounts import Account
from pathway.check_offs import (
    ask_for_check_off,
    check_off_learner,
    lab_day,
    practise,
    states_of,
    undo,
)
from pathway.classes import AccessDenied, create_class, join_class, leave_class
from pathway.content.models import Content
from pathway.records import Classroom
from pathway.store import Store
from pathway.verification import CompetencyStatus, VerificationError

VITALS = "comp.anatomy.vital_signs"
LAB_DAY = date.today() - timedelta(days=1)


@pytest.fixture
def evening(store: Store, instructor: Account) -> Classroom:
    """The instructor's evening class."""
    return create_class(store, instructor, "MA Evening", LAB_DAY)


@pytest.fixture
def joined(
    store: Store, evening: Classroom, add_learner: Callable[[str], Account]
) -> Callable[[str], Account]:
    """Make a learner who joined the evening class with its code."""

    def join(username: str) -> Account:
        learner = add_learner(username)
        join_class(store, learner, evening.join_code)
        return learner

    return join


@pytest.fixture
def maria(joined: Callable[[str], Account]) -> Account:
    return joined("maria")


@pytest.fixture
def other_instructor(store: Store, add_instructor: Callable[[str], Account]) -> Account:
    """An instructor with a class of their own, not the evening class."""
    teacher = add_instructor("mr.okafor")
    create_class(store, teacher, "MA Morning", LAB_DAY)
    return teacher


def status(store: Store, content: Content, learner: Account) -> CompetencyStatus:
    return states_of(content, store.read(learner.user_id))[VITALS].status


def test_practising_is_saved_in_the_learners_log(
    store: Store, content: Content, maria: Account
) -> None:
    practise(store, content, maria, VITALS)
    assert status(store, content, maria) is CompetencyStatus.PRACTISING


def test_a_request_for_a_check_off_is_saved(store: Store, content: Content, maria: Account) -> None:
    ask_for_check_off(store, content, maria, VITALS)
    assert status(store, content, maria) is CompetencyStatus.REQUESTED


def test_the_classs_instructor_checks_a_learner_off(
    store: Store, content: Content, instructor: Account, maria: Account
) -> None:
    check_off_learner(store, content, instructor, maria.user_id, VITALS, LAB_DAY, score=88)
    state = states_of(content, store.read(maria.user_id))[VITALS]
    assert (state.status, state.checked_on, state.evaluator, state.score) == (
        CompetencyStatus.CHECKED_OFF,
        LAB_DAY,
        instructor.display_name,
        88,
    )


def test_a_check_off_survives_a_reopened_store(
    store: Store, content: Content, instructor: Account, maria: Account, data_dir: Path
) -> None:
    check_off_learner(store, content, instructor, maria.user_id, VITALS, LAB_DAY)
    store.close()
    reopened = Store(data_dir)
    try:
        assert status(reopened, content, maria) is CompetencyStatus.CHECKED_OFF
    finally:
        reopened.close()


def test_another_classs_instructor_may_not_check_off(
    store: Store, content: Content, other_instructor: Account, maria: Account
) -> None:
    with pytest.raises(AccessDenied):
        check_off_learner(store, content, other_instructor, maria.user_id, VITALS, LAB_DAY)
    assert store.read(maria.user_id).check_offs == []


def test_an_instructor_may_not_check_off_a_learner_of_another_class(
    store: Store,
    content: Content,
    instructor: Account,
    other_instructor: Account,
    add_learner: Callable[[str], Account],
) -> None:
    (morning,) = [c for c in store.list_classes() if c.owner_id == other_instructor.user_id]
    stranger = add_learner("stranger")
    join_class(store, stranger, morning.join_code)
    with pytest.raises(AccessDenied):
        check_off_learner(store, content, instructor, stranger.user_id, VITALS, LAB_DAY)
    assert store.read(stranger.user_id).check_offs == []


def test_an_instructor_may_not_check_off_a_learner_who_left_the_class(
    store: Store, content: Content, instructor: Account, evening: Classroom, maria: Account
) -> None:
    leave_class(store, maria, evening.class_id)
    with pytest.raises(AccessDenied):
        check_off_learner(store, content, instructor, maria.user_id, VITALS, LAB_DAY)
    assert store.read(maria.user_id).check_offs == []


def test_a_visitor_may_not_check_off(store: Store, content: Content, maria: Account) -> None:
    with pytest.raises(AccessDenied):
        check_off_learner(store, content, None, maria.user_id, VITALS, LAB_DAY)
    assert store.read(maria.user_id).check_offs == []


def test_a_learner_may_not_check_themself_off(
    store: Store, content: Content, maria: Account
) -> None:
    with pytest.raises(AccessDenied):
        check_off_learner(store, content, maria, maria.user_id, VITALS, LAB_DAY)
    assert store.read(maria.user_id).check_offs == []


def test_a_check_off_dated_tomorrow_is_refused_and_writes_nothing(
    store: Store, content: Content, instructor: Account, maria: Account
) -> None:
    with pytest.raises(VerificationError, match="future"):
        check_off_learner(
            store, content, instructor, maria.user_id, VITALS, date.today() + timedelta(days=2)
        )
    assert store.read(maria.user_id).check_offs == []


def test_an_unknown_competency_is_refused(
    store: Store, content: Content, instructor: Account, maria: Account
) -> None:
    with pytest.raises(VerificationError, match="not in this"):
        check_off_learner(store, content, instructor, maria.user_id, "comp.made_up", LAB_DAY)


def test_a_lab_day_checks_off_every_learner_ticked(
    store: Store, content: Content, instructor: Account, joined: Callable[[str], Account]
) -> None:
    learners = [joined(name) for name in ("ana", "ben", "chen")]
    outcome = lab_day(store, content, instructor, [a.user_id for a in learners], VITALS, LAB_DAY)
    assert outcome.saved == [a.user_id for a in learners]
    assert all(status(store, content, a) is CompetencyStatus.CHECKED_OFF for a in learners)


def test_a_lab_day_refuses_a_stranger_and_still_checks_off_the_class(
    store: Store,
    content: Content,
    instructor: Account,
    maria: Account,
    add_learner: Callable[[str], Account],
) -> None:
    stranger = add_learner("stranger")
    outcome = lab_day(
        store, content, instructor, [stranger.user_id, maria.user_id], VITALS, LAB_DAY
    )
    assert outcome.saved == [maria.user_id]
    assert "instructor of this learner" in outcome.refused[stranger.user_id]
    assert store.read(stranger.user_id).check_offs == []


def test_a_second_lab_day_says_who_was_already_checked_off(
    store: Store, content: Content, instructor: Account, maria: Account
) -> None:
    lab_day(store, content, instructor, [maria.user_id], VITALS, LAB_DAY)
    outcome = lab_day(store, content, instructor, [maria.user_id], VITALS, LAB_DAY)
    assert outcome.saved == []
    assert "already checked off" in outcome.refused[maria.user_id]
    assert len(store.read(maria.user_id).check_offs) == 1


def test_undo_keeps_the_check_off_and_adds_the_reason(
    store: Store, content: Content, instructor: Account, maria: Account
) -> None:
    check_off_learner(store, content, instructor, maria.user_id, VITALS, LAB_DAY)
    undo(store, content, instructor, maria.user_id, VITALS, "Signed for the wrong learner")
    log = store.read(maria.user_id).check_offs
    assert [entry.action.value for entry in log] == ["checked_off", "undone"]
    assert status(store, content, maria) is CompetencyStatus.UNDONE


def test_undo_without_a_reason_is_refused(
    store: Store, content: Content, instructor: Account, maria: Account
) -> None:
    check_off_learner(store, content, instructor, maria.user_id, VITALS, LAB_DAY)
    with pytest.raises(VerificationError, match="why"):
        undo(store, content, instructor, maria.user_id, VITALS, "  ")
    assert len(store.read(maria.user_id).check_offs) == 1


def test_another_classs_instructor_may_not_undo(
    store: Store, content: Content, instructor: Account, other_instructor: Account, maria: Account
) -> None:
    check_off_learner(store, content, instructor, maria.user_id, VITALS, LAB_DAY)
    with pytest.raises(AccessDenied):
        undo(store, content, other_instructor, maria.user_id, VITALS, "Not mine to undo")
    assert status(store, content, maria) is CompetencyStatus.CHECKED_OFF
