"""Export, import, reset and delete: round trips lose nothing; refusals change nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from pathway.accounts import Account
from pathway.classes import class_learners, create_class, join_class
from pathway.portability import ImportRefused, export_learner, import_learner, reset_progress
from pathway.records import (
    CEEntry,
    HeldCredential,
    ItemProgress,
    ItemState,
    LearnerProfile,
    SkillSnapshot,
)
from pathway.store import Store

NOW = datetime(2027, 2, 1, 9, 30, tzinfo=UTC)


@pytest.fixture
def maria(store: Store, add_learner: Callable[[str], Account]) -> Account:
    """A learner with something of every kind stored."""
    account = add_learner("maria")
    store.save_progress(
        account.user_id,
        "req.cpr.card",
        ItemProgress(
            state=ItemState.DONE, completed_on=date(2027, 1, 5), note="Wallet", updated_at=NOW
        ),
    )
    store.save_progress(
        account.user_id, "req.gone.from_content", ItemProgress(state=ItemState.SKIPPED)
    )
    store.add_skill_snapshot(account.user_id, SkillSnapshot(taken_at=NOW, ratings={"skill.x": 3}))
    store.add_entry(
        account.user_id, HeldCredential(credential_id="cred.bls", earned_on=date(2027, 1, 5))
    )
    store.add_entry(
        account.user_id,
        CEEntry(completed_on=date(2027, 1, 20), title="Update", amount=1.5, category="clinical"),
    )
    store.update_profile(
        account.user_id,
        lambda _: LearnerProfile(
            program_type="program.diploma", plan_start=date(2027, 1, 4), state="NJ"
        ),
    )
    return account


def test_export_then_import_elsewhere_loses_nothing(
    store: Store, maria: Account, tmp_path: Path
) -> None:
    exported = export_learner(store, maria)
    elsewhere = Store(tmp_path / "other-server")
    try:
        elsewhere.add_account(maria)
        import_learner(elsewhere, maria, exported)
        assert elsewhere.load_record(maria.user_id) == store.load_record(maria.user_id)
    finally:
        elsewhere.close()


def test_export_never_contains_the_passphrase_hash(store: Store, maria: Account) -> None:
    assert maria.passphrase_hash not in export_learner(store, maria).decode()


def test_import_survives_a_reopened_store(store: Store, maria: Account, data_dir: Path) -> None:
    before = store.load_record(maria.user_id)
    import_learner(store, maria, export_learner(store, maria))
    store.close()
    reopened = Store(data_dir)
    try:
        assert reopened.load_record(maria.user_id) == before
    finally:
        reopened.close()


def refused(store: Store, account: Account, data: bytes) -> str:
    """The refusal message, after checking the stored record did not change."""
    before = store.load_record(account.user_id)
    with pytest.raises(ImportRefused) as raised:
        import_learner(store, account, data)
    assert store.load_record(account.user_id) == before
    return str(raised.value)


def test_malformed_file_is_refused(store: Store, maria: Account) -> None:
    assert "not a JSON file" in refused(store, maria, b"\x89PNG not json")


def test_other_json_is_refused(store: Store, maria: Account) -> None:
    assert "not an MA Pathway export" in refused(store, maria, b'{"hello": "world"}')


def test_export_from_a_newer_version_is_refused(store: Store, maria: Account) -> None:
    document = json.loads(export_learner(store, maria))
    document["schema_version"] = 99
    assert "newer MA Pathway" in refused(store, maria, json.dumps(document).encode())


def test_another_users_export_is_refused(store: Store, maria: Account, add_learner) -> None:
    sam = add_learner("sam")
    assert "belongs to the user 'maria'" in refused(store, sam, export_learner(store, maria))


def test_damaged_record_is_refused_naming_the_field(store: Store, maria: Account) -> None:
    document = json.loads(export_learner(store, maria))
    document["record"]["ce_entries"][0]["amount"] = "lots"
    assert "ce_entries.0.amount" in refused(store, maria, json.dumps(document).encode())


def test_reset_clears_progress_and_ratings_but_keeps_credentials_and_plan(
    store: Store, maria: Account
) -> None:
    reset_progress(store, maria)
    record = store.load_record(maria.user_id)
    assert (record.progress, record.snapshots) == ({}, [])
    assert [c.credential_id for c in record.credentials] == ["cred.bls"]
    assert record.profile.state == "NJ"


def test_deleting_an_account_removes_it_its_file_and_its_memberships(
    store: Store, maria: Account, instructor: Account, data_dir: Path
) -> None:
    teacher = instructor
    classroom = create_class(store, teacher, "MA Evening", date(2027, 1, 4))
    join_class(store, maria, classroom.join_code)
    store.delete_account(maria.user_id)
    assert store.find_account("maria") is None
    assert not (data_dir / "learners" / f"{maria.user_id}.json").exists()
    assert class_learners(store, teacher, classroom.class_id) == []
