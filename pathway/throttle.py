"""Slowing down guessing and account floods: after a few failures, the source must wait.

Three counts, each with its own allowance: failed sign-ins per username (whether or not an
account has it, so a wait says nothing about which usernames exist), failed sign-ins per client
address (one address trying many usernames), and sign-ups per client address. Beyond the free
allowance each further one doubles the wait, up to a ceiling. A count is forgotten an hour
after its last event, when its wait is long over.

The counts live in the server process's memory, in a registry of this module
(`for_data_folder`), never in Streamlit's caches: any visitor can ask Streamlit to clear
`st.cache_resource` (a `clear_cache` message on the websocket), and a throttle held there went
with it. They are not written to the store either: every failed guess would become a durable
write with two fsyncs and would rotate the accounts file's real backups out of `.backups/`.
A restart forgets them, and each server process on a shared folder counts its own; with
PostgreSQL the counts are kept in the database instead (`pathway.pg_store.PgThrottle`), so an
attacker cannot spread guesses over several replicas.

Memory is bounded twice: by key length (usernames over their maximum length are refused before
they are counted, see `pathway.auth`) and by the number of keys. When that many keys are all
still in their hour, further keys share one overflow count instead of pushing out the oldest:
a flood of new names can never clear the wait of a name under attack.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from pathway.accounts import USERNAME_MAX_LENGTH


@dataclass(frozen=True)
class Allowance:
    """How many events a key may have for free, then how long it waits."""

    free: int
    first_wait_seconds: float
    longest_wait_seconds: float


FORGET_AFTER_SECONDS = 60 * 60.0
"""A key with no event for this long is forgotten; longer than every allowance's longest wait."""

USERNAME_FAILURES = Allowance(free=5, first_wait_seconds=30.0, longest_wait_seconds=15 * 60.0)
"""Five free failed sign-ins per username, then 30 s doubling up to a quarter of an hour."""

ADDRESS_FAILURES = Allowance(free=50, first_wait_seconds=30.0, longest_wait_seconds=15 * 60.0)
"""Failed sign-ins per client address: generous, as a school lab may share one address."""

ADDRESS_SIGN_UPS = Allowance(free=50, first_wait_seconds=30.0, longest_wait_seconds=60 * 60.0)
"""Sign-ups per client address: a whole class may sign up from one address, a script may not."""

# Kept for the names used across the app and its tests.
FREE_FAILURES = USERNAME_FAILURES.free
FIRST_WAIT_SECONDS = USERNAME_FAILURES.first_wait_seconds
LONGEST_WAIT_SECONDS = USERNAME_FAILURES.longest_wait_seconds

TRACKED_KEYS = 50_000
"""Keys held at most per count (about 200 bytes each, so about 10 MB for all three)."""

KEY_MAX_LENGTH = 64
"""Longest key counted: a username is at most 32 characters, an IPv6 address at most 45."""


def wait_after(allowance: Allowance, count: int) -> float:
    """Seconds a key must wait after its `count`-th event: 0 while free, then doubling."""
    beyond = count - allowance.free
    if beyond <= 0:
        return 0.0
    # min() before the power would overflow a float after ~1,000 doublings.
    doublings = min(beyond - 1, 64)
    return min(allowance.first_wait_seconds * 2**doublings, allowance.longest_wait_seconds)


class Throttle(Protocol):
    """The sign-in and sign-up counts as the app asks them, wherever they are kept.

    `SignInThrottle` counts in this process's memory; `pathway.pg_store.PgThrottle` in the
    database, shared by every replica. Both follow `wait_after` and `FORGET_AFTER_SECONDS`.
    """

    def seconds_to_wait(self, username: str, address: str | None = None) -> int:
        """Whole seconds before this username (from this address) may try again; 0 for now."""

    def record_failure(self, username: str, address: str | None = None) -> None:
        """Count one more failed sign-in for the username and the address."""

    def record_success(self, username: str) -> None:
        """Forget the failures of a username that has just signed in (not its address's)."""

    def seconds_to_wait_for_sign_up(self, address: str | None) -> int:
        """Whole seconds before this address may create another account; 0 for now."""

    def record_sign_up(self, address: str | None) -> None:
        """Count one more attempt to create an account from this address."""


@dataclass
class _Events:
    count: int
    locked_until: float
    last_event: float


class _Count:
    """Events per key under one allowance, in the order of their last event."""

    def __init__(self, allowance: Allowance, clock: Callable[[], float]) -> None:
        self._allowance = allowance
        self._clock = clock
        self._keys: OrderedDict[str, _Events] = OrderedDict()
        self._overflow: _Events | None = None

    def seconds_to_wait(self, key: str) -> int:
        now = self._clock()
        self._forget_idle(now)
        events = self._keys.get(key)
        if events is None and len(self._keys) >= TRACKED_KEYS:
            events = self._overflow
        return 0 if events is None else max(0, math.ceil(events.locked_until - now))

    def record(self, key: str) -> None:
        if len(key) > KEY_MAX_LENGTH:
            raise ValueError(f"throttle keys are at most {KEY_MAX_LENGTH} characters")
        now = self._clock()
        self._forget_idle(now)
        events = self._keys.pop(key, None)
        if events is None and len(self._keys) >= TRACKED_KEYS:
            self._overflow = self._counted(self._overflow, now)
            return
        self._keys[key] = self._counted(events, now)

    def forget(self, key: str) -> None:
        self._keys.pop(key, None)

    def _counted(self, events: _Events | None, now: float) -> _Events:
        events = events or _Events(0, 0.0, now)
        events.count += 1
        events.last_event = now
        wait = wait_after(self._allowance, events.count)
        if wait:
            events.locked_until = now + wait
        return events

    def _forget_idle(self, now: float) -> None:
        """Drop keys whose last event is over an hour old (oldest first, so this is cheap)."""
        while self._keys:
            oldest = next(iter(self._keys.values()))
            if now - oldest.last_event < FORGET_AFTER_SECONDS:
                break
            self._keys.popitem(last=False)
        if self._overflow is not None and now - self._overflow.last_event >= FORGET_AFTER_SECONDS:
            self._overflow = None


class SignInThrottle:
    """The three counts of one data folder; safe to share across sessions (threads).

    `address` is the client's address as Streamlit reports it (`st.context.ip_address`), None
    when unknown: Streamlit reports a connection from this machine (a browser on it, or a
    reverse proxy in front of it) as None, and counting all of those as one client would make
    every user behind the proxy wait for one attacker. Then only the username counts.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._lock = threading.Lock()
        self._usernames = _Count(USERNAME_FAILURES, clock)
        self._addresses = _Count(ADDRESS_FAILURES, clock)
        self._sign_ups = _Count(ADDRESS_SIGN_UPS, clock)

    def seconds_to_wait(self, username: str, address: str | None = None) -> int:
        """Whole seconds before this username (from this address) may try again; 0 for now."""
        with self._lock:
            waits = [self._usernames.seconds_to_wait(username)]
            if address is not None:
                waits.append(self._addresses.seconds_to_wait(address))
            return max(waits)

    def record_failure(self, username: str, address: str | None = None) -> None:
        """Count one more failed sign-in for the username and the address."""
        if len(username) > USERNAME_MAX_LENGTH:
            raise ValueError("usernames over the maximum length are refused before counting")
        with self._lock:
            self._usernames.record(username)
            if address is not None:
                self._addresses.record(address)

    def record_success(self, username: str) -> None:
        """Forget the failures of a username that has just signed in (not its address's)."""
        with self._lock:
            self._usernames.forget(username)

    def seconds_to_wait_for_sign_up(self, address: str | None) -> int:
        """Whole seconds before this address may create another account; 0 for now."""
        if address is None:
            return 0
        with self._lock:
            return self._sign_ups.seconds_to_wait(address)

    def record_sign_up(self, address: str | None) -> None:
        """Count one more attempt to create an account from this address."""
        if address is None:
            return
        with self._lock:
            self._sign_ups.record(address)


_THROTTLES: dict[Path, SignInThrottle] = {}
_THROTTLES_LOCK = threading.Lock()


def for_data_folder(data_dir: Path) -> SignInThrottle:
    """The one throttle of this process for the accounts in `data_dir`, made on first use."""
    with _THROTTLES_LOCK:
        return _THROTTLES.setdefault(data_dir.resolve(), SignInThrottle())
