"""Specifies the store's dated entries: held credentials and continuing education activities.

Entries round-trip on every backend (real files, PostgreSQL) with dates and amounts intact, are
removed one at a time by their id, survive a reopened store and never mix between learners.
The CE entry model's own validation (amount, title) is pinned here too, since it guards what
the store accepts.
"""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from pathway.records import TITLE_MAX_LENGTH, CEEntry, HeldCredential
from pathway.storage import Storage
from tests.storage import add_entry, on_every_backend, remove_entry

CPR_CARD = HeldCredential(
    credential_id="cred.bls", earned_on=date(2026, 3, 14), printed_expiry=date(2028, 3, 31)
)
CMA = HeldCredential(credential_id="cred.cma", earned_on=date(2026, 1, 31))
WOUND_CARE = CEEntry(
    completed_on=date(2026, 4, 2),
    title="Wound care basics — “dressings”",
    provider="AAMA e-Learning",
    amount=1.25,
    category="clinical",
    approved=True,
)
CODING = CEEntry(
    completed_on=date(2026, 5, 9), title="ICD-10 coding", amount=0.1, category="administrative"
)
ETHICS = CEEntry(completed_on=date(2026, 6, 30), title="Ethics", amount=2.0, category="general")


@on_every_backend
def test_held_credentials_round_trip(store: Storage, add_learner) -> None:
    maria = add_learner("maria")
    add_entry(store, maria.user_id, CPR_CARD)
    add_entry(store, maria.user_id, CMA)

    assert store.read(maria.user_id).credentials == [CPR_CARD, CMA]


@on_every_backend
def test_ce_entries_round_trip_with_dates_and_amounts_intact(store: Storage, add_learner) -> None:
    maria = add_learner("maria")
    add_entry(store, maria.user_id, WOUND_CARE)
    add_entry(store, maria.user_id, CODING)

    loaded = store.read(maria.user_id).ce_entries

    assert loaded == [WOUND_CARE, CODING]
    assert [(e.completed_on, e.amount) for e in loaded] == [
        (date(2026, 4, 2), 1.25),
        (date(2026, 5, 9), 0.1),
    ]


@on_every_backend
def test_entries_go_to_their_own_kind(store: Storage, add_learner) -> None:
    maria = add_learner("maria")
    add_entry(store, maria.user_id, CPR_CARD)
    add_entry(store, maria.user_id, WOUND_CARE)

    record = store.read(maria.user_id)

    assert (record.credentials, record.ce_entries) == ([CPR_CARD], [WOUND_CARE])


@on_every_backend
def test_removing_one_ce_entry_leaves_the_others(store: Storage, add_learner) -> None:
    maria = add_learner("maria")
    for entry in (WOUND_CARE, CODING, ETHICS):
        add_entry(store, maria.user_id, entry)

    remove_entry(store, maria.user_id, CODING)

    assert store.read(maria.user_id).ce_entries == [WOUND_CARE, ETHICS]


@on_every_backend
def test_removing_one_held_credential_leaves_the_others(store: Storage, add_learner) -> None:
    maria = add_learner("maria")
    add_entry(store, maria.user_id, CPR_CARD)
    add_entry(store, maria.user_id, CMA)

    remove_entry(store, maria.user_id, CPR_CARD)

    assert store.read(maria.user_id).credentials == [CMA]


@on_every_backend
def test_removing_an_entry_as_loaded_back_deletes_it(store: Storage, add_learner) -> None:
    maria = add_learner("maria")
    add_entry(store, maria.user_id, WOUND_CARE)
    (loaded,) = store.read(maria.user_id).ce_entries

    remove_entry(store, maria.user_id, loaded)

    assert store.read(maria.user_id).ce_entries == []


@on_every_backend
def test_removing_a_ce_entry_leaves_a_credential_with_the_same_id(
    store: Storage, add_learner
) -> None:
    maria = add_learner("maria")
    card = CPR_CARD.model_copy(update={"entry_id": "shared"})
    activity = WOUND_CARE.model_copy(update={"entry_id": "shared"})
    add_entry(store, maria.user_id, card)
    add_entry(store, maria.user_id, activity)

    remove_entry(store, maria.user_id, activity)

    record = store.read(maria.user_id)
    assert (record.credentials, record.ce_entries) == ([card], [])


@on_every_backend
def test_entries_persist_across_a_reopened_store(store: Storage, add_learner, open_store) -> None:
    maria = add_learner("maria")
    add_entry(store, maria.user_id, CPR_CARD)
    add_entry(store, maria.user_id, WOUND_CARE)
    store.close()

    record = open_store().read(maria.user_id)
    assert (record.credentials, record.ce_entries) == ([CPR_CARD], [WOUND_CARE])


@on_every_backend
def test_entries_of_two_learners_do_not_mix(store: Storage, add_learner) -> None:
    maria, james = add_learner("maria"), add_learner("james")
    add_entry(store, maria.user_id, CPR_CARD)
    add_entry(store, maria.user_id, WOUND_CARE)
    add_entry(store, james.user_id, CMA)
    add_entry(store, james.user_id, CODING)

    remove_entry(store, james.user_id, CODING)

    marias, james_s = store.read(maria.user_id), store.read(james.user_id)
    assert (marias.credentials, marias.ce_entries) == ([CPR_CARD], [WOUND_CARE])
    assert (james_s.credentials, james_s.ce_entries) == ([CMA], [])


def test_each_new_entry_gets_its_own_id() -> None:
    first = CEEntry(completed_on=date(2026, 1, 1), title="A", amount=1, category="general")
    second = CEEntry(completed_on=date(2026, 1, 1), title="A", amount=1, category="general")

    assert first.entry_id != second.entry_id


# CEEntry validation -----------------------------------------------------------------------


def ce_entry(**changes: object) -> CEEntry:
    """A valid CE entry with `changes` applied, validated anew."""
    return CEEntry.model_validate({**WOUND_CARE.model_dump(), **changes})


@pytest.mark.parametrize("amount", [0, -1, 100.5])
def test_ce_entry_refuses_an_amount_outside_0_to_100(amount: float) -> None:
    with pytest.raises(ValidationError, match="amount"):
        ce_entry(amount=amount)


def test_ce_entry_accepts_an_amount_of_100() -> None:
    assert ce_entry(amount=100).amount == 100


def test_ce_entry_refuses_an_empty_title() -> None:
    with pytest.raises(ValidationError, match="title"):
        ce_entry(title="")


def test_ce_entry_refuses_a_title_of_only_spaces() -> None:
    with pytest.raises(ValidationError, match="title"):
        ce_entry(title="   ")


def test_ce_entry_refuses_a_title_over_the_maximum_length() -> None:
    with pytest.raises(ValidationError, match="title"):
        ce_entry(title="x" * (TITLE_MAX_LENGTH + 1))


def test_ce_entry_accepts_a_title_of_exactly_the_maximum_length() -> None:
    assert len(ce_entry(title="x" * TITLE_MAX_LENGTH).title) == TITLE_MAX_LENGTH


def test_ce_entry_refuses_a_provider_over_the_maximum_length() -> None:
    with pytest.raises(ValidationError, match="provider"):
        ce_entry(provider="x" * (TITLE_MAX_LENGTH + 1))
