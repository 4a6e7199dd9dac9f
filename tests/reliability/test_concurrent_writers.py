"""Specifies concurrent writing: sessions and processes writing at once lose no update.

The workload (`sessions.py`) is 30 sessions, each ticking its own items, appending tokens to
one shared item by read-modify-write, and some adding skill snapshots or education entries.
Whether the sessions are threads on one store or threads in two processes on one folder or one
PostgreSQL database, the state a fresh store reads afterwards must equal running them one
after another.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from pathway.accounts import Account
from pathway.storage import Storage
from pathway.store import Store
from tests.reliability import processes, sessions
from tests.storage import on_every_backend

LEARNERS = 3
PROCESSES = 2


def add_learners(store: Storage) -> list[str]:
    """Register the learners the sessions write to; their user ids, the shared one first."""
    learners = [sessions.new_account(f"learner{number}") for number in range(LEARNERS)]
    for learner in learners:
        store.add_account(learner)
    return [learner.user_id for learner in learners]


@pytest.fixture
def where(backend: str, data_dir: Path, request: pytest.FixtureRequest) -> str:
    """What a worker process opens its store on: the data folder, or the database's URL."""
    return str(data_dir) if backend == "folder" else request.getfixturevalue("database_url")


def run_workers(where: str, tmp_path: Path, worker_arguments: list[list[str]]) -> list[str]:
    """Start one worker process per argument list, release them together, return their lines.

    Each worker opens its store and says "ready"; only then is the go file created, so start-up
    time does not decide which process writes first. Fails unless the workers' writing spans
    overlapped: a race that never happened would prove nothing.
    """
    go_file = tmp_path / "go"
    workers: list[subprocess.Popen[str]] = []
    try:
        for arguments in worker_arguments:
            workers.append(
                processes.start("tests.reliability.sessions", where, str(go_file), *arguments)
            )
        for worker in workers:
            processes.wait_for_line(worker, "ready")
        go_file.touch()
        outputs = [processes.finish(worker).splitlines() for worker in workers]
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.communicate()
    spans = [tuple(float(time) for time in lines[-1].split()[1:]) for lines in outputs]
    assert max(start for start, _ in spans) < min(end for _, end in spans), spans
    return [line for lines in outputs for line in lines[:-1]]


@on_every_backend
def test_thirty_sessions_on_one_store_lose_no_update(
    store: Storage, open_store: Callable[[], Storage]
) -> None:
    """Thirty threads sharing one store, like thirty Streamlit sessions in one server."""
    learners = add_learners(store)
    sessions.run_at_once(
        sessions.SESSIONS, lambda session: sessions.run_session(store, session, learners)
    )
    store.close()

    assert sessions.observed_outcome(open_store(), learners) == sessions.expected_outcome(
        range(sessions.SESSIONS), learners
    )


@on_every_backend
def test_two_processes_of_fifteen_sessions_lose_no_update(
    store: Storage, open_store: Callable[[], Storage], where: str, tmp_path: Path
) -> None:
    """Two server processes on one store, fifteen sessions each, on the same learners."""
    learners = add_learners(store)
    store.close()
    per_process = sessions.THREADS_PER_PROCESS
    assert per_process * PROCESSES == sessions.SESSIONS

    run_workers(
        where,
        tmp_path,
        [["ticks", str(process * per_process), *learners] for process in range(PROCESSES)],
    )

    assert sessions.observed_outcome(open_store(), learners) == sessions.expected_outcome(
        range(sessions.SESSIONS), learners
    )


@pytest.fixture(scope="module")
def account_race(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """Two processes adding accounts at once: the data folder, and each contested outcome line.

    Each process's fifteen threads each claim one contested username (both processes claim the
    same fifteen) and then add four usernames of their own.
    """
    folder = tmp_path_factory.mktemp("accounts")
    data_dir = folder / "data"
    Store(data_dir).close()
    workers = [["accounts", str(p)] for p in range(PROCESSES)]
    return data_dir, run_workers(str(data_dir), folder, workers)


def stored_accounts(data_dir: Path) -> list[Account]:
    """Every account a fresh Store reads, each checked to have its learner file."""
    store = Store(data_dir)
    try:
        accounts = store.list_accounts()
        for account in accounts:
            store.read(account.user_id)  # raises MissingDataFile if it has none
    finally:
        store.close()
    return accounts


def test_two_processes_adding_accounts_keep_every_account(
    account_race: tuple[Path, list[str]],
) -> None:
    """Every account either process added is there afterwards, with its learner file."""
    data_dir, _ = account_race
    threads = range(sessions.THREADS_PER_PROCESS)
    distinct = [
        sessions.distinct_username(process, thread, number)
        for process in range(PROCESSES)
        for thread in threads
        for number in range(sessions.ACCOUNTS_PER_THREAD)
    ]
    contested = [sessions.contested_username(thread) for thread in threads]

    usernames = [account.username for account in stored_accounts(data_dir)]

    assert sorted(usernames) == sorted(distinct + contested)


def test_two_processes_claiming_one_username_exactly_one_wins(
    account_race: tuple[Path, list[str]],
) -> None:
    """Of two processes adding the same username at once, one wins; the other gets UsernameTaken."""
    data_dir, lines = account_race
    outcomes: dict[str, list[str]] = {}
    winners: dict[str, str] = {}
    for line in lines:
        outcome, username, user_id = line.split()
        outcomes.setdefault(username, []).append(outcome)
        if outcome == "won":
            winners[username] = user_id

    stored = {account.username: account.user_id for account in stored_accounts(data_dir)}

    assert len(outcomes) == sessions.THREADS_PER_PROCESS
    assert all(sorted(pair) == ["taken", "won"] for pair in outcomes.values()), outcomes
    assert {name: stored[name] for name in winners} == winners
    learner_files = {path.stem for path in (data_dir / "learners").glob("*.json")}
    assert learner_files == set(stored.values()), "a losing claim left a learner file"
