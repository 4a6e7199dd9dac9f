"""Every passphrase check costs one scrypt at today's parameters, whatever the account holds.

A spy on `hashlib.scrypt` (`scrypt_calls`, tests/unit/conftest.py) records the parameters of
each call (the real function still runs), so the equal cost is checked by counting work, not
by a clock. One-time passphrases from a roster are stored as a fast HMAC, and checking one
still costs the same one scrypt.
"""

from __future__ import annotations

import base64
import errno
import hashlib
import os
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from pathway import atomic_file
from pathway.accounts import (
    NO_PASSPHRASE,
    SCRYPT_N,
    SCRYPT_P,
    SCRYPT_R,
    Account,
    hash_one_time_passphrase,
    passphrase_matches,
)
from pathway.auth import SIGN_IN_FAILED, SignInFailed, change_passphrase, sign_in
from pathway.store import Store
from pathway.throttle import SignInThrottle

PASSPHRASE = "correct horse battery"
TODAY = (SCRYPT_N, SCRYPT_R, SCRYPT_P)


def old_hash(passphrase: str, n: int) -> str:
    """A hash as earlier versions made it (N=2**14, or 2**10 for one-time passphrases)."""
    salt = os.urandom(16)
    digest = hashlib.scrypt(passphrase.encode(), salt=salt, n=n, r=8, p=1, dklen=32)
    encoded = [base64.b64encode(part).decode() for part in (salt, digest)]
    return "$".join(["scrypt", str(n), "8", "1", *encoded])


@pytest.fixture
def add_account(store: Store) -> Callable[..., Account]:
    """Store an account with the given hash and fields."""

    def add(username: str, passphrase_hash: str, **fields: object) -> Account:
        account = Account(
            user_id=uuid.uuid4().hex,
            username=username,
            display_name=username.title(),
            passphrase_hash=passphrase_hash,
            created_at=datetime.now(UTC),
            **fields,
        )
        store.add_account(account)
        return account

    return add


def one_time_fields(days: int) -> dict[str, object]:
    """The fields a roster import sets: change required, expiring `days` from now."""
    expires = datetime.now(UTC) + timedelta(days=days)
    return {"must_change_passphrase": True, "passphrase_expires_at": expires}


def test_every_kind_of_failed_sign_in_costs_one_scrypt_at_todays_parameters(
    store: Store, add_account: Callable[..., Account], scrypt_calls: list, passphrase_hash
) -> None:
    add_account("chosen", passphrase_hash(PASSPHRASE))
    add_account("onetime", hash_one_time_passphrase(PASSPHRASE), **one_time_fields(days=14))
    add_account("expired", hash_one_time_passphrase(PASSPHRASE), **one_time_fields(days=-1))
    add_account("provider", NO_PASSPHRASE)
    add_account("damaged", "scrypt$not a hash")
    add_account("damaged-onetime", "otp-sha256$not a hash")
    scrypt_calls.clear()
    kinds = ("chosen", "onetime", "expired", "provider", "damaged", "damaged-onetime", "nobody")
    for username in kinds:
        with pytest.raises(SignInFailed):
            sign_in(store, username, "a wrong guess", SignInThrottle())
        assert scrypt_calls == [TODAY], username
        scrypt_calls.clear()


def test_a_one_time_passphrase_signs_in_at_the_cost_of_one_scrypt_at_todays_parameters(
    store: Store, add_account: Callable[..., Account], scrypt_calls: list
) -> None:
    maria = add_account("maria", hash_one_time_passphrase(PASSPHRASE), **one_time_fields(14))
    assert sign_in(store, "maria", PASSPHRASE, SignInThrottle()) == maria
    assert scrypt_calls == [TODAY]


def test_a_chosen_passphrase_signs_in_at_the_cost_of_one_scrypt_at_todays_parameters(
    store: Store, add_account: Callable[..., Account], scrypt_calls: list, passphrase_hash
) -> None:
    maria = add_account("maria", passphrase_hash(PASSPHRASE))
    scrypt_calls.clear()
    assert sign_in(store, "maria", PASSPHRASE, SignInThrottle()) == maria
    assert scrypt_calls == [TODAY]


def test_an_older_cheaper_hash_is_checked_at_no_less_than_todays_cost(
    scrypt_calls: list,
) -> None:
    legacy = old_hash(PASSPHRASE, 2**10)
    scrypt_calls.clear()
    assert not passphrase_matches("a wrong guess", legacy)
    assert TODAY in scrypt_calls


@pytest.mark.parametrize(
    ("n", "r", "p"), [(2**30, 8, 1), (2**18, 8, 1), (2**17, 4096, 1), (2**14, 8, 10**6), (3, 8, 1)]
)
def test_a_stored_hash_asking_for_more_work_is_refused_without_running_it(
    scrypt_calls: list, n: int, r: int, p: int
) -> None:
    salt, digest = (base64.b64encode(bytes(size)).decode() for size in (16, 32))
    assert not passphrase_matches(PASSPHRASE, f"scrypt${n}${r}${p}${salt}${digest}")
    assert scrypt_calls == [TODAY]


def test_sign_in_on_an_older_hash_stores_one_at_todays_parameters(
    store: Store, add_account: Callable[..., Account]
) -> None:
    add_account("maria", old_hash(PASSPHRASE, 2**14))
    sign_in(store, "maria", PASSPHRASE, SignInThrottle())
    stored = store.find_account("maria")
    assert stored is not None
    assert stored.passphrase_hash.split("$")[1:4] == ["131072", "8", "1"]
    assert passphrase_matches(PASSPHRASE, stored.passphrase_hash)


def test_a_rehash_the_disk_refuses_still_signs_in(
    store: Store, add_account: Callable[..., Account], monkeypatch: pytest.MonkeyPatch
) -> None:
    legacy = old_hash(PASSPHRASE, 2**14)
    maria = add_account("maria", legacy)

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic_file, "open", refuse, raising=False)
    assert sign_in(store, "maria", PASSPHRASE, SignInThrottle()) == maria
    monkeypatch.undo()
    stored = store.find_account("maria")
    assert stored is not None
    assert stored.passphrase_hash == legacy


def test_rehashing_a_one_time_passphrase_keeps_it_one_time_and_expiring(
    store: Store, add_account: Callable[..., Account]
) -> None:
    expires = datetime.now(UTC) + timedelta(days=3)
    add_account(
        "maria",
        old_hash(PASSPHRASE, 2**10),
        must_change_passphrase=True,
        passphrase_expires_at=expires,
    )
    signed_in = sign_in(store, "maria", PASSPHRASE, SignInThrottle())
    assert signed_in.must_change_passphrase
    assert signed_in.passphrase_expires_at == expires
    assert signed_in.passphrase_hash.split("$")[1] == str(SCRYPT_N)


def test_an_expired_one_time_passphrase_fails_like_a_wrong_one(
    store: Store, add_account: Callable[..., Account], scrypt_calls: list
) -> None:
    add_account(
        "maria",
        hash_one_time_passphrase(PASSPHRASE),
        must_change_passphrase=True,
        passphrase_expires_at=datetime.now(UTC) - timedelta(seconds=1),
    )
    with pytest.raises(SignInFailed) as raised:
        sign_in(store, "maria", PASSPHRASE, SignInThrottle())
    assert str(raised.value) == SIGN_IN_FAILED
    assert scrypt_calls == [TODAY]


def test_signing_in_with_a_one_time_passphrase_never_rehashes_it_into_a_chosen_one(
    store: Store, add_account: Callable[..., Account]
) -> None:
    one_time = hash_one_time_passphrase(PASSPHRASE)
    fields = one_time_fields(days=3)
    add_account("maria", one_time, **fields)
    signed_in = sign_in(store, "maria", PASSPHRASE, SignInThrottle())
    stored = store.find_account("maria")
    assert stored is not None
    assert signed_in == stored
    assert stored.passphrase_hash == one_time
    assert stored.must_change_passphrase
    assert stored.passphrase_expires_at == fields["passphrase_expires_at"]


def test_the_passphrase_chosen_after_a_one_time_one_is_a_full_cost_scrypt_hash(
    store: Store, add_account: Callable[..., Account]
) -> None:
    maria = add_account("maria", hash_one_time_passphrase(PASSPHRASE), **one_time_fields(3))
    change_passphrase(store, maria, "my own long passphrase", "my own long passphrase")
    stored = store.find_account("maria")
    assert stored is not None
    assert stored.passphrase_hash.split("$")[:4] == ["scrypt", str(SCRYPT_N), "8", "1"]
    assert not stored.must_change_passphrase
    assert stored.passphrase_expires_at is None
    assert passphrase_matches("my own long passphrase", stored.passphrase_hash)
    assert not passphrase_matches(PASSPHRASE, stored.passphrase_hash)
