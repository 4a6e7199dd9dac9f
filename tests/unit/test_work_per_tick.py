"""Regression guard: the work a tick or a read costs, counted rather than timed.

A tick must parse at most its own learner's file (once, under the file lock) and write only that
file; a read must parse nothing once the file is loaded. Counting keeps CI free of flaky timings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pathway import atomic_file, data_file
from pathway.accounts import Account
from pathway.records import ItemProgress, ItemState
from pathway.store import Store
from tests.storage import change_item, save_progress


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times each data file was parsed since the fixture started."""
    counts: Counter[str] = Counter()
    original_read_bytes = Path.read_bytes

    def counting_read_bytes(path: Path) -> bytes:
        if path.suffix == ".json":
            counts[path.name] += 1
        return original_read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", counting_read_bytes)
    return counts


@pytest.fixture
def writes(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times each data file was replaced since the fixture started."""
    counts: Counter[str] = Counter()
    original = atomic_file.write_atomically

    def counting_write(path: Path, text: str, **options: int) -> None:
        counts[path.name] += 1
        original(path, text, **options)

    monkeypatch.setattr(data_file, "write_atomically", counting_write)
    return counts


@pytest.fixture
def ten_learners(store: Store, add_learner: Callable[[str], Account]) -> list[Account]:
    """Ten learners with some progress each, every file already loaded by this store."""
    learners = [add_learner(f"learner{n}") for n in range(10)]
    for learner in learners:
        save_progress(store, learner.user_id, "req.cpr.card", ItemProgress(state=ItemState.DONE))
        store.read(learner.user_id)
    return learners


def tick(store: Store, learner: Account) -> None:
    """One checkbox tick, as the checklist page makes it."""
    change_item(
        store,
        learner.user_id,
        "req.background.check",
        lambda progress: progress.with_state(ItemState.DONE, datetime.now(UTC)),
    )


def test_a_tick_writes_only_its_learners_file_once(
    store: Store, ten_learners: list[Account], writes: Counter[str]
) -> None:
    tick(store, ten_learners[3])
    assert writes == {f"{ten_learners[3].user_id}.json": 1}


def test_a_tick_parses_only_its_learners_file_once(
    store: Store, ten_learners: list[Account], parses: Counter[str]
) -> None:
    tick(store, ten_learners[3])
    assert parses == {f"{ten_learners[3].user_id}.json": 1}


def test_reading_a_loaded_learner_parses_no_file(
    store: Store, ten_learners: list[Account], parses: Counter[str]
) -> None:
    for _ in range(5):
        store.read(ten_learners[0].user_id)
        store.find_account(ten_learners[0].username)
    assert parses == {}
