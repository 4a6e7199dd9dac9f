"""Store benchmark: cost of a tick and of reading a learner on each backend, against naive TinyDB.

Run `python -m bench.store_bench` (optionally `--learners 10 100 1000 5000`, `--backends folder
postgresql`, `--database-url postgresql://...`). Prints one JSON object per figure, then a short
table, and per backend the ratio of the tick at the largest size to the tick at the smallest:
one file (or one row) per learner should keep it near 1. PostgreSQL gets a database per size on
`--database-url` (a server where the bench may create databases), or else on a throwaway,
durable (fsync on) cluster in a temporary folder. Synthetic learners come from a fixed seed.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.conninfo import make_conninfo
from tinydb import Query, TinyDB

from bench.fixtures import add_learners
from bench.report import elapsed_ms, print_figures, summary, time_calls
from pathway.content import load_content
from pathway.data_file import BACKUP_VERSIONS
from pathway.pg_store import PgStore
from pathway.records import ItemProgress, ItemState, LearnerRecord
from pathway.settings import content_dir
from pathway.storage import Storage
from pathway.store import Store
from tests.postgres import throwaway_cluster

ITEMS_PER_LEARNER = 60
TICKS_MEASURED = 200
TICK_FIGURE = "tick (persisted write)"


TICKED_LEARNERS = 10
"""Learners whose ticks are timed, at every size; the others only make the folder that big."""
ITEM_IDS = [f"req.bench.item_{i}" for i in range(ITEMS_PER_LEARNER)]
RNG = random.Random(42)


BACKENDS = ("folder", "postgresql")

Sized = tuple[str, int]
"""A store under measure: its backend and how many learners it holds."""


def main(argv: list[str] | None = None) -> None:
    """Measure every figure and print it."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--learners", type=int, nargs="+", default=[10, 100, 1000, 5000])
    parser.add_argument("--backends", nargs="+", choices=BACKENDS, default=list(BACKENDS))
    parser.add_argument("--database-url", default="", help="a server to create databases on")
    args = parser.parse_args(argv)
    figures = [_content_load()]
    with tempfile.TemporaryDirectory() as folder, _postgres(args) as server:
        stores = {}
        for backend in args.backends:
            for learners in args.learners:
                store = _open(backend, Path(folder), learners, server)
                stores[backend, learners] = _filled_store(store, learners)
        figures += _interleaved_ticks(stores)
        for (backend, learners), (store, user_ids, _ticked) in stores.items():
            figures.append(_read_figure(backend, store, user_ids))
            store.close()
            if backend == "folder":
                figures += _naive_figures(Path(folder) / f"naive-{learners}.json", user_ids)
    for backend in args.backends:
        figures.append(_tick_ratio(figures, backend, min(args.learners), max(args.learners)))
    print_figures(figures)


@contextlib.contextmanager
def _postgres(args: argparse.Namespace) -> Iterator[str]:
    """The server PostgreSQL stores are made on: `--database-url`, or a throwaway cluster."""
    if "postgresql" not in args.backends or args.database_url:
        yield args.database_url
        return
    with throwaway_cluster(durable=True) as url:
        yield url


def _open(backend: str, folder: Path, learners: int, server: str) -> Storage:
    """A new, empty store of `backend` for `learners` learners: a folder, or a new database."""
    if backend == "folder":
        return Store(folder / f"{learners}-learners")
    name = f"ma_pathway_bench_{learners}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    database = make_conninfo(server, dbname=f"ma_pathway_bench_{learners}")
    return PgStore(database)


def _content_load() -> dict:
    timings = time_calls(lambda: load_content(content_dir()), repeat=20)
    return {"figure": "content load and validation", **timings}


def _tick_ratio(figures: list[dict], backend: str, smallest: int, largest: int) -> dict:
    """How much dearer a tick on `backend` is with `largest` learners than with `smallest`."""
    tick = {
        f["learners"]: f["median_ms"]
        for f in figures
        if f["figure"] == TICK_FIGURE and f["backend"] == backend
    }
    return {
        "figure": f"tick ratio {largest} / {smallest} learners",
        "backend": backend,
        "ratio": round(tick[largest] / tick[smallest], 2),
    }


def _filled_store(store: Storage, learners: int) -> tuple[Storage, list[str], list[str]]:
    """`store` filled with `learners` learners x 60 items; its user ids and the ticked ones.

    The same number of learners is ticked at every size, each with a full set of backups first,
    as after some use: otherwise the large sizes would mostly time first writes, which have
    fewer backups to rotate.
    """
    record = LearnerRecord(
        progress={item_id: ItemProgress(state=ItemState.DONE) for item_id in ITEM_IDS}
    )
    user_ids = [a.user_id for a in add_learners(store, learners, lambda _number: record)]
    ticked = RNG.sample(user_ids, min(TICKED_LEARNERS, learners))
    for user_id in ticked:
        for item_id in ITEM_IDS[: BACKUP_VERSIONS + 1]:
            _tick(store, user_id, item_id)
    return store, user_ids, ticked


def _interleaved_ticks(stores: dict[Sized, tuple[Storage, list[str], list[str]]]) -> list[dict]:
    """Time ticks taking turns between the sizes, so the disk's slow spells hit all alike.

    An fsync's cost drifts by a factor of two over a minute on this kind of machine; timing
    each size in its own minute would compare the disk's moods, not the sizes.
    """
    samples: dict[Sized, list[float]] = {sized: [] for sized in stores}
    sizes = list(stores)
    for _ in range(TICKS_MEASURED):
        RNG.shuffle(sizes)  # the first write of a round may pay for the last one's journal
        for sized in sizes:
            store, _user_ids, ticked = stores[sized]
            user_id, item_id = RNG.choice(ticked), RNG.choice(ITEM_IDS)
            started = time.perf_counter()
            _tick(store, user_id, item_id)
            samples[sized].append(elapsed_ms(started))
    return [
        {"figure": TICK_FIGURE, "backend": backend, "learners": learners, **summary(timings)}
        for (backend, learners), timings in samples.items()
    ]


def _read_figure(backend: str, store: Storage, user_ids: list[str]) -> dict:
    """Time loading the record of a learner picked at random."""
    read = time_calls(lambda: store.read(RNG.choice(user_ids)), TICKS_MEASURED)
    return {"figure": "learner read", "backend": backend, "learners": len(user_ids), **read}


def _naive_figures(path: Path, user_ids: list[str]) -> list[dict]:
    """The same tick and read on one TinyDB file holding every learner, used the plain way."""
    learners = len(user_ids)
    database = TinyDB(path)
    # No query cache: the app's own reads never hit one, so neither may the baseline's.
    naive = database.table(database.default_table_name, cache_size=0)
    naive.insert_multiple(
        {"user_id": user_id, "item_id": item_id, "state": "done"}
        for user_id in user_ids
        for item_id in ITEM_IDS
    )
    repeat = max(5, min(TICKS_MEASURED, 20_000 // learners))
    tick = time_calls(
        lambda: naive.update(
            {"state": "in_progress"},
            (Query().user_id == RNG.choice(user_ids)) & (Query().item_id == RNG.choice(ITEM_IDS)),
        ),
        repeat,
    )
    read = time_calls(lambda: naive.search(Query().user_id == RNG.choice(user_ids)), repeat)
    database.close()
    return [
        {"figure": "naive TinyDB tick (one file)", "learners": learners, **tick},
        {"figure": "naive TinyDB learner read", "learners": learners, **read},
    ]


def _tick(store: Storage, user_id: str, item_id: str) -> None:
    now = datetime.now(UTC)
    store.change(
        user_id, lambda record: record.with_item_state(item_id, ItemState.IN_PROGRESS, now)
    )


if __name__ == "__main__":
    main()
