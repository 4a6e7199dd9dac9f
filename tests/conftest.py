"""Fixtures shared by every test layer: a real store over a fresh temporary data folder."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pathway.accounts import Account, hash_passphrase
from pathway.auth import add_account_with_hash
from pathway.content import Content, load_content
from pathway.settings import PROJECT_ROOT
from pathway.store import Store
from tests.storage import set_role


@pytest.fixture(scope="session")
def content() -> Content:
    """The shipped content of roadmap_data/, loaded and validated once as the app loads it."""
    return load_content(PROJECT_ROOT / "roadmap_data")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """The data folder a test's store lives in; it does not exist until a store creates it."""
    return tmp_path / "data"


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    """A real store on disk in the test's own folder, closed when the test ends."""
    opened = Store(data_dir)
    yield opened
    opened.close()


@pytest.fixture
def add_learner(store: Store) -> Callable[[str], Account]:
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
def add_instructor(store: Store, add_learner: Callable[[str], Account]) -> Callable[[str], Account]:
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
    store: Store, passphrase_hash: Callable[[str], str]
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
