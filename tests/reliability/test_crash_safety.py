"""Specifies crash safety: a writer killed at any moment loses no acknowledged write.

`writer.py` runs as a real process and prints an acknowledgement after each write returns;
these tests SIGKILL it at random moments (from a fixed seed), many times over, and after
every kill open the folder with a fresh Store. Each acknowledged write must be there, whole;
the one write in flight may have landed or not. Every data file and backup must stay valid
JSON of this app's schema, and temporary files a kill leaves behind must not stop a store
from opening.
"""

from __future__ import annotations

import json
import random
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from pathway.atomic_file import BACKUP_FOLDER
from pathway.data_file import SCHEMA_VERSION
from pathway.records import ItemProgress
from pathway.store import Store
from tests.reliability import processes
from tests.reliability.writer import account, check_off, tick

SEED = 20250115
KILLS = 60
KILLS_AT_START_UP = 10
"""Of the kills, how many land while the writer starts: importing, opening the store."""

START_UP_WINDOW = 0.15
"""Seconds after launch within which a start-up kill lands; start-up takes about 0.1 s."""

MOST_ACKS_BEFORE_A_KILL = 60
"""Any other kill lands after a random number of acknowledged writes, below this many."""

WRITE_WINDOW = 0.003
"""Seconds, about two writes' time, within which such a kill lands after its last awaited ack:
so kills land in every phase of a write (temporary file half written, backups rotating, file
replaced but not yet acknowledged). Counting acks, not seconds, keeps a busy machine from
thinning out the campaign."""

LEAST_ACKNOWLEDGED = 1_000
"""Fewer acknowledged writes than this would make the campaign too thin to prove anything."""

ACCOUNT_KILLS = 6
CHECK_OFF_KILLS = 12


@dataclass
class Campaign:
    """What killing the tick writer again and again left behind, checked after every kill."""

    kills: int = 0
    kills_before_first_ack: int = 0
    acknowledged: int = 0
    kills_mid_write: int = 0
    """Kills that left a new temporary file: they landed while a write was being prepared."""
    in_flight_landed: int = 0
    """Kills after a write had replaced the file but before its acknowledgement was printed."""
    lost: list[str] = field(default_factory=list)
    """Acknowledged writes missing, or documents that are not exactly what a write stored."""
    invalid_files: list[str] = field(default_factory=list)
    open_failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        """One line of figures, printed so a run shows how much the guarantee was exercised."""
        return (
            f"crash safety: {self.kills} kills ({self.kills_before_first_ack} before the first "
            f"ack, {self.kills_mid_write} mid-write, {self.in_flight_landed} between a write "
            f"and its ack), {self.acknowledged} acknowledged writes checked, {self.seconds:.1f} s"
        )


def kill_writer_at_random(
    data_dir: Path, arguments: list[str], rng: random.Random, *, at_start_up: bool
) -> list[int]:
    """Start the writer, SIGKILL it at a random moment, and return the acknowledged writes."""
    writer = processes.start("tests.reliability.writer", str(data_dir), *arguments)
    awaited = []
    if at_start_up:
        time.sleep(rng.uniform(0, START_UP_WINDOW))
    else:
        processes.wait_for_line(writer, "ready")
        awaited = processes.read_lines(writer, rng.randrange(MOST_ACKS_BEFORE_A_KILL))
        time.sleep(rng.uniform(0, WRITE_WINDOW))
    writer.send_signal(signal.SIGKILL)
    output, errors = writer.communicate()
    assert writer.returncode == -signal.SIGKILL, f"the writer failed by itself:\n{errors}"
    # A line cut short by the kill has no newline yet, and its number may be cut short too.
    lines = awaited + output.split("\n")[:-1]
    return [int(line.split()[2]) for line in lines if line.startswith("ack ")]


def data_file_problem(path: Path) -> str | None:
    """Why `path` is not a whole data file of this app's schema, or None when it is one."""
    try:
        data = json.loads(path.read_bytes())
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return f"{path} is not valid JSON: {error}"
    if not isinstance(data, dict) or not all(isinstance(table, dict) for table in data.values()):
        return f"{path} does not hold TinyDB tables"
    if list(data.get("meta", {}).values()) != [{"schema_version": SCHEMA_VERSION}]:
        return f"{path} lacks the schema meta: {data.get('meta')!r}"
    return None


def invalid_data_files(data_dir: Path) -> list[str]:
    """Every data file and every backup that is not a whole data file, described."""
    kept = [
        path
        for path in sorted(data_dir.rglob("*"))
        # Hidden names are lock and temporary files, beside the data files and in BACKUP_FOLDER.
        if path.is_file()
        and not path.name.startswith(".")
        and (BACKUP_FOLDER in path.parts or path.suffix == ".json")
    ]
    assert kept, f"no data files found under {data_dir}"
    return [problem for path in kept if (problem := data_file_problem(path)) is not None]


def temporary_files(data_dir: Path) -> set[Path]:
    """Files a write had started but not yet put in place."""
    return set(data_dir.rglob("*.tmp"))


def plant_torn_temporary_files(data_dir: Path, user_id: str) -> int:
    """Leave half-written temporary files beside the accounts and the learner file.

    Kills leave such files only when they land mid-write; planting two makes sure the
    campaign always opens stores beside them.
    """
    torn = '{"meta": {"1": {"schema_ver'
    for data_file in (data_dir / "accounts.json", data_dir / "learners" / f"{user_id}.json"):
        data_file.with_name(f".{data_file.name}.{'0' * 32}.tmp").write_text(torn)


def written_number(progress: ItemProgress) -> int | None:
    """Which write stored this progress, read from its note "write <n>"."""
    prefix, _, number = progress.note.partition(" ")
    return int(number) if prefix == "write" and number.isdigit() else None


def check_ticks(
    record_progress: dict[str, ItemProgress], held: dict[str, int], acked: list[int], first: int
) -> list[str]:
    """What is wrong with the stored progress after a run that started at write `first`.

    `held` is the write number each item held before the run. Each item must now hold its
    latest acknowledged write; the item of the one write in flight may hold that write
    instead. Every stored document must be exactly what its write stored.
    """
    expected = dict(held)
    for number in acked:
        expected[tick(number)[0]] = number
    in_flight = first + len(acked)
    in_flight_item = tick(in_flight)[0]
    problems = []
    for item in sorted(expected.keys() | record_progress.keys()):
        allowed = {expected.get(item)} | ({in_flight} if item == in_flight_item else set())
        progress = record_progress.get(item)
        number = written_number(progress) if progress else None
        if number not in allowed:
            problems.append(f"{item} holds write {number}, expected one of {allowed}")
        elif progress is not None and number is not None and progress != tick(number)[1]:
            problems.append(f"{item} holds a torn or mixed document: {progress!r}")
    return problems


@pytest.fixture(scope="module")
def campaign(tmp_path_factory: pytest.TempPathFactory) -> Campaign:
    """Kill the tick writer KILLS times on one learner, checking the folder after each kill.

    One learner's file is written by every run, each run continuing the write counter, so
    later kills land on a file with a long history and full backup rotation.
    """
    data_dir = tmp_path_factory.mktemp("crash") / "data"
    learner = account(10**6)
    store = Store(data_dir)
    store.add_account(learner)
    store.close()
    plant_torn_temporary_files(data_dir, learner.user_id)
    rng = random.Random(SEED)
    start_up_kills = set(rng.sample(range(KILLS), KILLS_AT_START_UP))
    result, held, first, started = Campaign(), {}, 0, time.monotonic()
    for kill in range(KILLS):
        arguments = ["ticks", learner.user_id, str(first)]
        temporary_before = temporary_files(data_dir)
        acked = kill_writer_at_random(data_dir, arguments, rng, at_start_up=kill in start_up_kills)
        result.kills += 1
        result.kills_before_first_ack += not acked
        result.acknowledged += len(acked)
        result.kills_mid_write += bool(temporary_files(data_dir) - temporary_before)
        assert acked == list(range(first, first + len(acked))), "acks skipped a write"
        # Checked before a store opens the folder, so nothing it might repair hides damage.
        result.invalid_files += [f"after kill {kill}: {p}" for p in invalid_data_files(data_dir)]
        try:
            store = Store(data_dir)
            try:
                progress = store.read(learner.user_id).progress
            finally:
                store.close()
        except Exception as error:  # any failure to open is the finding; stop killing
            result.open_failures.append(f"after kill {kill}: {error!r}")
            break
        problems = check_ticks(progress, held, acked, first)
        result.lost += [f"after kill {kill} (writes {first}..): {p}" for p in problems]
        held = {item: n for item, p in progress.items() if (n := written_number(p)) is not None}
        in_flight = first + len(acked)
        landed = held.get(tick(in_flight)[0]) == in_flight
        result.in_flight_landed += landed
        first = in_flight + 1 if landed else in_flight
    result.seconds = time.monotonic() - started
    return result


def test_the_campaign_kills_often_enough_to_prove_anything(
    campaign: Campaign, capsys: pytest.CaptureFixture[str]
) -> None:
    """The guarantees below only mean something over many kills, landing in every phase."""
    with capsys.disabled():
        print(f"\n{campaign.summary()}")

    assert campaign.kills >= 50
    assert campaign.acknowledged >= LEAST_ACKNOWLEDGED
    assert campaign.kills_before_first_ack > 0
    assert campaign.kills_mid_write > 0
    assert campaign.in_flight_landed > 0


def test_no_acknowledged_tick_is_lost_or_torn_by_a_kill(campaign: Campaign) -> None:
    """After every kill each item holds its last acknowledged write (or the one in flight)."""
    assert campaign.lost == []


def test_every_data_file_and_backup_stays_valid_through_kills(campaign: Campaign) -> None:
    """A kill never leaves a data file or any of its backups torn or without the schema meta."""
    assert campaign.invalid_files == []


def test_a_fresh_store_opens_after_every_kill_despite_leftover_temporary_files(
    campaign: Campaign,
) -> None:
    """Half-written temporary files, planted and left by kills, never stop a store opening."""
    assert campaign.open_failures == []
    assert campaign.kills == KILLS


def test_no_acknowledged_account_is_lost_by_a_kill(data_dir: Path) -> None:
    """Killing a writer that adds accounts keeps every acknowledged account and its data file.

    Each addition writes the new learner file and then the accounts file, so kills land in
    both; the account in flight may be there or not, and nothing else may.
    """
    rng, first = random.Random(SEED + 1), 0
    Store(data_dir).close()
    for _ in range(ACCOUNT_KILLS):
        acked = kill_writer_at_random(data_dir, ["accounts", str(first)], rng, at_start_up=False)
        assert acked == list(range(first, first + len(acked)))
        assert invalid_data_files(data_dir) == []
        store = Store(data_dir)
        try:
            stored = store.list_accounts()
            for each in stored:
                store.read(each.user_id)  # its learner file exists and is whole
        finally:
            store.close()
        in_flight = first + len(acked)
        expected = [account(number) for number in range(in_flight)]
        assert stored in (expected, [*expected, account(in_flight)])
        first = len(stored)


def test_the_check_off_log_keeps_every_acknowledged_entry_in_order_through_kills(
    data_dir: Path,
) -> None:
    """Killing a writer that appends check-offs leaves the log whole and only ever grown.

    After each kill the log is exactly the entries written so far, in order: every
    acknowledged one, plus perhaps the one in flight; nothing torn, dropped or reordered.
    """
    rng, learner = random.Random(SEED + 2), account(10**6)
    store = Store(data_dir)
    store.add_account(learner)
    store.close()
    first, acknowledged = 0, 0
    for _ in range(CHECK_OFF_KILLS):
        arguments = ["check-offs", learner.user_id, str(first)]
        acked = kill_writer_at_random(data_dir, arguments, rng, at_start_up=False)
        assert acked == list(range(first, first + len(acked)))
        assert invalid_data_files(data_dir) == []
        store = Store(data_dir)
        try:
            log = store.read(learner.user_id).check_offs
        finally:
            store.close()
        in_flight = first + len(acked)
        written = [check_off(number) for number in range(in_flight)]
        assert log in (written, [*written, check_off(in_flight)])
        first, acknowledged = len(log), acknowledged + len(acked)
    assert acknowledged > 0
