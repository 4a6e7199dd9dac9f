"""Slowing down passphrase guessing: after a few failed sign-ins, a username must wait.

Each further failure doubles the wait, up to a quarter of an hour. Counted per username
(normalised), whether or not an account has it, so a wait says nothing about which usernames
exist. The counts live in the server process's memory: a restart forgets them, and each server
process on a shared data folder counts its own.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

FREE_FAILURES = 5
"""Failed sign-ins a username may have before it has to wait."""

FIRST_WAIT_SECONDS = 30.0
"""The wait after the first failure beyond the free ones; it doubles with each further failure."""

LONGEST_WAIT_SECONDS = 15 * 60.0

TRACKED_USERNAMES = 10_000
"""Usernames remembered at most; the least recently failed are forgotten first, bounding memory."""


@dataclass
class _Failures:
    count: int
    locked_until: float


class SignInThrottle:
    """Failed sign-ins per username and how long each must wait; safe to share across sessions."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._failures: OrderedDict[str, _Failures] = OrderedDict()
        self._lock = threading.Lock()

    def seconds_to_wait(self, username: str) -> int:
        """Whole seconds before `username` may try again; 0 when it may try now."""
        with self._lock:
            failures = self._failures.get(username)
            if failures is None:
                return 0
            return max(0, math.ceil(failures.locked_until - self._clock()))

    def record_failure(self, username: str) -> None:
        """Count one more failed sign-in; beyond the free ones, start or lengthen the wait."""
        with self._lock:
            failures = self._failures.pop(username, None) or _Failures(0, 0.0)
            failures.count += 1
            beyond = failures.count - FREE_FAILURES
            if beyond > 0:
                wait = min(FIRST_WAIT_SECONDS * 2 ** (beyond - 1), LONGEST_WAIT_SECONDS)
                failures.locked_until = self._clock() + wait
            self._failures[username] = failures
            while len(self._failures) > TRACKED_USERNAMES:
                self._failures.popitem(last=False)

    def record_success(self, username: str) -> None:
        """Forget the failures of a username that has just signed in."""
        with self._lock:
            self._failures.pop(username, None)
