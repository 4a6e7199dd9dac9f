"""Signing up and signing in against the store.

Both failures of sign-in (unknown user, wrong passphrase) give the same message and take the
same time, so the form does not reveal which usernames exist. Repeated failures for a username
make it wait (`pathway.throttle`), checked before the passphrase is even looked at.
"""

from __future__ import annotations

import re
import secrets
import uuid
from datetime import UTC, datetime

from pathway.accounts import (
    DISPLAY_NAME_MAX_LENGTH,
    Account,
    AccountError,
    check_new_account,
    check_passphrase,
    hash_passphrase,
    normalise_username,
    passphrase_matches,
)
from pathway.store import Store
from pathway.throttle import SignInThrottle

SIGN_IN_FAILED = "That username and passphrase do not match an account."

# Checked against when the username is unknown, so that case costs one scrypt like the other.
_DECOY_HASH = hash_passphrase("decoy passphrase for unknown usernames")


class SignInFailed(AccountError):
    """The username and passphrase do not match an account."""

    def __init__(self) -> None:
        super().__init__(SIGN_IN_FAILED)


class SignInThrottled(AccountError):
    """Too many failed sign-ins for this username: it must wait before trying again."""

    def __init__(self, seconds: int) -> None:
        super().__init__(
            f"Too many failed sign-ins for this username. Try again in {seconds} seconds."
        )
        self.seconds = seconds


def sign_up(store: Store, username: str, display_name: str, passphrase: str) -> Account:
    """Create a learner account, or raise AccountError saying what to fix."""
    username = normalise_username(username)
    check_new_account(username, display_name, passphrase)
    account = Account(
        user_id=uuid.uuid4().hex,
        username=username,
        display_name=display_name.strip(),
        passphrase_hash=hash_passphrase(passphrase),
        created_at=datetime.now(UTC),
    )
    store.add_account(account)
    return account


def sign_in(store: Store, username: str, passphrase: str, throttle: SignInThrottle) -> Account:
    """The account for these credentials, or SignInFailed; SignInThrottled while it must wait."""
    username = normalise_username(username)
    wait = throttle.seconds_to_wait(username)
    if wait:
        raise SignInThrottled(wait)
    account = store.find_account(username)
    stored_hash = account.passphrase_hash if account else _DECOY_HASH
    if not passphrase_matches(passphrase, stored_hash) or account is None:
        throttle.record_failure(username)
        raise SignInFailed
    throttle.record_success(username)
    return account


def change_passphrase(store: Store, account: Account, new: str, repeated: str) -> None:
    """Replace the account's passphrase (required after a roster import's one-time one)."""
    if new != repeated:
        raise AccountError("The two passphrases differ.")
    check_passphrase(new)
    store.set_passphrase(account.username, hash_passphrase(new))


def account_for_identity(store: Store, email: str, name: str) -> Account:
    """The account of someone signed in through the identity provider, created on first visit.

    Accounts are matched by email, which the provider has verified. A new one is a learner with
    a username made from the email and an unusable random passphrase: it signs in only through
    the provider (or after an instructor-independent passphrase reset, not offered yet).
    """
    email = email.strip().lower()
    for account in store.list_accounts():
        if account.email.lower() == email:
            return account
    base = re.sub(r"[^a-z0-9._-]", "", email.split("@")[0]).lstrip("._-")[:24].ljust(3, "0")
    taken = {account.username for account in store.list_accounts()}
    username = next(
        candidate
        for candidate in (base, *(f"{base}{n}" for n in range(2, 10_000)))
        if candidate not in taken
    )
    account = Account(
        user_id=uuid.uuid4().hex,
        username=username,
        display_name=(name.strip() or username)[:DISPLAY_NAME_MAX_LENGTH],
        email=email,
        passphrase_hash=hash_passphrase(secrets.token_urlsafe(32)),
        created_at=datetime.now(UTC),
    )
    store.add_account(account)
    return account
