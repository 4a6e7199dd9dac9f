"""Signing up and signing in against the store, with a passphrase or an identity provider.

Every sign-in failure (unknown user, wrong or expired passphrase, an account without one)
gives the same message and costs the same one scrypt (`passphrase_matches`), so the form does
not reveal which usernames exist or what they hold. Repeated failures make the username and the
client address wait (`pathway.throttle`), checked before the passphrase is even looked at.

An identity-provider login is its issuer and subject, linked to one account; its email only
suggests which existing account to link, and linking one needs that account's passphrase once
(or the server operator's `python -m pathway link-identity`). See `account_for_identity`.
"""

from __future__ import annotations

import itertools
import re
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from pathway.accounts import (
    DISPLAY_NAME_MAX_LENGTH,
    NO_PASSPHRASE,
    PASSPHRASE_MAX_LENGTH,
    USERNAME_MAX_LENGTH,
    Account,
    AccountError,
    IdentityLink,
    check_display_name,
    check_new_account,
    check_passphrase,
    check_username_and_name,
    hash_one_time_passphrase,
    hash_passphrase,
    is_email_address,
    needs_rehash,
    normalise_username,
    one_time_passphrase,
    passphrase_matches,
)
from pathway.storage import NotSaved, Storage
from pathway.throttle import Throttle

SIGN_IN_FAILED = "That username and passphrase do not match an account."
WRONG_CURRENT_PASSPHRASE = "That is not your current passphrase. Nothing was changed."


class SignInFailed(AccountError):
    """The username and passphrase do not match an account."""

    def __init__(self) -> None:
        super().__init__(SIGN_IN_FAILED)


class SignInThrottled(AccountError):
    """Too many failed sign-ins for this username or address: it must wait before trying again."""

    def __init__(self, seconds: int) -> None:
        super().__init__(f"Too many failed sign-ins. Try again in {seconds} seconds.")
        self.seconds = seconds


class SignUpThrottled(AccountError):
    """Too many accounts were created from this address: it must wait before the next."""

    def __init__(self, seconds: int) -> None:
        super().__init__(
            f"Too many accounts were just created from your network. Try again in {seconds} "
            "seconds."
        )
        self.seconds = seconds


def sign_up(
    store: Storage,
    username: str,
    display_name: str,
    passphrase: str,
    *,
    throttle: Throttle | None = None,
    address: str | None = None,
) -> Account:
    """Create a learner account, or raise AccountError saying what to fix.

    With a throttle (the sign-up form), each attempt from `address` is counted and refused
    while that address must wait; the operator's commands pass none.
    """
    if throttle is not None:
        wait = throttle.seconds_to_wait_for_sign_up(address)
        if wait:
            raise SignUpThrottled(wait)
        throttle.record_sign_up(address)
    username = normalise_username(username)
    check_new_account(username, display_name, passphrase)
    return add_account_with_hash(store, username, display_name, hash_passphrase(passphrase))


def add_account_with_hash(
    store: Storage, username: str, display_name: str, passphrase_hash: str
) -> Account:
    """Create a learner account holding an already-made hash, or raise AccountError.

    For the operator's demo, whose learners all share one documented passphrase: it is hashed
    once, not once per learner at half a second each. The username and name are checked as at
    sign-up; the passphrase was checked when it was hashed.
    """
    username = normalise_username(username)
    check_username_and_name(username, display_name)
    account = Account(
        user_id=uuid.uuid4().hex,
        username=username,
        display_name=display_name.strip(),
        passphrase_hash=passphrase_hash,
        created_at=datetime.now(UTC),
    )
    store.add_account(account)
    return account


def sign_in(
    store: Storage,
    username: str,
    passphrase: str,
    throttle: Throttle,
    address: str | None = None,
) -> Account:
    """The account for these credentials, or SignInFailed; SignInThrottled while it must wait.

    A username or passphrase longer than any account can have is refused before it is counted
    or hashed: it cannot match, and counting it would let one request hold megabytes. A
    successful sign-in on a hash made with older parameters stores a new one.
    """
    if len(username.strip()) > USERNAME_MAX_LENGTH or len(passphrase) > PASSPHRASE_MAX_LENGTH:
        raise SignInFailed
    username = normalise_username(username)
    wait = throttle.seconds_to_wait(username, address)
    if wait:
        raise SignInThrottled(wait)
    account = store.find_account(username)
    stored_hash = account.passphrase_hash if account else NO_PASSPHRASE
    matches = passphrase_matches(passphrase, stored_hash)
    if account is None or not matches or _expired(account):
        throttle.record_failure(username, address)
        raise SignInFailed
    throttle.record_success(username)
    if needs_rehash(stored_hash):
        try:
            new_hash = hash_passphrase(passphrase)
            account = store.update_account(username, _rehashed(stored_hash, new_hash))
        except (NotSaved, KeyError):  # a full disk (or a deletion) must not fail a sign-in
            return account
    return account


def _rehashed(old_hash: str, new_hash: str) -> Callable[[Account], Account]:
    """A change swapping the stored hash for an equivalent one, only if it is still `old_hash`.

    So a passphrase changed meanwhile is kept; every other field, a one-time passphrase's
    expiry included, stays.
    """

    def swap(account: Account) -> Account:
        if account.passphrase_hash != old_hash:
            return account
        return account.model_copy(update={"passphrase_hash": new_hash})

    return swap


def _expired(account: Account) -> bool:
    expires = account.passphrase_expires_at
    return expires is not None and datetime.now(UTC) >= expires


def change_passphrase(store: Storage, account: Account, new: str, repeated: str) -> None:
    """Replace the account's passphrase (required after a roster import's one-time one)."""
    check_new_passphrase(new, repeated)
    new_hash = hash_passphrase(new)
    store.update_account(account.username, lambda stored: stored.with_chosen_passphrase(new_hash))


def check_new_passphrase(new: str, repeated: str) -> None:
    """Raise AccountError unless `new` was typed the same twice and passes the sign-up rules."""
    if new != repeated:
        raise AccountError("The two passphrases differ.")
    check_passphrase(new)


def change_own_passphrase(
    store: Storage,
    account: Account,
    current: str,
    new: str,
    repeated: str,
    throttle: Throttle,
    address: str | None = None,
) -> None:
    """Replace a passphrase its owner knows (My account), or raise AccountError saying why.

    The current passphrase is checked as at sign-in, under the same throttle: a session left
    open on a shared computer must not become a way to guess it faster, or to lock its owner
    out. The new one is checked first, so a typo costs no scrypt and no failure.
    """
    check_new_passphrase(new, repeated)
    wait = throttle.seconds_to_wait(account.username, address)
    if wait:
        raise SignInThrottled(wait)
    if len(current) > PASSPHRASE_MAX_LENGTH or not passphrase_matches(
        current, account.passphrase_hash
    ):
        throttle.record_failure(account.username, address)
        raise AccountError(WRONG_CURRENT_PASSPHRASE)
    throttle.record_success(account.username)
    change_passphrase(store, account, new, repeated)


def change_display_name(store: Storage, account: Account, display_name: str) -> None:
    """Show the account under another name everywhere, or raise AccountError saying why."""
    check_display_name(display_name)
    store.update_account(account.username, lambda stored: stored.with_display_name(display_name))


def reissue_one_time_passphrase(store: Storage, username: str, now: datetime) -> str:
    """Replace the account's passphrase with a new one-time one, returned to hand out privately.

    For a learner who lost theirs. Every sign-in of the account ends, so whoever knew the old
    passphrase is signed out; KeyError when there is no such account.
    """
    passphrase = one_time_passphrase()
    hashed = hash_one_time_passphrase(passphrase)
    account = store.update_account(
        username, lambda stored: stored.with_one_time_passphrase(hashed, now)
    )
    store.sessions.revoke_account(account.user_id)
    return passphrase


# Identity provider -----------------------------------------------------------------------


@dataclass(frozen=True)
class ProviderLogin:
    """Who the identity provider says signed in: the link, and the email when it is usable."""

    link: IdentityLink
    email: str
    """Lower-cased; "" when missing, not an address, or marked unverified by the provider."""
    name: str

    @classmethod
    def from_claims(cls, claims: Mapping[str, object]) -> ProviderLogin:
        """Read `st.user`'s claims; AccountError when the issuer or subject is missing."""
        issuer, subject = claims.get("iss"), claims.get("sub")
        if not isinstance(issuer, str) or not isinstance(subject, str) or not issuer or not subject:
            raise AccountError(
                "Your school account did not say who you are (no issuer or subject). "
                "Ask whoever runs this server to check the identity provider's settings."
            )
        email = claims.get("email")
        email = email.strip().lower() if isinstance(email, str) else ""
        verified = claims.get("email_verified", True)
        if verified not in (True, "true") or not is_email_address(email):
            email = ""
        name = claims.get("name")
        return cls(
            IdentityLink(issuer=issuer, subject=subject),
            email,
            name.strip() if isinstance(name, str) else "",
        )


def account_for_identity(store: Storage, login: ProviderLogin) -> Account | None:
    """The account of someone signed in through the identity provider; None while they choose.

    The account linked to the login, if there is one. Otherwise, when the login's usable email
    is that of an account not linked to any login yet, None: that account may be theirs, and
    only its passphrase (`link_with_passphrase`) or the operator may link it, so the sign-in
    page asks, or lets them start a new account (`new_account_for_identity`). Anything else
    (no usable email, or an email no unlinked account has) gets a new learner account: never
    an existing one.
    """
    linked = store.find_account_by_identity(login.link)
    if linked is not None:
        return linked
    if login.email and _unlinked_with_email(store, login.email):
        return None
    return new_account_for_identity(store, login)


def _unlinked_with_email(store: Storage, email: str) -> list[Account]:
    return [a for a in store.list_accounts() if a.email.lower() == email and not a.identities]


def link_with_passphrase(
    store: Storage,
    login: ProviderLogin,
    username: str,
    passphrase: str,
    throttle: Throttle,
    address: str | None = None,
) -> Account:
    """Link the login to the account these credentials sign in to (throttled like sign-in)."""
    account = sign_in(store, username, passphrase, throttle, address)
    store.link_identity(account.username, login.link)
    return store.find_account(account.username) or account


def new_account_for_identity(store: Storage, login: ProviderLogin) -> Account:
    """A new learner account linked to the login, without a passphrase.

    Its username comes from the email (or the name); if another account takes it meanwhile,
    the next free one is used, inside the same locked write. Two first sign-ins of one login
    at once end in the same account.
    """
    candidates = _username_candidates(login.email.split("@")[0] or login.name)
    first = next(candidates)
    account = Account(
        user_id=uuid.uuid4().hex,
        username=first,
        display_name=(login.name or first)[:DISPLAY_NAME_MAX_LENGTH],
        email=login.email,
        passphrase_hash=NO_PASSPHRASE,
        created_at=datetime.now(UTC),
        identities=(login.link,),
    )
    return store.add_linked_account(account, itertools.chain((first,), candidates))


def _username_candidates(source: str) -> Iterator[str]:
    """`base`, `base2`, `base3`, ... for a username made from an email's local part or a name."""
    base = re.sub(r"[^a-z0-9._-]", "", source.lower().replace(" ", ".")).lstrip("._-")[:24]
    base = base if len(base) >= 3 else "learner"
    yield base
    for number in itertools.count(2):
        yield f"{base}{number}"
