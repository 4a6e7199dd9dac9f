"""Specifies the sign-in throttle: five free failures, then a doubling wait, per username.

A fake clock stands in for time, so the waits are checked exactly and nothing sleeps.
"""

from __future__ import annotations

import pytest

from pathway import throttle as throttle_module
from pathway.auth import SIGN_IN_FAILED, SignInFailed, SignInThrottled, sign_in, sign_up
from pathway.store import Store
from pathway.throttle import FIRST_WAIT_SECONDS, FREE_FAILURES, LONGEST_WAIT_SECONDS, SignInThrottle

PASSPHRASE = "correct horse battery"


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    """The time the throttle sees."""
    return FakeClock()


@pytest.fixture
def throttle(clock: FakeClock) -> SignInThrottle:
    """A throttle with no failures yet."""
    return SignInThrottle(clock)


def fail(throttle: SignInThrottle, username: str, times: int) -> None:
    """Record `times` failed sign-ins for `username`."""
    for _ in range(times):
        throttle.record_failure(username)


def test_the_first_five_failures_cost_no_wait(throttle: SignInThrottle) -> None:
    fail(throttle, "maria", FREE_FAILURES)
    assert throttle.seconds_to_wait("maria") == 0


def test_the_sixth_failure_starts_a_thirty_second_wait(throttle: SignInThrottle) -> None:
    fail(throttle, "maria", FREE_FAILURES + 1)
    assert throttle.seconds_to_wait("maria") == FIRST_WAIT_SECONDS == 30


def test_each_further_failure_doubles_the_wait(throttle: SignInThrottle) -> None:
    waits = []
    for _ in range(4):
        fail(throttle, "maria", 1 if waits else FREE_FAILURES + 1)
        waits.append(throttle.seconds_to_wait("maria"))
    assert waits == [30, 60, 120, 240]


def test_the_wait_never_exceeds_a_quarter_of_an_hour(throttle: SignInThrottle) -> None:
    fail(throttle, "maria", FREE_FAILURES + 40)
    assert throttle.seconds_to_wait("maria") == LONGEST_WAIT_SECONDS == 900


def test_the_wait_runs_out_with_time(throttle: SignInThrottle, clock: FakeClock) -> None:
    fail(throttle, "maria", FREE_FAILURES + 1)
    clock.now += 29.5
    assert throttle.seconds_to_wait("maria") == 1
    clock.now += 0.5
    assert throttle.seconds_to_wait("maria") == 0


def test_a_success_forgets_the_failures(throttle: SignInThrottle) -> None:
    fail(throttle, "maria", FREE_FAILURES)
    throttle.record_success("maria")
    fail(throttle, "maria", FREE_FAILURES)
    assert throttle.seconds_to_wait("maria") == 0


def test_one_usernames_failures_do_not_slow_another(throttle: SignInThrottle) -> None:
    fail(throttle, "maria", FREE_FAILURES + 3)
    assert throttle.seconds_to_wait("james") == 0


def test_memory_holds_a_bounded_number_of_usernames(
    throttle: SignInThrottle, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(throttle_module, "TRACKED_USERNAMES", 3)
    fail(throttle, "first", FREE_FAILURES + 1)
    for username in ("second", "third", "fourth"):
        fail(throttle, username, FREE_FAILURES + 1)
    assert throttle.seconds_to_wait("first") == 0
    assert throttle.seconds_to_wait("fourth") == FIRST_WAIT_SECONDS


# Through sign_in ----------------------------------------------------------------------------


def test_sign_in_refuses_even_the_right_passphrase_while_waiting(
    store: Store, throttle: SignInThrottle
) -> None:
    sign_up(store, "maria", "Maria", PASSPHRASE)
    for _ in range(FREE_FAILURES + 1):
        with pytest.raises(SignInFailed):
            sign_in(store, "maria", "a wrong guess", throttle)
    with pytest.raises(SignInThrottled, match="Try again in 30 seconds"):
        sign_in(store, "maria", PASSPHRASE, throttle)


def test_sign_in_works_again_after_the_wait(
    store: Store, throttle: SignInThrottle, clock: FakeClock
) -> None:
    account = sign_up(store, "maria", "Maria", PASSPHRASE)
    fail(throttle, "maria", FREE_FAILURES + 1)
    clock.now += FIRST_WAIT_SECONDS
    assert sign_in(store, "maria", PASSPHRASE, throttle) == account


def test_failures_count_whatever_the_case_of_the_username(
    store: Store, throttle: SignInThrottle
) -> None:
    sign_up(store, "maria", "Maria", PASSPHRASE)
    for variant in ("Maria", "MARIA", " maria", "mAria ", "maria", "MaRiA"):
        with pytest.raises(SignInFailed):
            sign_in(store, variant, "a wrong guess", throttle)
    assert throttle.seconds_to_wait("maria") == FIRST_WAIT_SECONDS


def test_unknown_usernames_are_throttled_like_existing_ones(
    store: Store, throttle: SignInThrottle
) -> None:
    sign_up(store, "maria", "Maria", PASSPHRASE)
    messages = {}
    for username in ("maria", "nobody"):
        for _ in range(FREE_FAILURES + 1):
            with pytest.raises(SignInFailed, match=SIGN_IN_FAILED):
                sign_in(store, username, "a wrong guess", throttle)
        with pytest.raises(SignInThrottled) as raised:
            sign_in(store, username, "a wrong guess", throttle)
        messages[username] = str(raised.value)
    assert messages["maria"] == messages["nobody"]
