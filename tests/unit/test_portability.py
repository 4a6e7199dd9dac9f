"""Export, import, reset and delete: round trips lose nothing; refusals change nothing."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from pathway.accounts import Account
from pathway.classes import class_learners, create_class, join_class
from pathway.content import Content
from pathway.portability import (
    MAX_ENTRIES,
    MAX_IMPORT_BYTES,
    MAX_UNKNOWN_ITEMS,
    ImportRefused,
    export_learner,
    import_learner,
    reset_progress,
)
from pathway.records import (
    EARLIEST_DATE,
    LATEST_DATE,
    NOTE_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    CEEntry,
    CheckOffEntry,
    HeldCredential,
    HourEntry,
    ItemProgress,
    ItemState,
    RequirementVerification,
    SkillSnapshot,
)
from pathway.settings import PROJECT_ROOT
from pathway.store import Store
from pathway.verification import EVIDENCE_FILE_MAX_BYTES
from tests.storage import add_entry, add_snapshot, save_progress

NOW = datetime(2027, 2, 1, 9, 30, tzinfo=UTC)


@pytest.fixture
def maria(store: Store, add_learner: Callable[[str], Account]) -> Account:
    """A learner with something of every kind stored."""
    account = add_learner("maria")
    save_progress(
        store,
        account.user_id,
        "req.cpr.card",
        ItemProgress(
            state=ItemState.DONE, completed_on=date(2027, 1, 5), note="Wallet", updated_at=NOW
        ),
    )
    save_progress(
        store, account.user_id, "req.gone.from_content", ItemProgress(state=ItemState.SKIPPED)
    )
    add_snapshot(store, account.user_id, SkillSnapshot(taken_at=NOW, ratings={"skill.x": 3}))
    add_entry(
        store, account.user_id, HeldCredential(credential_id="cred.bls", earned_on=date(2027, 1, 5))
    )
    add_entry(
        store,
        account.user_id,
        CEEntry(completed_on=date(2027, 1, 20), title="Update", amount=1.5, category="clinical"),
    )
    store.change(
        account.user_id,
        lambda record: record.with_profile(
            program_type="program.diploma", plan_start=date(2027, 1, 4), state="NJ"
        ),
    )
    return account


def test_export_then_import_elsewhere_loses_nothing(
    store: Store, maria: Account, tmp_path: Path, content: Content
) -> None:
    exported = export_learner(store, maria)
    elsewhere = Store(tmp_path / "other-server")
    try:
        elsewhere.add_account(maria)
        import_learner(elsewhere, maria, exported, content)
        assert elsewhere.read(maria.user_id) == store.read(maria.user_id)
    finally:
        elsewhere.close()


def test_export_never_contains_the_passphrase_hash(store: Store, maria: Account) -> None:
    assert maria.passphrase_hash not in export_learner(store, maria).decode()


def test_import_survives_a_reopened_store(
    store: Store, maria: Account, data_dir: Path, content: Content
) -> None:
    before = store.read(maria.user_id)
    import_learner(store, maria, export_learner(store, maria), content)
    store.close()
    reopened = Store(data_dir)
    try:
        assert reopened.read(maria.user_id) == before
    finally:
        reopened.close()


@pytest.fixture
def refused(store: Store, content: Content) -> Callable[[Account, bytes], str]:
    """Import `data` as `account`: the refusal message, checked to be one line.

    Also checks that the stored record did not change.
    """

    def refuse(account: Account, data: bytes) -> str:
        before = store.read(account.user_id)
        with pytest.raises(ImportRefused) as raised:
            import_learner(store, account, data, content)
        assert store.read(account.user_id) == before
        assert "\n" not in str(raised.value)
        return str(raised.value)

    return refuse


def test_malformed_file_is_refused(refused, maria: Account) -> None:
    assert "not a JSON file" in refused(maria, b"\x89PNG not json")


def test_other_json_is_refused(refused, maria: Account) -> None:
    assert "not an MA Pathway export" in refused(maria, b'{"hello": "world"}')


def test_export_from_a_newer_version_is_refused(store: Store, maria: Account, refused) -> None:
    document = json.loads(export_learner(store, maria))
    document["schema_version"] = 99
    assert "newer MA Pathway" in refused(maria, json.dumps(document).encode())


def test_another_users_export_is_refused(
    store: Store, maria: Account, add_learner, refused
) -> None:
    sam = add_learner("sam")
    assert "belongs to the user 'maria'" in refused(sam, export_learner(store, maria))


def test_another_users_export_is_imported_when_its_username_is_accepted(
    store: Store, maria: Account, add_learner, content: Content
) -> None:
    sam = add_learner("sam")
    imported = import_learner(
        store, sam, export_learner(store, maria), content, accept_from="maria"
    )
    assert imported.progress == store.read(maria.user_id).progress
    assert store.read(sam.user_id) == imported


def test_accepting_one_username_does_not_let_in_an_export_of_another(
    store: Store, maria: Account, add_learner, content: Content
) -> None:
    sam = add_learner("sam")
    with pytest.raises(ImportRefused, match="belongs to the user 'maria'"):
        import_learner(store, sam, export_learner(store, maria), content, accept_from="anna")


def test_damaged_record_is_refused_naming_the_field(store: Store, maria: Account, refused) -> None:
    document = json.loads(export_learner(store, maria))
    document["record"]["ce_entries"][0]["amount"] = "lots"
    assert "ce_entries.0.amount" in refused(maria, json.dumps(document).encode())


def test_reset_clears_progress_and_ratings_but_keeps_credentials_and_plan(
    store: Store, maria: Account
) -> None:
    reset_progress(store, maria)
    record = store.read(maria.user_id)
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


# Values: the same rules as the forms and the stored file ----------------------------------

Refuse = Callable[[Account, bytes], str]


def edited_export(store: Store, account: Account, edit: Callable[[dict], object]) -> bytes:
    """The account's export after `edit` changed its record in place."""
    document = json.loads(export_learner(store, account))
    edit(document["record"])
    return json.dumps(document).encode()


def test_regression_earned_on_in_year_9999_is_refused_naming_the_field(
    store: Store, maria: Account, refused: Refuse
) -> None:
    data = edited_export(
        store, maria, lambda record: record["credentials"][0].update(earned_on="9999-12-01")
    )
    assert "credentials.0.earned_on" in refused(maria, data)


def test_regression_plan_start_in_year_9999_is_refused_naming_the_field(
    store: Store, maria: Account, refused: Refuse
) -> None:
    data = edited_export(
        store, maria, lambda record: record["profile"].update(plan_start="9999-12-31")
    )
    assert "profile.plan_start" in refused(maria, data)


@pytest.mark.parametrize("rating", [10**400, -7, 0, 6, 2.5, "3", True], ids=lambda v: repr(v)[:10])
def test_regression_rating_outside_whole_numbers_1_to_5_is_refused(
    store: Store, maria: Account, refused: Refuse, rating: object
) -> None:
    data = edited_export(
        store, maria, lambda record: record["snapshots"][0]["ratings"].update({"skill.x": rating})
    )
    assert "snapshots.0.ratings.skill.x" in refused(maria, data)


DATES = {
    "progress completed": lambda r, v: r["progress"]["req.cpr.card"].update(completed_on=v),
    "progress due": lambda r, v: r["progress"]["req.cpr.card"].update(due_on=v),
    "printed expiry": lambda r, v: r["credentials"][0].update(printed_expiry=v),
    "CE completed": lambda r, v: r["ce_entries"][0].update(completed_on=v),
}


@pytest.mark.parametrize("day", ["1899-12-31", "2101-01-01", "9999-12-31"])
@pytest.mark.parametrize("set_date", DATES.values(), ids=DATES.keys())
def test_every_date_outside_1900_to_2100_is_refused(
    store: Store, maria: Account, refused: Refuse, set_date, day: str
) -> None:
    data = edited_export(store, maria, lambda record: set_date(record, day))
    assert "Input should be" in refused(maria, data)


@pytest.mark.parametrize(
    "when", ["9999-12-31T23:59:59+00:00", "1800-01-01T00:00:00+00:00", "2027-01-01T09:30:00"]
)
def test_time_out_of_range_or_without_its_zone_is_refused(
    store: Store, maria: Account, refused: Refuse, when: str
) -> None:
    data = edited_export(
        store, maria, lambda record: record["progress"]["req.cpr.card"].update(updated_at=when)
    )
    assert "progress.req.cpr.card.updated_at" in refused(maria, data)


def test_dates_at_both_ends_of_the_range_are_imported(
    store: Store, maria: Account, content: Content
) -> None:
    def edit(record: dict) -> None:
        record["credentials"][0].update(earned_on="1900-01-01", printed_expiry="2100-12-31")
        record["profile"].update(plan_start="2100-12-31")

    imported = import_learner(store, maria, edited_export(store, maria, edit), content)
    assert imported.profile.plan_start == LATEST_DATE
    assert imported.credentials[0].earned_on == EARLIEST_DATE


def test_note_longer_than_the_form_allows_is_refused(
    store: Store, maria: Account, refused: Refuse
) -> None:
    long_note = "x" * (NOTE_MAX_LENGTH + 1)
    data = edited_export(
        store, maria, lambda record: record["progress"]["req.cpr.card"].update(note=long_note)
    )
    assert "progress.req.cpr.card.note" in refused(maria, data)


def test_ce_title_longer_than_the_form_allows_is_refused(
    store: Store, maria: Account, refused: Refuse
) -> None:
    long_title = "x" * (TITLE_MAX_LENGTH + 1)
    data = edited_export(
        store, maria, lambda record: record["ce_entries"][0].update(title=long_title)
    )
    assert "ce_entries.0.title" in refused(maria, data)


# Sizes: the file, the entries per table, the unknown items --------------------------------


def test_regression_export_over_the_size_limit_is_refused_before_parsing(
    store: Store, maria: Account, refused: Refuse
) -> None:
    padded = export_learner(store, maria) + b" " * MAX_IMPORT_BYTES  # still valid JSON
    assert "at most 4 MB" in refused(maria, padded)


def test_regression_300000_progress_entries_are_refused(
    store: Store, maria: Account, refused: Refuse
) -> None:
    def flood(record: dict) -> None:
        record["progress"] = {f"task.fake.{n}": {"state": "done"} for n in range(300_000)}

    # As reported: 8.9 MB, imported in 17-24 s. Now refused by its size before it is parsed.
    assert "at most 4 MB" in refused(maria, edited_export(store, maria, flood))


def test_progress_on_more_unknown_items_than_allowed_is_refused_naming_progress(
    store: Store, maria: Account, refused: Refuse
) -> None:
    def flood(record: dict) -> None:
        record["progress"] |= {f"task.fake.{n}": {} for n in range(MAX_UNKNOWN_ITEMS)}

    # maria already has one unknown item, req.gone.from_content: one past the limit.
    assert "'progress'" in refused(maria, edited_export(store, maria, flood))


def test_progress_on_as_many_unknown_items_as_allowed_is_kept(
    store: Store, maria: Account, content: Content
) -> None:
    def fill(record: dict) -> None:
        record["progress"] |= {f"task.fake.{n}": {} for n in range(MAX_UNKNOWN_ITEMS - 1)}

    imported = import_learner(store, maria, edited_export(store, maria, fill), content)
    assert len(imported.progress) == 2 + MAX_UNKNOWN_ITEMS - 1


@pytest.mark.parametrize(("table", "limit"), MAX_ENTRIES.items())
def test_table_with_more_entries_than_its_cap_is_refused_naming_it(
    store: Store, maria: Account, refused: Refuse, table: str, limit: int
) -> None:
    def flood(record: dict) -> None:
        record[table] = (record[table] or [one_entry(table)]) * (limit + 1)

    assert f"'{table}'" in refused(maria, edited_export(store, maria, flood))


@pytest.mark.parametrize(
    ("table", "limit"),
    # A file's check-offs and verifications are never imported (the server keeps its own).
    [
        (table, limit)
        for table, limit in MAX_ENTRIES.items()
        if table not in ("check_offs", "verifications")
    ],
)
def test_table_filled_to_its_cap_is_imported(
    store: Store, maria: Account, content: Content, table: str, limit: int
) -> None:
    def fill(record: dict) -> None:
        record[table] = (record[table] or [one_entry(table)]) * limit

    imported = import_learner(store, maria, edited_export(store, maria, fill), content)
    assert len(getattr(imported, table)) == limit


def test_upload_limit_in_the_streamlit_config_lets_the_largest_import_and_evidence_through() -> (
    None
):
    # Each limit is checked in code with its own message; Streamlit's may only be wider.
    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text())
    widest = max(MAX_IMPORT_BYTES, EVIDENCE_FILE_MAX_BYTES)
    assert widest < config["server"]["maxUploadSize"] * 1024 * 1024 <= widest + 1024 * 1024


# Files that fail to parse or have the wrong shape ------------------------------------------


def test_regression_deeply_nested_import_is_refused_in_one_line(
    maria: Account, refused: Refuse
) -> None:
    nested = b"[" * 100_000 + b"]" * 100_000
    data = b'{"format": "ma-pathway-learner-export", "record": ' + nested + b"}"
    assert "nested more than" in refused(maria, data)


def test_regression_import_with_a_5000_digit_number_is_refused_in_one_line(
    maria: Account, refused: Refuse
) -> None:
    data = b'{"format": "ma-pathway-learner-export", "schema_version": ' + b"9" * 5000 + b"}"
    assert "number too long" in refused(maria, data)


def test_another_users_name_is_shown_on_one_line_and_cut_short(
    store: Store, maria: Account, refused: Refuse
) -> None:
    document = json.loads(export_learner(store, maria))
    document["account"]["username"] = "line one\nline two" + "x" * 1_000_000
    assert len(refused(maria, json.dumps(document).encode())) < 200


@pytest.mark.parametrize("account", [[], [1], "maria", None, {"username": ["maria"]}], ids=repr)
def test_regression_export_whose_account_is_not_an_object_is_refused(
    store: Store, maria: Account, refused: Refuse, account: object
) -> None:
    document = json.loads(export_learner(store, maria))
    document["account"] = account
    assert "does not say whose data it is" in refused(maria, json.dumps(document).encode())


FORGED_CHECK_OFF = {
    "competency_id": "comp.anatomy.vital_signs",
    "action": "checked_off",
    "actor_id": "someone",
    "actor_name": "A Made-up Instructor",
    "recorded_at": "2027-01-30T10:00:00+00:00",
    "checked_on": "2027-01-30",
}
FORGED_VERIFICATION = {
    "item_id": "req.cpr.card",
    "action": "verified",
    "actor_id": "someone",
    "actor_name": "A Made-up Instructor",
    "recorded_at": "2027-01-30T10:00:00+00:00",
}
HOURS = HourEntry(worked_on=date(2027, 1, 25), site="Valley Clinic", hours=6, supervisor="Dr. Lee")


def test_an_export_edited_to_claim_a_check_off_imports_without_it(
    store: Store, maria: Account, content: Content
) -> None:
    data = edited_export(store, maria, lambda record: record["check_offs"].append(FORGED_CHECK_OFF))
    import_learner(store, maria, data, content)
    assert store.read(maria.user_id).check_offs == []


def test_an_import_keeps_the_check_offs_the_server_holds(
    store: Store, maria: Account, content: Content
) -> None:
    older = export_learner(store, maria)
    entry = CheckOffEntry.model_validate(FORGED_CHECK_OFF)
    store.change(maria.user_id, lambda record: record.with_check_off_log([entry]))
    import_learner(store, maria, older, content)
    assert store.read(maria.user_id).check_offs == [entry]


def test_hours_an_export_claims_approved_come_in_unapproved(
    store: Store, maria: Account, content: Content
) -> None:
    claimed = HOURS.model_copy(update={"approved": True}).model_dump(mode="json")
    data = edited_export(store, maria, lambda record: record["hours"].append(claimed))
    import_learner(store, maria, data, content)
    assert [entry.approved for entry in store.read(maria.user_id).hours] == [False]


def test_hours_the_server_approved_stay_approved_through_an_import(
    store: Store, maria: Account, content: Content
) -> None:
    approved = HOURS.model_copy(update={"approved": True})
    store.change(maria.user_id, lambda record: record._with(hours=[approved]))
    import_learner(store, maria, export_learner(store, maria), content)
    assert store.read(maria.user_id).hours == [approved]


def test_an_export_edited_to_claim_a_verification_imports_without_it(
    store: Store, maria: Account, content: Content
) -> None:
    data = edited_export(
        store, maria, lambda record: record["verifications"].append(FORGED_VERIFICATION)
    )
    import_learner(store, maria, data, content)
    assert store.read(maria.user_id).verifications == []


def test_an_import_keeps_the_verifications_the_server_holds(
    store: Store, maria: Account, content: Content
) -> None:
    older = export_learner(store, maria)
    entry = RequirementVerification.model_validate(FORGED_VERIFICATION)
    store.change(maria.user_id, lambda record: record.with_verification_log([entry]))
    import_learner(store, maria, older, content)
    assert store.read(maria.user_id).verifications == [entry]


def one_entry(table: str) -> dict:
    """One valid entry for a table the maria fixture leaves empty."""
    return {
        "check_offs": FORGED_CHECK_OFF,
        "hours": HOURS.model_dump(mode="json"),
        "verifications": FORGED_VERIFICATION,
    }[table]
