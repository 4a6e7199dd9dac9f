"""Specifies who may open a learner's evidence files: the learner and their class's instructor.

Each crossing is a test: another instructor, a learner of another class, the instructor after
the learner left, and a visitor who is not signed in. A refusal is AccessDenied before any byte
is read.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from pathway.accounts import Account
from pathway.classes import AccessDenied, create_class, join_class, leave_class
from pathway.content import Content
from pathway.evidence import attach_evidence, evidence_items, learner_evidence, open_evidence
from pathway.records import Classroom, EvidenceRecord
from pathway.store import Store
from pathway.verification import VerificationError

PDF = b"%PDF-1.7\n immunization record \n%%EOF"


@pytest.fixture
def maria(add_learner: Callable[[str], Account]) -> Account:
    """A learner of the evening class."""
    return add_learner("maria")


@pytest.fixture
def evening(store: Store, instructor: Account, maria: Account) -> Classroom:
    """The instructor's class, which Maria has joined."""
    classroom = create_class(store, instructor, "MA Evening", date(2027, 1, 11))
    join_class(store, maria, classroom.join_code)
    return classroom


@pytest.fixture
def record_of_shots(
    store: Store, content: Content, maria: Account, evening: Classroom
) -> EvidenceRecord:
    """Maria's immunization record, attached to the immunizations requirement."""
    return attach_evidence(
        store, content, maria, "req.pre_externship.hepatitis_b", "shots.pdf", PDF
    )


def test_the_learner_opens_their_own_file(
    store: Store, maria: Account, record_of_shots: EvidenceRecord
) -> None:
    assert open_evidence(store, maria, maria.user_id, record_of_shots.evidence_id) == PDF


def test_the_instructor_of_the_learners_class_opens_the_file(
    store: Store, instructor: Account, maria: Account, record_of_shots: EvidenceRecord
) -> None:
    assert open_evidence(store, instructor, maria.user_id, record_of_shots.evidence_id) == PDF


def test_another_instructor_may_not_open_the_file(
    store: Store,
    add_instructor: Callable[[str], Account],
    maria: Account,
    record_of_shots: EvidenceRecord,
) -> None:
    other = add_instructor("okafor")
    create_class(store, other, "MA Day", date(2027, 1, 11))

    with pytest.raises(AccessDenied):
        open_evidence(store, other, maria.user_id, record_of_shots.evidence_id)


def test_a_learner_of_another_class_may_not_open_the_file(
    store: Store,
    add_instructor: Callable[[str], Account],
    add_learner: Callable[[str], Account],
    maria: Account,
    record_of_shots: EvidenceRecord,
) -> None:
    day = create_class(store, add_instructor("okafor"), "MA Day", date(2027, 1, 11))
    james = add_learner("james")
    join_class(store, james, day.join_code)

    with pytest.raises(AccessDenied):
        open_evidence(store, james, maria.user_id, record_of_shots.evidence_id)


def test_a_classmate_may_not_open_the_file(
    store: Store,
    add_learner: Callable[[str], Account],
    evening: Classroom,
    maria: Account,
    record_of_shots: EvidenceRecord,
) -> None:
    classmate = add_learner("james")
    join_class(store, classmate, evening.join_code)

    with pytest.raises(AccessDenied):
        open_evidence(store, classmate, maria.user_id, record_of_shots.evidence_id)


def test_the_instructor_may_not_open_the_file_once_the_learner_left_the_class(
    store: Store,
    instructor: Account,
    maria: Account,
    evening: Classroom,
    record_of_shots: EvidenceRecord,
) -> None:
    leave_class(store, maria, evening.class_id)

    with pytest.raises(AccessDenied):
        open_evidence(store, instructor, maria.user_id, record_of_shots.evidence_id)


def test_a_visitor_who_is_not_signed_in_may_not_open_the_file(
    store: Store, maria: Account, record_of_shots: EvidenceRecord
) -> None:
    with pytest.raises(AccessDenied):
        open_evidence(store, None, maria.user_id, record_of_shots.evidence_id)


def test_a_refused_viewer_cannot_learn_whether_a_file_exists(
    store: Store, maria: Account, evening: Classroom
) -> None:
    with pytest.raises(AccessDenied):  # not KeyError: the refusal comes before any look-up
        open_evidence(store, None, maria.user_id, "0" * 32)


def test_the_instructor_lists_the_files_of_one_item_for_review(
    store: Store,
    content: Content,
    instructor: Account,
    maria: Account,
    record_of_shots: EvidenceRecord,
) -> None:
    attach_evidence(store, content, maria, "req.cpr.card", "card.pdf", PDF)

    listed = learner_evidence(store, instructor, maria.user_id, "req.pre_externship.hepatitis_b")

    assert listed == [record_of_shots]


def test_another_instructor_may_not_list_the_files(
    store: Store,
    add_instructor: Callable[[str], Account],
    maria: Account,
    record_of_shots: EvidenceRecord,
) -> None:
    with pytest.raises(AccessDenied):
        learner_evidence(
            store, add_instructor("okafor"), maria.user_id, "req.pre_externship.hepatitis_b"
        )


def test_a_file_attaches_to_a_credential_as_to_a_requirement(
    store: Store, content: Content, maria: Account
) -> None:
    assert "cred.bls" in evidence_items(content)

    attached = attach_evidence(store, content, maria, "cred.bls", "card.pdf", PDF)

    assert store.read(maria.user_id).evidence == [attached]


def test_a_file_for_an_item_the_content_lacks_is_refused_and_nothing_is_kept(
    store: Store, content: Content, maria: Account
) -> None:
    with pytest.raises(VerificationError, match="requirement or a credential"):
        attach_evidence(store, content, maria, "req.no.such.item", "card.pdf", PDF)

    assert store.read(maria.user_id).evidence == []
