"""Specifies the store: accounts and learner records round-trip, persist and never mix.

Every test runs over real files in a temporary folder, and those marked `on_every_backend`
over PostgreSQL too. The concurrency tests pin the one write path: many threads, and two store
objects standing in for two processes, lose no update.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

from pathway.accounts import Account, UsernameTaken
from pathway.atomic_file import backup_path
from pathway.data_file import DamagedDataFile
from pathway.records import LATEST_DATE, ItemProgress, ItemState, LearnerRecord, SkillSnapshot
from pathway.storage import DamagedData, MissingData
from pathway.store import Store
from tests.storage import (
    add_snapshot,
    change_item,
    learner_file,
    on_every_backend,
    save_progress,
)

THREADS = 20
WRITES_PER_THREAD = 25

DONE_WITH_EVERYTHING = ItemProgress(
    state=ItemState.DONE,
    completed_on=date(2025, 3, 1),
    due_on=date(2025, 3, 15),
    note="Signed off by Dr. Okafor — card #4411, “BLS”.",
    updated_at=datetime(2025, 3, 1, 14, 5, 30, tzinfo=UTC),
)


def new_account(username: str) -> Account:
    """An account that has not been added to any store yet."""
    return Account(
        user_id=uuid.uuid4().hex,
        username=username,
        display_name=username.capitalize(),
        passphrase_hash="placeholder, not a real hash",
        created_at=datetime(2025, 1, 15, 9, 30, tzinfo=UTC),
    )


def run_in_threads(count: int, work: Callable[[int], object]) -> None:
    """Run `work(0)` ... `work(count - 1)` at once, one thread each, re-raising any failure."""
    with ThreadPoolExecutor(max_workers=count) as pool:
        for future in [pool.submit(work, number) for number in range(count)]:
            future.result()


# Accounts ---------------------------------------------------------------------------------


@on_every_backend
def test_account_round_trips(store: Store) -> None:
    maria = new_account("maria")
    store.add_account(maria)

    assert store.find_account("maria") == maria


@on_every_backend
def test_unknown_username_finds_no_account(store: Store, add_learner) -> None:
    add_learner("maria")

    assert store.find_account("jo.b") is None


@on_every_backend
def test_find_accounts_keeps_the_order_given_and_skips_unknown_ids(
    store: Store, add_learner
) -> None:
    maria, jo = add_learner("maria"), add_learner("jo")
    found = store.find_accounts([jo.user_id, "nobody", maria.user_id])
    assert [account.username for account in found] == ["jo", "maria"]


@on_every_backend
def test_accounts_are_listed_in_creation_order(store: Store, add_learner) -> None:
    created = [add_learner(name) for name in ("zoe", "maria", "jo.b")]

    assert store.list_accounts() == created


@on_every_backend
def test_duplicate_username_raises_username_taken(store: Store, add_learner) -> None:
    first = add_learner("maria")

    with pytest.raises(UsernameTaken, match="'maria' is already taken"):
        store.add_account(new_account("maria"))
    assert store.list_accounts() == [first]


def test_refused_duplicate_creates_no_learner_file(store: Store, add_learner, data_dir) -> None:
    add_learner("maria")
    duplicate = new_account("maria")

    with pytest.raises(UsernameTaken):
        store.add_account(duplicate)
    assert not (data_dir / "learners" / f"{duplicate.user_id}.json").exists()


# Learner records --------------------------------------------------------------------------


@on_every_backend
def test_new_learner_has_an_empty_record(store: Store, add_learner) -> None:
    maria = add_learner("maria")

    assert store.read(maria.user_id) == LearnerRecord()


@on_every_backend
def test_record_of_a_user_without_an_account_is_missing(store: Store, data_dir) -> None:
    stranger = uuid.uuid4().hex

    with pytest.raises(MissingData):
        store.read(stranger)
    assert not (data_dir / "learners" / f"{stranger}.json").exists()


@on_every_backend
def test_progress_round_trips_with_dates_and_note(store: Store, add_learner) -> None:
    maria = add_learner("maria")

    save_progress(store, maria.user_id, "req.cpr.card", DONE_WITH_EVERYTHING)

    assert store.read(maria.user_id).progress == {"req.cpr.card": DONE_WITH_EVERYTHING}


def test_saving_an_item_again_replaces_it(store: Store, add_learner, data_dir: Path) -> None:
    maria = add_learner("maria")
    save_progress(store, maria.user_id, "req.cpr.card", ItemProgress(state=ItemState.IN_PROGRESS))

    save_progress(store, maria.user_id, "req.cpr.card", DONE_WITH_EVERYTHING)

    assert store.read(maria.user_id).progress == {"req.cpr.card": DONE_WITH_EVERYTHING}
    stored = json.loads((data_dir / "learners" / f"{maria.user_id}.json").read_text("utf-8"))
    assert len(stored["progress"]) == 1


@on_every_backend
def test_changing_an_item_changes_the_stored_item(store: Store, add_learner) -> None:
    maria = add_learner("maria")
    save_progress(store, maria.user_id, "task.one", ItemProgress(note="booked the class"))
    now = datetime(2025, 4, 2, 8, 0, tzinfo=UTC)

    returned = change_item(
        store, maria.user_id, "task.one", lambda progress: progress.with_state(ItemState.DONE, now)
    )

    expected = ItemProgress(
        state=ItemState.DONE, completed_on=date(2025, 4, 2), note="booked the class", updated_at=now
    )
    assert returned == expected
    assert store.read(maria.user_id).item("task.one") == expected


@on_every_backend
def test_changing_an_untouched_item_starts_from_not_started(store: Store, add_learner) -> None:
    maria = add_learner("maria")
    seen: list[ItemProgress] = []

    def remember(progress: ItemProgress) -> ItemProgress:
        seen.append(progress)
        return progress.model_copy(update={"note": "first note"})

    change_item(store, maria.user_id, "task.one", remember)

    assert seen == [ItemProgress()]
    assert store.read(maria.user_id).item("task.one").note == "first note"


def test_a_change_the_records_refuse_is_not_written(
    store: Store, add_learner, data_dir: Path
) -> None:
    maria = add_learner("maria")
    save_progress(store, maria.user_id, "task.one", ItemProgress(note="kept"))
    before = learner_file(data_dir, maria.user_id).read_bytes()
    too_long = ItemProgress.model_construct(state=ItemState.DONE, note="x" * 10_000)

    with pytest.raises(ValidationError, match="note"):
        store.change(
            maria.user_id,
            lambda record: record.model_copy(update={"progress": {"task.one": too_long}}),
        )

    assert learner_file(data_dir, maria.user_id).read_bytes() == before


def test_a_change_that_changes_nothing_writes_nothing(
    store: Store, add_learner, data_dir: Path
) -> None:
    maria = add_learner("maria")
    save_progress(store, maria.user_id, "task.one", ItemProgress(note="kept"))
    before = learner_file(data_dir, maria.user_id).stat().st_ino

    returned = store.change(maria.user_id, lambda record: record)

    assert returned.item("task.one").note == "kept"
    assert learner_file(data_dir, maria.user_id).stat().st_ino == before


def test_a_learners_damaged_record_is_marked_as_theirs_and_offers_put_back(
    store: Store, add_learner, data_dir: Path
) -> None:
    maria = add_learner("maria")
    learner_file(data_dir, maria.user_id).write_bytes(b"torn")

    with pytest.raises(DamagedData) as raised:
        store.change(maria.user_id, lambda record: record)

    assert raised.value.learner_id == maria.user_id
    assert raised.value.put_back_offered


def test_a_damaged_accounts_file_is_shared_data_with_no_put_back(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "accounts.json").write_bytes(b"torn")

    with pytest.raises(DamagedData) as raised:
        Store(data_dir)

    assert raised.value.learner_id is None
    assert not raised.value.put_back_offered
    assert (
        raised.value.operator_command == f"python -m pathway recover {data_dir / 'accounts.json'}"
    )


@on_every_backend
def test_update_account_stores_what_the_change_returns(store: Store, add_learner) -> None:
    add_learner("maria")

    returned = store.update_account("maria", lambda account: account.with_role("instructor"))

    assert returned.role == "instructor"
    assert store.find_account("maria") == returned


@on_every_backend
def test_update_account_refuses_to_change_the_username(store: Store, add_learner) -> None:
    add_learner("maria")

    with pytest.raises(ValueError, match="username"):
        store.update_account("maria", lambda account: account.model_copy(update={"username": "m"}))

    assert store.find_account("maria") is not None


@on_every_backend
def test_update_account_of_an_unknown_username_is_a_key_error(store: Store) -> None:
    with pytest.raises(KeyError):
        store.update_account("nobody", lambda account: account)


@on_every_backend
def test_skill_snapshots_keep_their_order(store: Store, add_learner) -> None:
    maria = add_learner("maria")
    snapshots = [
        SkillSnapshot(
            taken_at=datetime(2025, month, 1, tzinfo=UTC), ratings={"skill.vitals": month % 5 + 1}
        )
        for month in (5, 1, 3)
    ]

    for snapshot in snapshots:
        add_snapshot(store, maria.user_id, snapshot)

    assert store.read(maria.user_id).snapshots == snapshots


@on_every_backend
def test_progress_of_ids_unknown_to_the_content_is_kept(store: Store, add_learner) -> None:
    maria = add_learner("maria")
    removed = ItemProgress(state=ItemState.DONE, note="from a step that was removed")

    save_progress(store, maria.user_id, "step.retired.task", removed)

    assert store.read(maria.user_id).item("step.retired.task") == removed


@on_every_backend
def test_two_learners_records_do_not_mix(store: Store, add_learner) -> None:
    maria, jo = add_learner("maria"), add_learner("jo.b")
    maria_snapshot = SkillSnapshot(
        taken_at=datetime(2025, 2, 1, tzinfo=UTC), ratings={"skill.vitals": 2}
    )

    save_progress(store, maria.user_id, "task.one", DONE_WITH_EVERYTHING)
    save_progress(store, jo.user_id, "task.two", ItemProgress(state=ItemState.SKIPPED))
    add_snapshot(store, maria.user_id, maria_snapshot)

    assert store.read(maria.user_id) == LearnerRecord(
        progress={"task.one": DONE_WITH_EVERYTHING}, snapshots=[maria_snapshot]
    )
    assert store.read(jo.user_id) == LearnerRecord(
        progress={"task.two": ItemProgress(state=ItemState.SKIPPED)}
    )


@on_every_backend
def test_everything_persists_across_a_reopened_store(store: Store, add_learner, open_store) -> None:
    maria = add_learner("maria")
    snapshot = SkillSnapshot(taken_at=datetime(2025, 2, 1, tzinfo=UTC), ratings={"skill.a": 4})
    save_progress(store, maria.user_id, "req.cpr.card", DONE_WITH_EVERYTHING)
    add_snapshot(store, maria.user_id, snapshot)
    store.close()

    reopened = open_store()
    assert reopened.list_accounts() == [maria]
    assert reopened.read(maria.user_id) == LearnerRecord(
        progress={"req.cpr.card": DONE_WITH_EVERYTHING}, snapshots=[snapshot]
    )


@on_every_backend
def test_creation_order_survives_a_reopened_store_beyond_nine_entries(
    store: Store, add_learner, open_store
) -> None:
    """Regression: files were written with sorted keys, so document "10" came back before "2"."""
    accounts = [add_learner(f"learner{number:02}") for number in range(12)]
    snapshots = [
        SkillSnapshot(taken_at=datetime(2025, 1, day, tzinfo=UTC), ratings={"skill.a": 3})
        for day in range(1, 13)
    ]
    for snapshot in snapshots:
        add_snapshot(store, accounts[0].user_id, snapshot)
    store.close()

    reopened = open_store()
    assert reopened.list_accounts() == accounts
    assert reopened.read(accounts[0].user_id).snapshots == snapshots


# Concurrent writers -----------------------------------------------------------------------


@on_every_backend
def test_twenty_threads_ticking_one_learner_lose_no_update(store: Store, add_learner) -> None:
    maria = add_learner("maria")

    def tick(thread: int) -> None:
        for write in range(WRITES_PER_THREAD):
            item = f"task.t{thread}.w{write}"
            save_progress(store, maria.user_id, item, ItemProgress(state=ItemState.DONE, note=item))

    run_in_threads(THREADS, tick)

    progress = store.read(maria.user_id).progress
    assert len(progress) == THREADS * WRITES_PER_THREAD
    assert all(entry.note == item for item, entry in progress.items())


@on_every_backend
def test_twenty_threads_on_twenty_learners_lose_no_update(store: Store, add_learner) -> None:
    learners = [add_learner(f"learner{number:02}") for number in range(THREADS)]

    def tick(thread: int) -> None:
        for write in range(WRITES_PER_THREAD):
            save_progress(
                store,
                learners[thread].user_id,
                f"task.w{write}",
                ItemProgress(note=f"thread {thread}"),
            )

    run_in_threads(THREADS, tick)

    for thread, learner in enumerate(learners):
        progress = store.read(learner.user_id).progress
        assert sorted(progress) == sorted(f"task.w{write}" for write in range(WRITES_PER_THREAD))
        assert {entry.note for entry in progress.values()} == {f"thread {thread}"}


@on_every_backend
def test_concurrent_read_modify_writes_of_one_item_lose_no_update(
    store: Store, add_learner
) -> None:
    maria = add_learner("maria")

    def append_marks(_thread: int) -> None:
        for _ in range(WRITES_PER_THREAD):
            change_item(
                store,
                maria.user_id,
                "task.one",
                lambda p: p.model_copy(update={"note": p.note + "x"}),
            )

    run_in_threads(THREADS, append_marks)

    assert store.read(maria.user_id).item("task.one").note == "x" * 500


@on_every_backend
def test_two_stores_on_one_folder_lose_no_update(store: Store, add_learner, open_store) -> None:
    """Two store objects stand in for two processes; each writes from its own threads."""
    maria = add_learner("maria")
    stores = [store, open_store()]

    def tick(thread: int) -> None:
        writer = stores[thread % 2]
        for write in range(WRITES_PER_THREAD):
            save_progress(writer, maria.user_id, f"task.t{thread}.w{write}", ItemProgress())

    run_in_threads(THREADS, tick)
    seen_by_each = [sorted(s.read(maria.user_id).progress) for s in stores]

    assert len(seen_by_each[0]) == THREADS * WRITES_PER_THREAD
    assert seen_by_each[0] == seen_by_each[1]


@on_every_backend
def test_two_stores_taking_turns_keep_every_item(store: Store, add_learner, open_store) -> None:
    """Regression: TinyDB tables cached their next document id.

    After the other store's insert, the next insert failed with "Document with ID n already
    exists".
    """
    maria = add_learner("maria")
    other_process = open_store()
    for number in range(10):
        writer = (store, other_process)[number % 2]
        save_progress(writer, maria.user_id, f"task.t{number}", ItemProgress())

    assert sorted(store.read(maria.user_id).progress) == [f"task.t{n}" for n in range(10)]


@on_every_backend
def test_two_stores_signing_up_at_once_keep_every_account(store: Store, open_store) -> None:
    stores = [store, open_store()]
    accounts = [new_account(f"learner{number:02}") for number in range(THREADS)]

    def add(number: int) -> None:
        stores[number % 2].add_account(accounts[number])

    run_in_threads(THREADS, add)

    by_name = sorted(store.list_accounts(), key=lambda account: account.username)
    assert by_name == accounts


@on_every_backend
def test_two_stores_adding_snapshots_keep_every_snapshot(
    store: Store, add_learner, open_store
) -> None:
    maria = add_learner("maria")
    stores = [store, open_store()]

    def add(number: int) -> None:
        snapshot = SkillSnapshot(taken_at=datetime.now(UTC), ratings={"skill.a": number % 5 + 1})
        add_snapshot(stores[number % 2], maria.user_id, snapshot)

    for number in range(10):
        add(number)

    ratings = [s.ratings["skill.a"] for s in store.read(maria.user_id).snapshots]
    assert ratings == [number % 5 + 1 for number in range(10)]


# A value the records refuse -------------------------------------------------------------


BAD_VALUES = {
    # A pydantic traceback on the learner's pages, with no way back, and on the class page.
    "regression: state bogus": ("progress", {"item_id": "req.cpr.card", "state": "bogus"}),
    "completed in year 9999": (
        "progress",
        {"item_id": "req.cpr.card", "completed_on": "9999-01-01"},
    ),
    "progress without an item id": ("progress", {"state": "done"}),
    "progress not an object": ("progress", 7),
    "rating of ten to the 400": (
        "skill_snapshots",
        {"taken_at": "2027-01-01T00:00:00+00:00", "ratings": {"skill.vitals": 10**400}},
    ),
    "earned in year 9999": (
        "credentials",
        {"credential_id": "cred.bls", "earned_on": "9999-12-01"},
    ),
    "plan start in year 9999": ("profile", {"plan_start": "9999-12-31"}),
}


@pytest.mark.parametrize(("table", "document"), BAD_VALUES.values(), ids=BAD_VALUES.keys())
def test_learner_file_with_a_value_the_records_refuse_is_damaged_and_kept_byte_for_byte(
    store: Store, add_learner, data_dir: Path, table: str, document: object
) -> None:
    maria = add_learner("maria")
    path = data_dir / "learners" / f"{maria.user_id}.json"
    data = json.loads(path.read_text())
    data[table] = {"1": document}
    path.write_text(json.dumps(data))
    before = path.read_bytes()

    with pytest.raises(DamagedDataFile) as raised:
        store.read(maria.user_id)

    assert raised.value.path == path
    assert "holds a value this app cannot read" in str(raised.value)
    assert "\n" not in str(raised.value)
    assert path.read_bytes() == before


def test_damaged_value_is_named_by_where_it_is(store: Store, add_learner, data_dir: Path) -> None:
    maria = add_learner("maria")
    path = data_dir / "learners" / f"{maria.user_id}.json"
    data = json.loads(path.read_text())
    data["progress"] = {"1": {"item_id": "req.cpr.card", "state": "bogus"}}
    path.write_text(json.dumps(data))

    with pytest.raises(DamagedDataFile, match=r"progress\.req\.cpr\.card\.state: Input should be"):
        store.read(maria.user_id)


@on_every_backend
def test_profile_change_past_the_date_range_is_refused_and_the_file_stays_readable(
    store: Store, add_learner
) -> None:
    """The plan form's date picker reaches ten years past the stored date.

    2100 + 10 was stored without a check, and the file could no longer be read.
    """
    maria = add_learner("maria")
    store.change(maria.user_id, lambda r: r.with_profile(plan_start=LATEST_DATE))
    too_late = date(LATEST_DATE.year + 10, 1, 1)

    with pytest.raises(ValidationError, match="plan_start"):
        store.change(maria.user_id, lambda r: r.with_profile(plan_start=too_late))

    assert store.read(maria.user_id).profile.plan_start == LATEST_DATE


def spoil_state(path: Path) -> None:
    """Give every progress entry of a learner file (or a backup of one) the state 'bogus'."""
    data = json.loads(path.read_text())
    for document in data["progress"].values():
        document["state"] = "bogus"
    path.write_text(json.dumps(data))


def test_recovery_skips_backups_holding_the_same_bad_value(
    store: Store, add_learner, data_dir: Path
) -> None:
    """A value the app once accepted (an import of year 9999) can sit in backup 0 too.

    Putting that back would leave the file as unreadable as before, and the button would loop.
    """
    maria = add_learner("maria")
    save_progress(store, maria.user_id, "req.cpr.card", ItemProgress(state=ItemState.IN_PROGRESS))
    save_progress(store, maria.user_id, "req.cpr.card", ItemProgress(state=ItemState.DONE))
    path = learner_file(store.data_dir, maria.user_id)
    spoil_state(path)
    spoil_state(backup_path(path, 0))

    version = store.put_back(maria.user_id)

    assert version > 0
    assert store.read(maria.user_id).item("req.cpr.card").state is ItemState.IN_PROGRESS
