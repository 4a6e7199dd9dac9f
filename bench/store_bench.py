"""Store benchmark: cost of a tick and of reading a learner, against naive TinyDB.

Run `python -m bench.store_bench` (optionally `--learners 10 100 1000`). Prints one JSON object
per figure, then a short table. Synthetic learners come from a fixed seed.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from tinydb import Query, TinyDB

from pathway.accounts import Account
from pathway.content import load_content
from pathway.records import ItemProgress, ItemState
from pathway.settings import content_dir
from pathway.store import Store

ITEMS_PER_LEARNER = 60
TICKS_MEASURED = 200


def main() -> None:
    """Measure every figure and print it."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--learners", type=int, nargs="+", default=[10, 100, 1000])
    args = parser.parse_args()
    figures = [_content_load()]
    for learners in args.learners:
        figures += _store_figures(learners)
    for figure in figures:
        print(json.dumps(figure))
    print()
    print(f"{'figure':<40} {'learners':>8} {'median ms':>10} {'p95 ms':>8}")
    for figure in figures:
        print(
            f"{figure['figure']:<40} {figure.get('learners', ''):>8} "
            f"{figure['median_ms']:>10.3f} {figure['p95_ms']:>8.3f}"
        )


def _content_load() -> dict:
    timings = _time(lambda: load_content(content_dir()), repeat=20)
    return {"figure": "content load and validation", **timings}


def _store_figures(learners: int) -> list[dict]:
    rng = random.Random(42)
    item_ids = [f"req.bench.item_{i}" for i in range(ITEMS_PER_LEARNER)]
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "data")
        user_ids = [_add_learner(store, n, item_ids) for n in range(learners)]
        tick = _time(
            lambda: _tick(store, rng.choice(user_ids), rng.choice(item_ids)), TICKS_MEASURED
        )
        read = _time(lambda: store.load_record(rng.choice(user_ids)), TICKS_MEASURED)
        store.close()
        database = TinyDB(Path(folder) / "naive.json")
        # No query cache: the app's own reads never hit one, so neither may the baseline's.
        naive = database.table(database.default_table_name, cache_size=0)
        naive.insert_multiple(
            {"user_id": user_id, "item_id": item_id, "state": "done"}
            for user_id in user_ids
            for item_id in item_ids
        )
        naive_repeat = max(5, min(TICKS_MEASURED, 20_000 // learners))
        naive_tick = _time(
            lambda: naive.update(
                {"state": "in_progress"},
                (Query().user_id == rng.choice(user_ids))
                & (Query().item_id == rng.choice(item_ids)),
            ),
            naive_repeat,
        )
        naive_read = _time(
            lambda: naive.search(Query().user_id == rng.choice(user_ids)), naive_repeat
        )
        database.close()
    return [
        {"figure": "tick (persisted write)", "learners": learners, **tick},
        {"figure": "learner read", "learners": learners, **read},
        {"figure": "naive TinyDB tick (one file)", "learners": learners, **naive_tick},
        {"figure": "naive TinyDB learner read", "learners": learners, **naive_read},
    ]


def _add_learner(store: Store, number: int, item_ids: list[str]) -> str:
    account = Account(
        user_id=uuid.uuid4().hex,
        username=f"learner{number:05d}",
        display_name=f"Learner {number}",
        passphrase_hash="scrypt$benchmark",
        created_at=datetime.now(UTC),
    )
    store.add_account(account)
    for item_id in item_ids:
        store.save_progress(account.user_id, item_id, ItemProgress(state=ItemState.DONE))
    return account.user_id


def _tick(store: Store, user_id: str, item_id: str) -> None:
    store.update_progress(
        user_id,
        item_id,
        lambda progress: progress.with_state(ItemState.IN_PROGRESS, datetime.now(UTC)),
    )


def _time(action: Callable[[], object], repeat: int) -> dict:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {
        "median_ms": round(statistics.median(samples), 3),
        "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 3),
        "runs": repeat,
    }


if __name__ == "__main__":
    main()
