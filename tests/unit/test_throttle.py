"""Specifies the sign-in throttle: five free failures, then a doubling wait, per username.

The same per client address and for sign-ups, bounded in memory without forgetting a wait.

A fake clock stands in for time, so the waits are checked exactly and nothing sleeps. The tests
marked `on_every_backend` also run over the counts PostgreSQL keeps for several replicas.
"""

from __future__ import annotations

import pytest

from pathway import throttle as throttle_module
from pathway.auth import (
    SIGN_IN_FAILED,
    SignInFailed,
    SignInThrottled,
    SignUpThrottled,
    sign_in,
    sign_up,
)
from pathway.pg_store import PgThrottle
from pathway.store import Store
from pathway.throttle import (
    ADDRESS_FAILURES,
    ADDRESS_SIGN_UPS,
    FIRST_WAIT_SECONDS,
    FORGET_AFTER_SECONDS,
    FREE_FAILURES,
    LONGEST_WAIT_SECONDS,
    SignInThrottle,
    for_data_folder,
)
from tests.storage import on_every_backend

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
def throttle(clock: FakeClock, backend: str, request: pytest.FixtureRequest) -> SignInThrottle:
    """A throttle with no failures yet: in memory, or in the test store's PostgreSQL tables."""
    if backend == "folder":
        return SignInThrottle(clock)
    return PgThrottle(request.getfixturevalue("store").database, clock)


def fail(throttle: SignInThrottle, username: str, times: int) -> None:
    """Record `times` failed sign-ins for `username`."""
    for _ in range(times):
        throttle.record_failure(username)


@on_every_backend
def test_the_first_five_failures_cost_no_wait(throttle: SignInThrottle) -> None:
    fail(throttle, "maria", FREE_FAILURES)
    assert throttle.seconds_to_wait("maria") == 0


@on_every_backend
def test_the_sixth_failure_starts_a_thirty_second_wait(throttle: SignInThrottle) -> None:
    fail(throttle, "maria", FREE_FAILURES + 1)
    assert throttle.seconds_to_wait("maria") == FIRST_WAIT_SECONDS == 30


@on_every_backend
def test_each_further_failure_doubles_the_wait(throttle: SignInThrottle) -> None:
    waits = []
    for _ in range(4):
        fail(throttle, "maria", 1 if waits else FREE_FAILURES + 1)
        waits.append(throttle.seconds_to_wait("maria"))
    assert waits == [30, 60, 120, 240]


@on_every_backend
def test_the_wait_never_exceeds_a_quarter_of_an_hour(throttle: SignInThrottle) -> None:
    fail(throttle, "maria", FREE_FAILURES + 40)
    assert throttle.seconds_to_wait("maria") == LONGEST_WAIT_SECONDS == 900


@on_every_backend
def test_the_wait_runs_out_with_time(throttle: SignInThrottle, clock: FakeClock) -> None:
    fail(throttle, "maria", FREE_FAILURES + 1)
    clock.now += 29.5
    assert throttle.seconds_to_wait("maria") == 1
    clock.now += 0.5
    assert throttle.seconds_to_wait("maria") == 0


@on_every_backend
def test_a_success_forgets_the_failures(throttle: SignInThrottle) -> None:
    fail(throttle, "maria", FREE_FAILURES)
    throttle.record_success("maria")
    fail(throttle, "maria", FREE_FAILURES)
    assert throttle.seconds_to_wait("maria") == 0


@on_every_backend
def test_one_usernames_failures_do_not_slow_another(throttle: SignInThrottle) -> None:
    fail(throttle, "maria", FREE_FAILURES + 3)
    assert throttle.seconds_to_wait("james") == 0


def test_a_full_table_never_clears_the_wait_of_a_name_under_attack(
    throttle: SignInThrottle, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(throttle_module, "TRACKED_KEYS", 3)
    fail(throttle, "victim", FREE_FAILURES + 5)
    for username in ("second", "third", "fourth", "fifth", "sixth"):
        fail(throttle, username, 1)
    assert throttle.seconds_to_wait("victim") == 16 * FIRST_WAIT_SECONDS == 480


def test_names_beyond_a_full_table_share_one_count(
    throttle: SignInThrottle, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(throttle_module, "TRACKED_KEYS", 2)
    fail(throttle, "first", 1)
    fail(throttle, "second", 1)
    for n in range(FREE_FAILURES + 1):
        fail(throttle, f"flood{n}", 1)
    assert throttle.seconds_to_wait("flood0") == FIRST_WAIT_SECONDS
    assert throttle.seconds_to_wait("never.seen") == FIRST_WAIT_SECONDS
    assert throttle.seconds_to_wait("first") == 0


def test_a_name_idle_for_an_hour_is_forgotten_and_frees_its_place(
    throttle: SignInThrottle, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(throttle_module, "TRACKED_KEYS", 1)
    fail(throttle, "old", FREE_FAILURES + 1)
    clock.now += FORGET_AFTER_SECONDS
    fail(throttle, "new", FREE_FAILURES + 1)
    assert throttle.seconds_to_wait("old") == 0
    assert throttle.seconds_to_wait("new") == FIRST_WAIT_SECONDS


@on_every_backend
def test_over_long_usernames_are_refused_before_they_are_counted(
    throttle: SignInThrottle,
) -> None:
    with pytest.raises(ValueError, match="maximum length"):
        throttle.record_failure("m" * 33)


@on_every_backend
def test_one_address_trying_many_usernames_must_wait(throttle: SignInThrottle) -> None:
    for n in range(ADDRESS_FAILURES.free + 1):
        throttle.record_failure(f"user{n}", "203.0.113.9")
    assert throttle.seconds_to_wait("someone.else", "203.0.113.9") == FIRST_WAIT_SECONDS
    assert throttle.seconds_to_wait("someone.else", "198.51.100.4") == 0


@on_every_backend
def test_an_unknown_address_is_not_counted_as_one_shared_client(
    throttle: SignInThrottle,
) -> None:
    for n in range(ADDRESS_FAILURES.free + 1):
        throttle.record_failure(f"user{n}", None)
    assert throttle.seconds_to_wait("someone.else", None) == 0


@on_every_backend
def test_a_success_does_not_clear_the_address_count(throttle: SignInThrottle) -> None:
    for n in range(ADDRESS_FAILURES.free + 1):
        throttle.record_failure(f"user{n}", "203.0.113.9")
    throttle.record_success("user0")
    assert throttle.seconds_to_wait("user0", "203.0.113.9") == FIRST_WAIT_SECONDS


@on_every_backend
def test_sign_ups_from_one_address_beyond_the_allowance_must_wait(
    throttle: SignInThrottle,
) -> None:
    for _ in range(ADDRESS_SIGN_UPS.free + 1):
        throttle.record_sign_up("203.0.113.9")
    assert throttle.seconds_to_wait_for_sign_up("203.0.113.9") == FIRST_WAIT_SECONDS
    assert throttle.seconds_to_wait_for_sign_up("198.51.100.4") == 0


def test_one_throttle_per_data_folder_for_the_whole_process(tmp_path) -> None:
    first = for_data_folder(tmp_path / "data")
    assert for_data_folder(tmp_path / "data" / ".." / "data") is first
    assert for_data_folder(tmp_path / "other") is not first


# Through sign_in ----------------------------------------------------------------------------


@on_every_backend
def test_sign_in_refuses_even_the_right_passphrase_while_waiting(
    store: Store, throttle: SignInThrottle, add_account_with_passphrase
) -> None:
    add_account_with_passphrase("maria", PASSPHRASE)
    for _ in range(FREE_FAILURES + 1):
        with pytest.raises(SignInFailed):
            sign_in(store, "maria", "a wrong guess", throttle)
    with pytest.raises(SignInThrottled, match="Try again in 30 seconds"):
        sign_in(store, "maria", PASSPHRASE, throttle)


@on_every_backend
def test_sign_in_works_again_after_the_wait(
    store: Store, throttle: SignInThrottle, clock: FakeClock, add_account_with_passphrase
) -> None:
    account = add_account_with_passphrase("maria", PASSPHRASE)
    fail(throttle, "maria", FREE_FAILURES + 1)
    clock.now += FIRST_WAIT_SECONDS
    assert sign_in(store, "maria", PASSPHRASE, throttle) == account


@on_every_backend
def test_failures_count_whatever_the_case_of_the_username(
    store: Store, throttle: SignInThrottle, add_account_with_passphrase
) -> None:
    add_account_with_passphrase("maria", PASSPHRASE)
    for variant in ("Maria", "MARIA", " maria", "mAria ", "maria", "MaRiA"):
        with pytest.raises(SignInFailed):
            sign_in(store, variant, "a wrong guess", throttle)
    assert throttle.seconds_to_wait("maria") == FIRST_WAIT_SECONDS


@on_every_backend
def test_unknown_usernames_are_throttled_like_existing_ones(
    store: Store, throttle: SignInThrottle, add_account_with_passphrase
) -> None:
    add_account_with_passphrase("maria", PASSPHRASE)
    messages = {}
    for username in ("maria", "nobody"):
        for _ in range(FREE_FAILURES + 1):
            with pytest.raises(SignInFailed, match=SIGN_IN_FAILED):
                sign_in(store, username, "a wrong guess", throttle)
        with pytest.raises(SignInThrottled) as raised:
            sign_in(store, username, "a wrong guess", throttle)
        messages[username] = str(raised.value)
    assert messages["maria"] == messages["nobody"]


@on_every_backend
def test_sign_in_with_a_megabyte_username_is_refused_and_not_counted(
    store: Store, throttle: SignInThrottle
) -> None:
    huge = "m" * 1_000_000
    for _ in range(FREE_FAILURES + 1):  # counting it would raise ValueError: keys are bounded
        with pytest.raises(SignInFailed):
            sign_in(store, huge, "a wrong guess", throttle)
    assert throttle.seconds_to_wait(huge) == 0


@on_every_backend
def test_sign_up_is_refused_while_its_address_must_wait(
    store: Store, throttle: SignInThrottle
) -> None:
    for _ in range(ADDRESS_SIGN_UPS.free + 1):
        throttle.record_sign_up("203.0.113.9")
    with pytest.raises(SignUpThrottled, match="Try again in 30 seconds"):
        sign_up(store, "maria", "Maria", PASSPHRASE, throttle=throttle, address="203.0.113.9")
    assert store.list_accounts() == []
