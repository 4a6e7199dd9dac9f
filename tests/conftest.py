"""Fixtures shared by every test layer: a real store over a fresh temporary data folder.

A test marked `on_every_backend` (tests/storage.py) runs once over the TinyDB folder and once
over PostgreSQL: its `store` is then each backend in turn, on data of its own.
"""

from __future__ import annotations

import functools
import os
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from pathway.accounts import Account, hash_passphrase
from pathway.auth import add_account_with_hash
from pathway.content import Content, load_content
from pathway.pg_store import PgStore
from pathway.settings import PROJECT_ROOT
from pathway.storage import Storage
from pathway.store import Store
from tests.postgres import TEST_DATABASE_URL, throwaway_cluster
from tests.storage import set_role


@pytest.fixture(scope="session")
def content() -> Content:
    """The shipped content of roadmap_data/, loaded and validated once as the app loads it."""
    return load_content(PROJECT_ROOT / "roadmap_data")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """The data folder a test's store lives in; it does not exist until a store creates it."""
    return tmp_path / "data"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of the tests' PostgreSQL database, started once per session for tests that ask.

    MA_PATHWAY_TEST_DATABASE_URL's (a database the tests may empty), else a throwaway cluster's
    (about 4 s to start).
    """
    given = os.environ.get(TEST_DATABASE_URL, "").strip()
    if given:
        yield given
        return
    with throwaway_cluster() as url:
        yield url


@pytest.fixture
def database_url(postgres_server: str) -> Iterator[str]:
    """The test database, every table but the schema's version emptied when the test ends.

    TRUNCATE, not a fresh database per test: opening a store and emptying took 62 ms a test
    here, creating, migrating and dropping a database 600 ms.
    """
    yield postgres_server
    with psycopg.connect(postgres_server, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT tablename FROM pg_tables"
            " WHERE schemaname = 'public' AND tablename <> 'schema_version'"
        ).fetchall()
        tables = sql.SQL(", ").join(sql.Identifier(name) for (name,) in rows)
        connection.execute(sql.SQL("TRUNCATE {}").format(tables))


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """Which backend `store` opens: "folder", unless the test runs `on_every_backend`."""
    return str(getattr(request, "param", "folder"))


@pytest.fixture
def open_store(
    backend: str, data_dir: Path, request: pytest.FixtureRequest
) -> Iterator[Callable[[], Storage]]:
    """Open another store on the test's data, as another process would; all closed at the end."""
    url = request.getfixturevalue("database_url") if backend == "postgresql" else ""
    opened: list[Storage] = []

    def open_one() -> Storage:
        one = Store(data_dir) if backend == "folder" else PgStore(url)
        opened.append(one)
        return one

    yield open_one
    for one in opened:
        one.close()


@pytest.fixture
def store(open_store: Callable[[], Storage]) -> Storage:
    """A real store of the test's backend on data of its own, closed when the test ends."""
    return open_store()


@pytest.fixture
def add_learner(store: Storage) -> Callable[[str], Account]:
    """Register a learner in `store` by username; the hash is a placeholder, as no one signs in."""

    def add(username: str) -> Account:
        account = Account(
            user_id=uuid.uuid4().hex,
            username=username,
            display_name=username.capitalize(),
            passphrase_hash="placeholder, not a real hash",
            created_at=datetime(2025, 1, 15, 9, 30, tzinfo=UTC),
        )
        store.add_account(account)
        return account

    return add


@pytest.fixture
def add_instructor(
    store: Storage, add_learner: Callable[[str], Account]
) -> Callable[[str], Account]:
    """Register an account and promote it to instructor, as `python -m pathway` does."""

    def add(username: str) -> Account:
        add_learner(username)
        set_role(store, username, "instructor")
        promoted = store.find_account(username)
        assert promoted is not None
        return promoted

    return add


@pytest.fixture
def instructor(add_instructor: Callable[[str], Account]) -> Account:
    """An instructor account."""
    return add_instructor("rivera")


@pytest.fixture(scope="session")
def passphrase_hash() -> Callable[[str], str]:
    """A real scrypt hash at today's cost for a passphrase, made once per test session.

    Each scrypt takes about half a second (more on a busy machine), so tests that only need an
    account to sign in to share one hash per passphrase instead of one per sign-up.
    """
    return functools.cache(hash_passphrase)


@pytest.fixture
def add_account_with_passphrase(
    store: Storage, passphrase_hash: Callable[[str], str]
) -> Callable[[str, str], Account]:
    """Register a learner who signs in to `store` with `passphrase`, without a scrypt of its own.

    For tests of what happens around sign-in (the throttle, identity links, restores); tests of
    sign-up itself go through `pathway.auth.sign_up`.
    """

    def add(username: str, passphrase: str) -> Account:
        return add_account_with_hash(
            store, username, username.capitalize(), passphrase_hash(passphrase)
        )

    return add
