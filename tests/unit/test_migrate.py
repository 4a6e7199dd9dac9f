"""Specifies `python -m pathway migrate`: the folder copied into PostgreSQL and back, checked.

The copy runs over a real data folder and the tests' PostgreSQL database; the command itself
runs as a subprocess, as whoever runs the server would run it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from pathway.content import Content
from pathway.demo import fill_demo
from pathway.migrate import MigrationError, copy_store
from pathway.pg_store import PgStore
from pathway.settings import DATA_DIR, PROJECT_ROOT
from pathway.storage import Storage
from pathway.store import Store


@pytest.fixture
def demo_folder(tmp_path: Path, content: Content) -> Iterator[Store]:
    """A data folder holding the demo class: an instructor, a class and five learners."""
    folder = Store(tmp_path / "folder")
    fill_demo(folder, content, 5, date(2027, 3, 1))
    yield folder
    folder.close()


@pytest.fixture
def database(database_url: str, tmp_path: Path) -> Iterator[PgStore]:
    """The tests' PostgreSQL database, empty."""
    opened = PgStore(database_url)
    yield opened
    opened.close()


PDF = b"%PDF-1.7 a scanned CPR card %%EOF"


def everything(store: Storage) -> tuple[object, ...]:
    """All a store holds, in its order, for comparing two stores."""
    accounts = store.list_accounts()
    records = [store.read(account.user_id) for account in accounts]
    return accounts, store.list_classes(), store.list_memberships(), records


def test_the_folder_copied_into_postgresql_holds_everything_in_order(
    demo_folder: Store, database: PgStore
) -> None:
    copied = copy_store(demo_folder, database)

    assert (copied.accounts, copied.classes, copied.memberships) == (6, 1, 5)
    assert everything(database) == everything(demo_folder)


def test_postgresql_copied_back_into_a_new_folder_holds_everything(
    demo_folder: Store, database: PgStore, tmp_path: Path
) -> None:
    copy_store(demo_folder, database)
    back = Store(tmp_path / "back")
    try:
        copy_store(database, back)
        assert everything(back) == everything(demo_folder)
    finally:
        back.close()


def test_evidence_files_go_both_ways_under_their_own_entries_and_bytes(
    demo_folder: Store, database: PgStore, tmp_path: Path
) -> None:
    learner = demo_folder.list_accounts()[1]
    card = demo_folder.add_evidence(learner.user_id, "req.cpr.card", "card.pdf", PDF)
    copy_store(demo_folder, database)
    back = Store(tmp_path / "back")
    try:
        copy_store(database, back)
        for copy in (database, back):
            assert copy.read(learner.user_id).evidence == [card]
            assert copy.evidence_bytes(learner.user_id, card.evidence_id) == PDF
    finally:
        back.close()


def test_bytes_that_are_not_what_their_entry_says_are_refused(
    demo_folder: Store, database: PgStore
) -> None:
    learner = demo_folder.list_accounts()[1]
    card = demo_folder.add_evidence(learner.user_id, "req.cpr.card", "card.pdf", PDF)
    database.add_accounts([learner])

    with pytest.raises(ValueError, match="is not the"):
        database.copy_evidence(learner.user_id, card, PDF + b"more")
    assert database.read(learner.user_id).evidence == []


def test_a_target_holding_accounts_is_refused_before_anything_is_written(
    demo_folder: Store, database: PgStore, tmp_path: Path
) -> None:
    copy_store(demo_folder, database)
    before = everything(database)

    with pytest.raises(MigrationError, match="use an empty one"):
        copy_store(demo_folder, database)

    assert everything(database) == before


def run_migrate(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m pathway migrate` on `data_dir` as a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "pathway", "migrate", *args],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        env={**os.environ, DATA_DIR.name: str(data_dir)},
        check=False,
    )


def test_migrate_to_postgresql_says_what_it_copied(
    demo_folder: Store, database_url: str, database: PgStore
) -> None:
    result = run_migrate(demo_folder.data_dir, "--to", database_url)

    assert result.returncode == 0, result.stderr
    assert "Copied 6 accounts, 1 classes and 5 class memberships" in result.stdout
    assert everything(database) == everything(demo_folder)


def test_migrate_into_a_database_that_holds_accounts_is_refused(
    demo_folder: Store, database_url: str, database: PgStore
) -> None:
    copy_store(demo_folder, database)

    result = run_migrate(demo_folder.data_dir, "--to", database_url)

    assert result.returncode == 2
    assert "use an empty one" in result.stderr


def test_migrate_from_postgresql_fills_an_empty_folder(
    demo_folder: Store, database_url: str, database: PgStore, tmp_path: Path
) -> None:
    copy_store(demo_folder, database)

    result = run_migrate(tmp_path / "new-folder", "--from", database_url)

    assert result.returncode == 0, result.stderr
    back = Store(tmp_path / "new-folder")
    try:
        assert everything(back) == everything(demo_folder)
    finally:
        back.close()
