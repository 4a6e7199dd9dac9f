"""What checking the sign-in cookie costs each run: `python -m bench.session_bench`.

Every run of the app in a browser hashes the cookie's token, looks it up in its account's
sessions file and re-reads the account (`pathway.sessions.signed_in_account`). Timed on a real
store in a temporary folder with 10 sign-ins in that file (a learner's phones and laptops, the
real case: each account has its own file) and with 1,000 and 10,000 (what one file for the
whole server would hold): the plain check (a read), and the check that also records the last
use (a write, at most once per `TOUCH_INTERVAL`).
"""

from __future__ import annotations

import argparse
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path

from bench.report import print_figures, time_calls
from pathway.accounts import Account
from pathway.data_file import DataFile
from pathway.sessions import (
    KEPT_IDLE,
    TOUCH_INTERVAL,
    SessionTokens,
    SignIn,
    signed_in_account,
    token_hash,
)
from pathway.store import Store

DEFAULT_SIGN_INS = (10, 1_000, 10_000)
CHECKS = 200
TOUCHES = 30


class _Clock:
    """A clock a bench moves forward, to make every check a touching one."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


def main(argv: list[str] | None = None) -> None:
    """Measure the token check per run for each number of stored sign-ins and print it."""
    parser = argparse.ArgumentParser(prog="python -m bench.session_bench", description=__doc__)
    parser.add_argument("--sign-ins", type=int, nargs="+", default=list(DEFAULT_SIGN_INS))
    args = parser.parse_args(argv)
    figures = []
    for count in args.sign_ins:
        with tempfile.TemporaryDirectory() as folder:
            figures += _measure(Path(folder), count)
    print_figures(figures)


def _measure(folder: Path, count: int) -> list[dict]:
    clock = _Clock()
    account = Account(
        user_id=uuid.uuid4().hex,
        username="maria",
        display_name="Maria",
        passphrase_hash="placeholder, not a real hash",
        created_at=clock.now,
    )
    store = Store(folder)
    store.sessions = SessionTokens(folder / "sessions", max_days=30, clock=clock)
    _fill(store.sessions.path(account.user_id), account, count - 1, clock.now)
    try:
        store.add_account(account)
        redeemed = store.sessions.redeem(store.sessions.begin_sign_in(account, keep=True))
        assert redeemed is not None
        token = redeemed[0]

        def check() -> None:
            assert signed_in_account(store, token) is not None

        def check_and_touch() -> None:
            clock.now += TOUCH_INTERVAL
            check()

        return [
            {"figure": "token check per run", "sign_ins": count, **time_calls(check, CHECKS)},
            {
                "figure": "token check recording last use (write)",
                "sign_ins": count,
                **time_calls(check_and_touch, TOUCHES),
            },
        ]
    finally:
        store.close()


def _fill(path: Path, account: Account, count: int, now: datetime) -> None:
    """Store `count` other live sign-ins of the account's file in one write.

    10 is a learner's own phones and laptops; 1,000 and 10,000 are what one file for the
    whole server would hold, the design this replaced.
    """
    later = now + KEPT_IDLE
    documents = [
        SignIn(
            token_hash=token_hash(uuid.uuid4().hex),
            user_id=account.user_id,
            username=account.username,
            created_at=now,
            last_used_at=now,
            expires_at=later,
            keep=True,
        ).model_dump(mode="json")
        for _ in range(count)
    ]
    sessions = DataFile(path, create=True)
    sessions.change(lambda table: table("tokens").insert_multiple(documents))
    sessions.close()


if __name__ == "__main__":
    main()
