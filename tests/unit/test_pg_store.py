"""Specifies what is PostgreSQL's own in its store: schema versions, documents, refusals.

What every backend promises is specified once, in the tests marked `on_every_backend`; these
are the PostgreSQL store's counterparts of the folder's file tests (a refused write leaves the
row as it was, a damaged document is named and kept) and its schema migrations.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import make_conninfo
from pydantic import ValidationError

from pathway.accounts import Account
from pathway.backends import open_storage
from pathway.pg_store import MIGRATIONS, PgSignIns, PgStore, PgThrottle
from pathway.records import ItemProgress, ItemState
from pathway.sessions import UNKEPT_IDLE, token_hash
from pathway.storage import DamagedData, NothingToPutBack, NotSaved, Storage, StorageError
from pathway.store import Store
from pathway.throttle import FREE_FAILURES
from tests.storage import save_progress

NOTE = "Background check cleared by Officer Quintrell-Vasquez, ref 55-XQ-9071"
TABLES = (
    "accounts",
    "identities",
    "learner_records",
    "classes",
    "memberships",
    "sign_ins",
    "sign_in_codes",
    "evidence_files",
)


@pytest.fixture
def backend() -> str:
    """Every test here runs on PostgreSQL."""
    return "postgresql"


@pytest.fixture
def database(database_url: str) -> Iterator[psycopg.Connection]:
    """A connection of its own to the test database, for looking under the store."""
    with psycopg.connect(database_url, autocommit=True) as connection:
        yield connection


@pytest.fixture
def empty_database(postgres_server: str) -> Iterator[str]:
    """The URL of a new database with no schema yet, dropped when the test ends."""
    name = f"empty_{uuid.uuid4().hex}"
    with psycopg.connect(postgres_server, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        yield make_conninfo(postgres_server, dbname=name)
        connection.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


def versions(url: str) -> list[int]:
    """The schema versions a database records, oldest first."""
    with psycopg.connect(url) as connection:
        rows = connection.execute("SELECT version FROM schema_version ORDER BY version")
        return [row[0] for row in rows]


def row_version(database: psycopg.Connection, user_id: str) -> str:
    """The learner record row's xmin: it changes whenever the row is written."""
    row = database.execute(
        "SELECT xmin::text FROM learner_records WHERE user_id = %s", (user_id,)
    ).fetchone()
    assert row is not None
    return str(row[0])


# Schema -----------------------------------------------------------------------------------


def test_a_new_database_gets_every_migration_in_order(empty_database: str) -> None:
    PgStore(empty_database).close()

    assert versions(empty_database) == list(range(1, len(MIGRATIONS) + 1))


def test_reopening_a_database_runs_no_migration_again(empty_database: str) -> None:
    PgStore(empty_database).close()

    PgStore(empty_database).close()

    assert versions(empty_database) == list(range(1, len(MIGRATIONS) + 1))


def test_replicas_starting_at_once_migrate_once(empty_database: str) -> None:
    with ThreadPoolExecutor(max_workers=4) as pool:
        stores = list(pool.map(lambda _: PgStore(empty_database), range(4)))
    for opened in stores:
        opened.close()

    assert versions(empty_database) == list(range(1, len(MIGRATIONS) + 1))


def test_a_database_of_a_newer_app_is_refused(empty_database: str) -> None:
    PgStore(empty_database).close()
    with psycopg.connect(empty_database, autocommit=True) as connection:
        connection.execute(
            "INSERT INTO schema_version (version) VALUES (%s)", (len(MIGRATIONS) + 1,)
        )

    with pytest.raises(StorageError, match="newer than this app"):
        PgStore(empty_database)


def test_an_unreachable_database_is_named_without_its_password(tmp_path: Path) -> None:
    url = f"postgresql://pathway:hunter2secret@/ma_pathway?host={tmp_path / 'nowhere'}"

    with pytest.raises(StorageError, match="cannot be reached") as raised:
        PgStore(url)

    assert raised.value.subject == f"database ma_pathway on {tmp_path / 'nowhere'}"
    assert "hunter2secret" not in str(raised.value)


# Learner records --------------------------------------------------------------------------


def test_a_document_the_records_refuse_is_damaged_theirs_and_kept_as_it_is(
    store: Storage, add_learner: Callable[[str], Account], database: psycopg.Connection
) -> None:
    maria = add_learner("maria")
    damaged = '{"progress": {"req.cpr.card": {"state": "bogus"}}}'
    database.execute(
        "UPDATE learner_records SET document = %s::jsonb WHERE user_id = %s",
        (damaged, maria.user_id),
    )
    before = row_version(database, maria.user_id)

    with pytest.raises(DamagedData, match=r"progress\.req\.cpr\.card\.state") as raised:
        store.change(maria.user_id, lambda record: record)

    assert raised.value.learner_id == maria.user_id
    assert not raised.value.put_back_offered  # there is no earlier version to offer
    assert row_version(database, maria.user_id) == before


def test_put_back_sends_the_operator_to_their_pg_dump(
    store: Storage, add_learner: Callable[[str], Account]
) -> None:
    maria = add_learner("maria")

    with pytest.raises(NothingToPutBack, match="pg_dump") as raised:
        store.put_back(maria.user_id)

    assert raised.value.learner_id == maria.user_id


def test_a_change_that_changes_nothing_writes_nothing(
    store: Storage, add_learner: Callable[[str], Account], database: psycopg.Connection
) -> None:
    maria = add_learner("maria")
    save_progress(store, maria.user_id, "task.one", ItemProgress(note="kept"))
    before = row_version(database, maria.user_id)

    store.change(maria.user_id, lambda record: record)

    assert row_version(database, maria.user_id) == before


def test_a_change_the_records_refuse_is_not_written(
    store: Storage, add_learner: Callable[[str], Account], database: psycopg.Connection
) -> None:
    maria = add_learner("maria")
    save_progress(store, maria.user_id, "task.one", ItemProgress(note="kept"))
    before = row_version(database, maria.user_id)
    too_long = ItemProgress.model_construct(state=ItemState.DONE, note="x" * 10_000)

    with pytest.raises(ValidationError, match="note"):
        store.change(
            maria.user_id,
            lambda record: record.model_copy(update={"progress": {"task.one": too_long}}),
        )

    assert row_version(database, maria.user_id) == before


def test_a_write_the_database_refuses_is_not_saved_and_loses_nothing(
    empty_database: str,
) -> None:
    account = Account(
        user_id=uuid.uuid4().hex,
        username="maria",
        display_name="Maria",
        passphrase_hash="placeholder, not a real hash",
        created_at=datetime(2025, 1, 15, 9, 30, tzinfo=UTC),
    )
    writable = PgStore(empty_database)
    writable.add_account(account)
    save_progress(writable, account.user_id, "task.one", ItemProgress(note="kept"))
    writable.close()
    with psycopg.connect(empty_database, autocommit=True) as connection:
        read_only_by_default = sql.SQL("ALTER DATABASE {} SET default_transaction_read_only = on")
        connection.execute(read_only_by_default.format(sql.Identifier(connection.info.dbname)))
    read_only = PgStore(empty_database)
    try:
        with pytest.raises(NotSaved) as raised:
            save_progress(read_only, account.user_id, "task.one", ItemProgress(note="lost?"))
        assert raised.value.learner_id == account.user_id
        assert read_only.read(account.user_id).item("task.one").note == "kept"
    finally:
        read_only.close()


# Deleting an account ----------------------------------------------------------------------


def test_a_deleted_account_leaves_no_row_holding_its_data(
    store: Storage, add_learner: Callable[[str], Account], database: psycopg.Connection
) -> None:
    maria, james = add_learner("maria.unique"), add_learner("james")
    save_progress(store, maria.user_id, "req.background.check", ItemProgress(note=NOTE))
    store.add_evidence(maria.user_id, "req.cpr.card", "card.pdf", f"%PDF-1.7 {NOTE}".encode())

    store.delete_account(maria.user_id)

    rows = [
        row[0]
        for table in TABLES
        for row in database.execute(
            sql.SQL("SELECT t::text FROM {} t").format(sql.Identifier(table))
        )
    ]
    assert [row for row in rows if NOTE in row or maria.user_id in row] == []
    assert [row for row in rows if james.user_id in row]


# Sign-ins --------------------------------------------------------------------------------


def every_row(database: psycopg.Connection) -> str:
    """Every row of every table of the schema, as one text."""
    each = sql.SQL("SELECT t::text FROM {} t")
    return "\n".join(
        row[0] for table in TABLES for row in database.execute(each.format(sql.Identifier(table)))
    )


def test_the_raw_token_and_code_never_reach_the_database(
    store: Storage, add_learner: Callable[[str], Account], database: psycopg.Connection
) -> None:
    maria = add_learner("maria")
    code = store.sessions.begin_sign_in(maria, keep=True)
    redeemed = store.sessions.redeem(code)
    assert redeemed is not None

    stored = every_row(database)

    for secret in (redeemed[0], code):
        assert secret.split(".", 1)[1] not in stored
    assert token_hash(redeemed[0]) in stored  # what is kept instead


def test_a_code_redeemed_on_two_replicas_at_once_signs_in_once(
    store: Storage, open_store: Callable[[], Storage], add_learner: Callable[[str], Account]
) -> None:
    maria = add_learner("maria")
    replicas = [store, open_store()]
    code = store.sessions.begin_sign_in(maria, keep=True)

    with ThreadPoolExecutor(max_workers=8) as pool:
        redeemed = list(pool.map(lambda n: replicas[n % 2].sessions.redeem(code), range(8)))

    assert len([r for r in redeemed if r is not None]) == 1
    assert len(store.sessions.sign_ins(maria.user_id)) == 1


def test_expired_sign_ins_and_codes_go_at_the_accounts_next_write(
    store: PgStore, add_learner: Callable[[str], Account], database: psycopg.Connection
) -> None:
    maria = add_learner("maria")
    now = [datetime.now(UTC)]
    sign_ins = PgSignIns(store.database, max_days=30, clock=lambda: now[0])
    sign_ins.begin_sign_in(maria, keep=True)  # never redeemed
    assert sign_ins.redeem(sign_ins.begin_sign_in(maria, keep=False)) is not None
    now[0] += UNKEPT_IDLE

    sign_ins.begin_sign_in(maria, keep=True)  # any write of the account prunes

    counts = database.execute(
        "SELECT (SELECT count(*) FROM sign_ins), (SELECT count(*) FROM sign_in_codes)"
    ).fetchone()
    assert counts == (0, 1)  # only the new code


def test_failed_sign_ins_on_two_replicas_count_together(
    store: PgStore, open_store: Callable[[], PgStore]
) -> None:
    def still() -> float:
        return 1_000.0  # a clock that stands still: the waits are exact

    throttles = [PgThrottle(replica.database, still) for replica in (store, open_store())]

    for attempt in range(FREE_FAILURES + 1):
        throttles[attempt % 2].record_failure("maria", "203.0.113.9")

    assert [throttle.seconds_to_wait("maria") for throttle in throttles] == [30, 30]


# Choosing the backend ---------------------------------------------------------------------


def test_no_database_url_opens_the_data_folder(tmp_path: Path) -> None:
    opened = open_storage(tmp_path / "data", "")
    try:
        assert isinstance(opened, Store)
    finally:
        opened.close()


def test_a_database_url_opens_postgresql(database_url: str, data_dir: Path) -> None:
    opened = open_storage(data_dir, database_url)
    try:
        assert isinstance(opened, PgStore)
    finally:
        opened.close()


def test_a_url_of_another_database_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="MA_PATHWAY_DATABASE_URL must be a PostgreSQL URL"):
        open_storage(tmp_path / "data", "mysql://pathway@db/ma")
