"""A writer that ticks items, appends check-offs or adds accounts until killed, acking each write.

Run by `test_crash_safety` as `python -m tests.reliability.writer DATA_DIR ticks USER_ID FIRST`,
`... DATA_DIR check-offs USER_ID FIRST` or `... DATA_DIR accounts FIRST`. It prints "ready" once its
store is open, then "ack <key> <n>" after write number n has returned, so the test knows
which writes were acknowledged when it kills the process. The content of write n is a pure
function of n (`tick` and `account` below), so the test can check what the file must hold.
It imports only the store and its models: start-up time is most of what each kill costs.
"""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from pathway.accounts import Account
from pathway.records import CheckOffAction, CheckOffEntry, ItemProgress, ItemState
from pathway.store import Store
from tests.storage import change_item

ITEMS = 12
"""Items the tick writer cycles through, so each item is overwritten again and again."""

_STATES = list(ItemState)
_START = datetime(2025, 1, 15, 9, 30, tzinfo=UTC)


def tick(number: int) -> tuple[str, ItemProgress]:
    """The item that write `number` changes and the whole progress it stores there.

    The state moves on every round through the items, and every field depends on `number`,
    so a half-written or mixed-up document cannot pass for a whole one.
    """
    state = _STATES[(number // ITEMS) % len(_STATES)]
    progress = ItemProgress(
        state=state,
        completed_on=date(2025, 1, 1) + timedelta(days=number % 365)
        if state is ItemState.DONE
        else None,
        due_on=date(2026, 1, 1) + timedelta(days=number % 365),
        note=f"write {number}",
        updated_at=_START + timedelta(seconds=number),
    )
    return f"task.crash.{number % ITEMS:02}", progress


def check_off(number: int) -> CheckOffEntry:
    """The entry that write `number` of the check-off writer appends to the learner's log."""
    return CheckOffEntry(
        entry_id=f"{number:032x}",
        competency_id=f"competency.crash.{number % ITEMS:02}",
        action=CheckOffAction.CHECKED_OFF,
        actor_id="instructor.crash",
        actor_name="Crash Instructor",
        recorded_at=_START + timedelta(seconds=number),
        checked_on=date(2025, 1, 1) + timedelta(days=number % 365),
        note=f"write {number}",
    )


def account(number: int) -> Account:
    """The account that write `number` of the account writer adds."""
    return Account(
        user_id=f"{number:032x}",
        username=f"crash{number:05}",
        display_name=f"Crash test {number}",
        passphrase_hash="placeholder, not a real hash",
        created_at=_START + timedelta(seconds=number),
    )


def acknowledge(key: str, number: int) -> None:
    """Tell the test that write `number` has returned: one line, flushed at once."""
    sys.stdout.write(f"ack {key} {number}\n")
    sys.stdout.flush()


def write_ticks(store: Store, user_id: str, first: int) -> None:
    """Tick items for ever, from write `first` on."""
    number = first
    while True:
        item_id, progress = tick(number)
        change_item(store, user_id, item_id, lambda _stored, new=progress: new)
        acknowledge(item_id, number)
        number += 1


def write_check_offs(store: Store, user_id: str, first: int) -> None:
    """Append check-offs to the learner's log for ever, from write `first` on."""
    number = first
    while True:
        entry = check_off(number)
        store.change(
            user_id, lambda record, new=entry: record.with_check_off_log([*record.check_offs, new])
        )
        acknowledge(entry.competency_id, number)
        number += 1


def write_accounts(store: Store, first: int) -> None:
    """Add accounts for ever, from write `first` on."""
    number = first
    while True:
        new = account(number)
        store.add_account(new)
        acknowledge(new.username, number)
        number += 1


def main(arguments: list[str]) -> None:
    """Open the store, say so, and write until killed."""
    data_dir, mode, *rest = arguments
    store = Store(Path(data_dir))
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    if mode == "ticks":
        user_id, first = rest
        write_ticks(store, user_id, int(first))
    elif mode == "check-offs":
        user_id, first = rest
        write_check_offs(store, user_id, int(first))
    elif mode == "accounts":
        (first,) = rest
        write_accounts(store, int(first))
    else:
        raise SystemExit(f"unknown mode {mode!r}; use 'ticks', 'check-offs' or 'accounts'")


if __name__ == "__main__":
    main(sys.argv[1:])
