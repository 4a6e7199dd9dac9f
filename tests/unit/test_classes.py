"""Classes and access rules: each test tries to cross a line the domain must hold."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest

from pathway.accounts import Account
from pathway.classes import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    AccessDenied,
    ClassRefused,
    class_learners,
    class_records,
    classes_joined,
    classes_owned,
    create_class,
    join_class,
    leave_class,
    new_join_code,
    record_for,
    reissue_for_learner,
)
from pathway.records import Classroom, ItemProgress, ItemState
from pathway.store import Store
from tests.storage import save_progress

START = date(2027, 1, 11)
NOW = datetime(2027, 2, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def evening(store: Store, instructor: Account) -> Classroom:
    """The instructor's evening class."""
    return create_class(store, instructor, "MA Evening", START)


@pytest.fixture
def maria(store: Store, evening: Classroom, add_learner: Callable[[str], Account]) -> Account:
    """A learner who joined the evening class with its code."""
    learner = add_learner("maria")
    join_class(store, learner, evening.join_code)
    return learner


@pytest.fixture
def other_instructor(add_instructor: Callable[[str], Account]) -> Account:
    """A second instructor, who teaches a different class."""
    return add_instructor("mr.okafor")


def test_join_codes_are_long_and_unambiguous() -> None:
    codes = {new_join_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(
        len(code) == JOIN_CODE_LENGTH and set(code) <= set(JOIN_CODE_ALPHABET) for code in codes
    )
    assert not set("O0I1") & set(JOIN_CODE_ALPHABET)


def test_instructor_creates_a_class_with_a_join_code(store: Store, instructor: Account) -> None:
    classroom = create_class(store, instructor, "MA Evening 2027", START, "program.diploma", "WA")
    assert classes_owned(store, instructor) == [classroom]
    assert len(classroom.join_code) == JOIN_CODE_LENGTH


def test_learner_cannot_create_a_class(store: Store, add_learner) -> None:
    with pytest.raises(AccessDenied):
        create_class(store, add_learner("maria"), "My class", START)


def test_a_blank_class_name_is_refused_and_no_class_is_kept(
    store: Store, instructor: Account
) -> None:
    with pytest.raises(ClassRefused, match="give it a name"):
        create_class(store, instructor, "  ", START)
    assert classes_owned(store, instructor) == []


def test_joining_gives_a_learner_without_a_plan_the_classs_program_start_and_state(
    store: Store, instructor: Account, add_learner
) -> None:
    associate = create_class(store, instructor, "MA Day", START, "program.associate", "AZ")
    maria = add_learner("maria")
    join_class(store, maria, associate.join_code)
    profile = store.read(maria.user_id).profile
    assert (profile.program_type, profile.plan_start, profile.state) == (
        "program.associate",
        START,
        "AZ",
    )


def test_joining_keeps_the_program_and_state_a_learner_chose(
    store: Store, instructor: Account, add_learner
) -> None:
    associate = create_class(store, instructor, "MA Day", START, "program.associate", "AZ")
    maria = add_learner("maria")
    own = date(2026, 9, 1)
    store.change(
        maria.user_id,
        lambda r: r.with_profile(program_type="program.diploma", plan_start=own, state="WA"),
    )
    join_class(store, maria, associate.join_code)
    profile = store.read(maria.user_id).profile
    assert (profile.program_type, profile.plan_start, profile.state) == (
        "program.diploma",
        own,
        "WA",
    )


def test_learner_joins_with_the_code_typed_loosely(
    store: Store, instructor: Account, add_learner, evening: Classroom
) -> None:
    maria = add_learner("maria")
    typed = f" {evening.join_code[:4].lower()}-{evening.join_code[4:].lower()} "
    assert join_class(store, maria, typed) == evening
    assert class_learners(store, instructor, evening.class_id) == [maria]


def test_joining_twice_keeps_one_membership(
    store: Store, instructor: Account, evening: Classroom, maria: Account
) -> None:
    join_class(store, maria, evening.join_code)  # the second time: the fixture joined once
    assert class_learners(store, instructor, evening.class_id) == [maria]


def test_wrong_code_is_refused(store: Store, instructor: Account, add_learner) -> None:
    create_class(store, instructor, "MA Evening", START)
    with pytest.raises(AccessDenied, match="No class has that code"):
        join_class(store, add_learner("maria"), "WRONG123")


def test_learner_sees_which_instructor_sees_them(
    store: Store, instructor: Account, evening: Classroom, maria: Account
) -> None:
    assert classes_joined(store, maria) == [(evening, instructor)]


def test_leaving_a_class_hides_the_learner_from_its_instructor(
    store: Store, instructor: Account, evening: Classroom, maria: Account
) -> None:
    leave_class(store, maria, evening.class_id)
    assert class_learners(store, instructor, evening.class_id) == []
    with pytest.raises(AccessDenied):
        record_for(store, instructor, maria.user_id)


def test_instructor_reads_a_learner_of_their_class(
    store: Store, instructor: Account, evening: Classroom, maria: Account
) -> None:
    save_progress(store, maria.user_id, "req.cpr.card", ItemProgress(state=ItemState.DONE))
    assert record_for(store, instructor, maria.user_id).item("req.cpr.card").state is ItemState.DONE


def test_instructor_cannot_open_another_instructors_class(
    store: Store, other_instructor: Account, evening: Classroom
) -> None:
    with pytest.raises(AccessDenied):
        class_learners(store, other_instructor, evening.class_id)


def test_instructor_cannot_read_a_learner_outside_their_classes(
    store: Store, other_instructor: Account, evening: Classroom, maria: Account
) -> None:
    with pytest.raises(AccessDenied):
        record_for(store, other_instructor, maria.user_id)


def test_learner_cannot_read_another_learner(store: Store, add_learner, evening: Classroom) -> None:
    maria, sam = add_learner("maria"), add_learner("sam")
    join_class(store, maria, evening.join_code)
    join_class(store, sam, evening.join_code)
    with pytest.raises(AccessDenied):
        record_for(store, sam, maria.user_id)


def test_learner_cannot_list_a_class_they_joined(
    store: Store, evening: Classroom, maria: Account
) -> None:
    with pytest.raises(AccessDenied):
        class_learners(store, maria, evening.class_id)


def test_instructor_cannot_join_their_own_class(
    store: Store, instructor: Account, evening: Classroom
) -> None:
    with pytest.raises(AccessDenied):
        join_class(store, instructor, evening.join_code)


def test_classes_and_memberships_survive_a_reopened_store(
    store: Store, instructor: Account, data_dir, evening: Classroom, maria: Account
) -> None:
    store.close()
    reopened = Store(data_dir)
    try:
        assert class_learners(reopened, instructor, evening.class_id) == [maria]
    finally:
        reopened.close()


def test_class_records_come_only_for_the_owner(
    store: Store, instructor: Account, other_instructor: Account, evening: Classroom, maria: Account
) -> None:
    assert [learner for learner, _ in class_records(store, instructor, evening.class_id)] == [maria]
    with pytest.raises(AccessDenied):
        class_records(store, other_instructor, evening.class_id)


def test_an_instructor_cannot_reissue_a_passphrase_for_a_learner_outside_their_classes(
    store: Store, instructor: Account, add_learner, evening: Classroom
) -> None:
    outsider = add_learner("sam")
    with pytest.raises(AccessDenied):
        reissue_for_learner(store, instructor, evening.class_id, outsider.user_id, NOW)
    stored = store.find_account("sam")
    assert stored is not None
    assert not stored.must_change_passphrase


def test_another_instructor_cannot_reissue_a_passphrase_in_a_class_they_do_not_own(
    store: Store, instructor: Account, add_learner, add_instructor, evening: Classroom
) -> None:
    maria = add_learner("maria")
    join_class(store, maria, evening.join_code)
    with pytest.raises(AccessDenied):
        reissue_for_learner(store, add_instructor("lee"), evening.class_id, maria.user_id, NOW)
