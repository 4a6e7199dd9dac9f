"""What one simulated browser session writes, and the state a set of sessions must leave.

Shared by the thread test (30 sessions on one Store) and by the worker processes of the
two-process tests, so both check the same workload against the same serial expectation.
Run as `python -m tests.reliability.sessions DATA_DIR GO_FILE ticks FIRST USER_ID...` (15
sessions from FIRST on, on learners USER_ID...) or `... DATA_DIR GO_FILE accounts PROCESS`; the
worker prints "ready" once its store is open, starts writing when GO_FILE appears, and ends
with "span START END", the wall-clock seconds it spent writing.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from pathway.accounts import UsernameTaken
from pathway.backends import URL_SCHEMES
from pathway.pg_store import PgStore
from pathway.records import CEEntry, ItemState, SkillSnapshot
from pathway.store import Store
from tests.storage import add_entry, add_snapshot, change_item
from tests.unit.test_store import new_account

SESSIONS = 30
WRITES_PER_SESSION = 8
SHARED_ITEM = "task.shared"
"""The item every session appends its tokens to, in the first learner's file."""

TOKEN_END = ";"
TICKED_AT = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)

THREADS_PER_PROCESS = 15
"""Sessions each worker process runs, as threads on its one Store: two make 30 in all."""

ACCOUNTS_PER_THREAD = 4


def own_item(session: int, write: int) -> str:
    """An item only this session ticks."""
    return f"task.s{session:02}.w{write}"


def token(session: int, write: int) -> str:
    """What this session's write appends to the shared note; unique, short (the note is capped)."""
    return f"{session:02}{write}{TOKEN_END}"


def snapshot(session: int, write: int) -> SkillSnapshot:
    """The skill snapshot this session's write adds, told apart by its time."""
    return SkillSnapshot(
        taken_at=TICKED_AT + timedelta(minutes=session * WRITES_PER_SESSION + write),
        ratings={"skill.communication": write % 5 + 1},
    )


def ce_entry(session: int, write: int) -> CEEntry:
    """The continuing education entry this session's write adds."""
    return CEEntry(
        entry_id=f"ce.s{session:02}.w{write}",
        completed_on=date(2025, 2, 1),
        title=f"Course {write} of session {session}",
        amount=1.5,
        category="general",
    )


def adds_snapshots(session: int) -> bool:
    """One session in five also saves skill snapshots."""
    return session % 5 == 0


def adds_ce_entries(session: int) -> bool:
    """Another one in five also logs continuing education."""
    return session % 5 == 1


def own_learner(session: int, learners: list[str]) -> str:
    """The learner whose page this session has open."""
    return learners[session % len(learners)]


def run_session(store: Store, session: int, learners: list[str]) -> None:
    """Tick this session's items, append to the shared item, and add snapshots or entries."""
    learner = own_learner(session, learners)
    for write in range(WRITES_PER_SESSION):
        change_item(
            store,
            learner,
            own_item(session, write),
            lambda p: p.with_state(ItemState.DONE, TICKED_AT),
        )
        appended = token(session, write)
        change_item(
            store,
            learners[0],
            SHARED_ITEM,
            lambda p, appended=appended: p.model_copy(update={"note": p.note + appended}),
        )
        if adds_snapshots(session):
            add_snapshot(store, learner, snapshot(session, write))
        if adds_ce_entries(session):
            add_entry(store, learner, ce_entry(session, write))


@dataclass(frozen=True)
class Outcome:
    """A learner-by-learner summary of what the sessions wrote, in an order-free form."""

    ticked: dict[str, list[str]]
    """Per learner, the sorted items marked done (the shared item is never ticked)."""
    shared_tokens: list[str]
    """Sorted tokens of the shared note: a lost update drops one, a replayed one repeats it."""
    snapshots: dict[str, list[datetime]]
    ce_entries: dict[str, list[str]]


def expected_outcome(sessions: range, learners: list[str]) -> Outcome:
    """What running `sessions` one after another must leave, whatever the interleaving."""
    ticked: dict[str, list[str]] = {learner: [] for learner in learners}
    snapshots: dict[str, list[datetime]] = {learner: [] for learner in learners}
    ce_entries: dict[str, list[str]] = {learner: [] for learner in learners}
    tokens = []
    for session in sessions:
        learner = own_learner(session, learners)
        for write in range(WRITES_PER_SESSION):
            ticked[learner].append(own_item(session, write))
            tokens.append(token(session, write))
            if adds_snapshots(session):
                snapshots[learner].append(snapshot(session, write).taken_at)
            if adds_ce_entries(session):
                ce_entries[learner].append(ce_entry(session, write).entry_id)
    return Outcome(
        ticked={learner: sorted(items) for learner, items in ticked.items()},
        shared_tokens=sorted(tokens),
        snapshots={learner: sorted(times) for learner, times in snapshots.items()},
        ce_entries={learner: sorted(ids) for learner, ids in ce_entries.items()},
    )


def observed_outcome(store: Store, learners: list[str]) -> Outcome:
    """The same summary, read from what `store` holds."""
    records = {learner: store.read(learner) for learner in learners}
    shared_note = records[learners[0]].item(SHARED_ITEM).note
    return Outcome(
        ticked={
            learner: sorted(
                item for item, p in record.progress.items() if p.state is ItemState.DONE
            )
            for learner, record in records.items()
        },
        shared_tokens=sorted(t + TOKEN_END for t in shared_note.split(TOKEN_END)[:-1]),
        snapshots={
            learner: sorted(s.taken_at for s in record.snapshots)
            for learner, record in records.items()
        },
        ce_entries={
            learner: sorted(e.entry_id for e in record.ce_entries)
            for learner, record in records.items()
        },
    )


def distinct_username(process: int, thread: int, number: int) -> str:
    """A username only this process's thread adds."""
    return f"p{process}-t{thread:02}-n{number}"


def contested_username(thread: int) -> str:
    """A username both account workers' thread `thread` try to add."""
    return f"both-want-{thread:02}"


def add_accounts(store: Store, process: int, thread: int) -> str:
    """Claim this thread's contested username, then add its distinct accounts.

    Returns "won <username> <user_id>" or "taken <username> <user_id>" for the contested one.
    """
    contested = new_account(contested_username(thread))
    try:
        store.add_account(contested)
        outcome = "won"
    except UsernameTaken:
        outcome = "taken"
    for number in range(ACCOUNTS_PER_THREAD):
        store.add_account(new_account(distinct_username(process, thread, number)))
    return f"{outcome} {contested.username} {contested.user_id}"


def run_at_once(count: int, work: Callable[[int], object]) -> list[object]:
    """Run `work(0)` ... `work(count - 1)` in threads released together; re-raise any failure."""
    barrier = threading.Barrier(count)

    def released(number: int) -> object:
        barrier.wait()
        return work(number)

    with ThreadPoolExecutor(max_workers=count) as pool:
        futures = [pool.submit(released, number) for number in range(count)]
        return [future.result() for future in futures]


def main(arguments: list[str]) -> None:
    """Open the store, say "ready", wait for the go file, then run threads that write at once."""
    where, go_file, mode, *rest = arguments
    store = PgStore(where) if where.startswith(URL_SCHEMES) else Store(Path(where))
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    go = Path(go_file)
    while not go.exists():
        time.sleep(0.001)
    started = time.time()
    if mode == "ticks":
        first, *learners = rest
        run_at_once(
            THREADS_PER_PROCESS, lambda thread: run_session(store, int(first) + thread, learners)
        )
    elif mode == "accounts":
        process = int(rest[0])
        lines = run_at_once(THREADS_PER_PROCESS, lambda t: add_accounts(store, process, t))
        sys.stdout.write("".join(f"{line}\n" for line in lines))
    else:
        raise SystemExit(f"unknown mode {mode!r}; use 'ticks' or 'accounts'")
    sys.stdout.write(f"span {started} {time.time()}\n")
    store.close()


if __name__ == "__main__":
    main(sys.argv[1:])
