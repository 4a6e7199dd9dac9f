"""Reissuing a one-time passphrase, for a learner who lost theirs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from pathway.accounts import Account, AccountError
from pathway.auth import reissue_one_time_passphrase, sign_in
from pathway.store import Store
from pathway.throttle import SignInThrottle

OLD = "correct horse battery"


@pytest.fixture
def maria(add_account_with_passphrase: Callable[[str, str], Account]) -> Account:
    """A learner who chose her own passphrase."""
    return add_account_with_passphrase("maria", OLD)


def test_a_reissued_passphrase_signs_in_and_must_then_be_replaced(
    store: Store, maria: Account
) -> None:
    now = datetime.now(UTC)
    passphrase = reissue_one_time_passphrase(store, "maria", now)
    account = sign_in(store, "maria", passphrase, SignInThrottle())
    assert account.must_change_passphrase
    assert account.passphrase_expires_at == now + timedelta(days=14)


def test_the_old_passphrase_stops_working_once_a_new_one_is_issued(
    store: Store, maria: Account
) -> None:
    reissue_one_time_passphrase(store, "maria", datetime.now(UTC))
    with pytest.raises(AccountError):
        sign_in(store, "maria", OLD, SignInThrottle())


def test_reissuing_ends_every_sign_in_of_the_account(store: Store, maria: Account) -> None:
    redeemed = store.sessions.redeem(store.sessions.begin_sign_in(maria, keep=True))
    assert redeemed is not None
    token = redeemed[0]
    reissue_one_time_passphrase(store, "maria", datetime.now(UTC))
    assert store.sessions.check(token) is None


def test_reissuing_for_an_unknown_username_changes_nothing(store: Store, maria: Account) -> None:
    with pytest.raises(KeyError):
        reissue_one_time_passphrase(store, "nobody", datetime.now(UTC))
    assert store.list_accounts() == [maria]
