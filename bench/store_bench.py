"""Store benchmark: cost of a tick and of reading a learner, against naive TinyDB.

Run `python -m bench.store_bench` (optionally `--learners 10 100 1000 5000`). Prints one JSON
object per figure, then a short table, and the ratio of the tick at the largest size to the tick
at the smallest: one file per learner should keep it near 1. Synthetic learners come from a
fixed seed.
"""

from __future__ import annotations

import argparse
import random
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from tinydb import Query, TinyDB

from bench.fixtures import add_learners
from bench.report import print_figures, time_calls
from pathway.content import load_content
from pathway.records import ItemProgress, ItemState, LearnerRecord
from pathway.settings import content_dir
from pathway.store import Store

ITEMS_PER_LEARNER = 60
TICKS_MEASURED = 200
TICK_FIGURE = "tick (persisted write)"


def main(argv: list[str] | None = None) -> None:
    """Measure every figure and print it."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--learners", type=int, nargs="+", default=[10, 100, 1000, 5000])
    args = parser.parse_args(argv)
    figures = [_content_load()]
    for learners in args.learners:
        figures += _store_figures(learners)
    figures.append(_tick_ratio(figures, min(args.learners), max(args.learners)))
    print_figures(figures)


def _content_load() -> dict:
    timings = time_calls(lambda: load_content(content_dir()), repeat=20)
    return {"figure": "content load and validation", **timings}


def _tick_ratio(figures: list[dict], smallest: int, largest: int) -> dict:
    """How much dearer a tick is with `largest` learners than with `smallest`."""
    tick = {f["learners"]: f["median_ms"] for f in figures if f["figure"] == TICK_FIGURE}
    return {
        "figure": f"tick ratio {largest} / {smallest} learners",
        "ratio": round(tick[largest] / tick[smallest], 2),
    }


def _store_figures(learners: int) -> list[dict]:
    rng = random.Random(42)
    item_ids = [f"req.bench.item_{i}" for i in range(ITEMS_PER_LEARNER)]
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "data")
        record = LearnerRecord(
            progress={item_id: ItemProgress(state=ItemState.DONE) for item_id in item_ids}
        )
        user_ids = [a.user_id for a in add_learners(store, learners, lambda _number: record)]
        tick = time_calls(
            lambda: _tick(store, rng.choice(user_ids), rng.choice(item_ids)), TICKS_MEASURED
        )
        read = time_calls(lambda: store.load_record(rng.choice(user_ids)), TICKS_MEASURED)
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
        naive_tick = time_calls(
            lambda: naive.update(
                {"state": "in_progress"},
                (Query().user_id == rng.choice(user_ids))
                & (Query().item_id == rng.choice(item_ids)),
            ),
            naive_repeat,
        )
        naive_read = time_calls(
            lambda: naive.search(Query().user_id == rng.choice(user_ids)), naive_repeat
        )
        database.close()
    return [
        {"figure": TICK_FIGURE, "learners": learners, **tick},
        {"figure": "learner read", "learners": learners, **read},
        {"figure": "naive TinyDB tick (one file)", "learners": learners, **naive_tick},
        {"figure": "naive TinyDB learner read", "learners": learners, **naive_read},
    ]


def _tick(store: Store, user_id: str, item_id: str) -> None:
    store.update_progress(
        user_id,
        item_id,
        lambda progress: progress.with_state(ItemState.IN_PROGRESS, datetime.now(UTC)),
    )


if __name__ == "__main__":
    main()
