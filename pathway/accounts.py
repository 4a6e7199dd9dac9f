"""Accounts: who may sign in, and how their passphrase is kept (only as a salted hash).

A passphrase a person chose is kept as a slow scrypt hash (`hash_passphrase`): people choose
guessable ones, and only the cost of each guess protects them if the file leaks. A one-time
passphrase from a roster import is 16 random characters (about 93 bits), which no amount of
guessing finds, so it is kept as a fast salted HMAC-SHA-256 (`hash_one_time_passphrase`) and an
import of 10,000 rows takes seconds, not hours. Checking either kind still costs exactly one
scrypt at today's parameters (`passphrase_matches`), so sign-in time says nothing about the
account.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import os
import re
import secrets
import threading
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from pathway.i18n import Language

PASSPHRASE_MIN_LENGTH = 8
PASSPHRASE_MAX_LENGTH = 1_024
DISPLAY_NAME_MAX_LENGTH = 60
USERNAME_MAX_LENGTH = 32
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{2,31}$")
EMAIL_MAX_LENGTH = 254
# One @ between a local part and a dotted domain, no spaces: refuses "@", "a@" and "a@b".
_EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")

ONE_TIME_PASSPHRASE_LIFETIME = timedelta(days=14)
"""How long a one-time passphrase from a roster import can be used before it expires."""

# Letters and digits without look-alikes (0/O/o, 1/l/I): nothing a spreadsheet reads as the
# start of a formula (see pathway.csv_export), nothing hard to copy from paper. 16 of the 56
# give about 93 bits of randomness.
ONE_TIME_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz"
ONE_TIME_LENGTH = 16

# scrypt at N=2**17, r=8, p=1 (OWASP's recommendation) costs 128 MiB and about half a second
# here per attempt: once per sign-in, ruinous for guessing. The parameters are stored with each
# hash, so older hashes keep working and are redone at the next sign-in (`needs_rehash`).
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1
# What a stored hash may ask for: a hash edited to N=2**30 would take 128 GiB and hours.
# N from 2**10 (the one-time passphrases of earlier versions) up to the current cost.
_SCRYPT_N_RANGE = range(10, 18)
_SCRYPT_MAXMEM = 2 * 128 * SCRYPT_R * SCRYPT_N  # OpenSSL needs a little more than 128*r*N
# At most one scrypt per core at a time: 128 MiB each, so a burst of sign-ins cannot take the
# server's memory; the others queue for a few hundred milliseconds.
_HASHING_SLOTS = threading.BoundedSemaphore(os.cpu_count() or 1)
_DECOY_SALT = bytes(16)
ONE_TIME_SCHEME = "otp-sha256"
"""A one-time hash is `otp-sha256$<salt, base64>$<HMAC-SHA-256 keyed by the salt, hex>`."""

NO_PASSPHRASE = ""
"""The stored hash of an account that has no passphrase (made through the identity provider)."""

_COMMON_PASSPHRASES_FILE = Path(__file__).with_name("common_passphrases.txt")


class AccountError(ValueError):
    """Sign-up or sign-in input that cannot be accepted; the message is shown to the user."""


class UsernameTaken(AccountError):
    """Another account already uses this username."""

    def __init__(self, username: str) -> None:
        super().__init__(f"The username '{username}' is already taken. Choose another one.")


Role = Literal["learner", "instructor"]
"""Learners track their own progress; instructors also own classes and see their learners."""


class IdentityLink(BaseModel):
    """A person at an identity provider: its issuer (`iss`) and their subject there (`sub`).

    The pair is what OpenID Connect promises never to reassign, unlike an email address.
    """

    model_config = ConfigDict(frozen=True)

    issuer: str = Field(min_length=1, max_length=1_000)
    subject: str = Field(min_length=1, max_length=1_000)


class Account(BaseModel):
    """A person who can sign in. `user_id` names their data file and never changes."""

    model_config = ConfigDict(frozen=True)

    user_id: str = Field(pattern=r"^[0-9a-f]{32}$")
    username: str
    display_name: str
    passphrase_hash: str
    created_at: datetime
    role: Role = "learner"
    email: str = ""
    must_change_passphrase: bool = False
    passphrase_expires_at: datetime | None = None
    """When a one-time passphrase stops working; None for a passphrase the person chose."""
    identities: tuple[IdentityLink, ...] = ()
    """Identity-provider logins that sign in as this account."""
    language: Language | None = None
    """The language the person chose for the app; None (as in files from before the choice
    existed) follows the browser's preference (pathway/i18n.py)."""

    def with_language(self, language: Language) -> Account:
        """The account with its owner's language choice (`Storage.update_account` stores it)."""
        return self.model_copy(update={"language": language})

    def with_role(self, role: Role) -> Account:
        """The account made a learner or an instructor (`Storage.update_account` stores it)."""
        return self.model_copy(update={"role": role})

    def with_chosen_passphrase(self, passphrase_hash: str) -> Account:
        """The account with a passphrase its owner chose: nothing to change, no expiry."""
        return self.model_copy(
            update={
                "passphrase_hash": passphrase_hash,
                "must_change_passphrase": False,
                "passphrase_expires_at": None,
            }
        )

    def with_display_name(self, display_name: str) -> Account:
        """The account shown under another name (checked by `check_display_name` first)."""
        return self.model_copy(update={"display_name": display_name.strip()})

    def with_one_time_passphrase(self, passphrase_hash: str, now: datetime) -> Account:
        """The account with a one-time passphrase, to replace at first use within 14 days."""
        return self.model_copy(
            update={
                "passphrase_hash": passphrase_hash,
                "must_change_passphrase": True,
                "passphrase_expires_at": now + ONE_TIME_PASSPHRASE_LIFETIME,
            }
        )

    @property
    def has_passphrase(self) -> bool:
        """Whether a passphrase (chosen or one-time) can sign in to this account."""
        return self.passphrase_hash != NO_PASSPHRASE


def normalise_username(username: str) -> str:
    """Usernames are case-insensitive: `Maria.G` and `maria.g` are one account."""
    return username.strip().lower()


def check_new_account(username: str, display_name: str, passphrase: str) -> None:
    """Raise AccountError naming the first field that is not acceptable."""
    check_username_and_name(username, display_name)
    check_passphrase(passphrase)


def check_username_and_name(username: str, display_name: str) -> None:
    """Raise AccountError if the username or the display name is not acceptable."""
    if not USERNAME_PATTERN.match(username):
        raise AccountError(
            "Usernames are 3 to 32 characters: letters, digits, dots, dashes or underscores, "
            "starting with a letter or digit."
        )
    check_display_name(display_name)


def check_display_name(display_name: str) -> None:
    """Raise AccountError if the name to show (at sign-up or changed later) is not acceptable."""
    name = display_name.strip()
    if not name:
        raise AccountError("Enter the name to show on your dashboard.")
    if len(name) > DISPLAY_NAME_MAX_LENGTH:
        raise AccountError(f"Display names are at most {DISPLAY_NAME_MAX_LENGTH} characters.")
    if not name.isprintable():
        raise AccountError("Display names cannot contain control characters.")


def check_passphrase(passphrase: str) -> None:
    """Raise AccountError if the passphrase is too short, too long, blank or too common."""
    if len(passphrase) < PASSPHRASE_MIN_LENGTH:
        raise AccountError(f"Passphrases need at least {PASSPHRASE_MIN_LENGTH} characters.")
    if len(passphrase) > PASSPHRASE_MAX_LENGTH:
        raise AccountError(f"Passphrases are at most {PASSPHRASE_MAX_LENGTH} characters.")
    if not passphrase.strip():
        raise AccountError("A passphrase cannot be only spaces.")
    if passphrase.strip().lower() in _common_passphrases():
        raise AccountError(
            "That passphrase is one of the most common ones and is guessed first. "
            "Choose another: a few unrelated words work well."
        )


@functools.cache
def _common_passphrases() -> frozenset[str]:
    """The shipped list of the commonest passwords (see the file's header for its source)."""
    lines = _COMMON_PASSPHRASES_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def is_email_address(text: str) -> bool:
    """Whether `text` looks like an address: local@domain.tld, printable, not too long."""
    return len(text) <= EMAIL_MAX_LENGTH and text.isprintable() and bool(_EMAIL_PATTERN.match(text))


def hash_passphrase(passphrase: str) -> str:
    """A self-describing scrypt hash at the current parameters, with a fresh random salt."""
    salt = secrets.token_bytes(16)
    digest = _scrypt(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    fields = ["scrypt", str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P), _b64(salt), _b64(digest)]
    return "$".join(fields)


def hash_one_time_passphrase(passphrase: str) -> str:
    """A fast salted hash for a one-time passphrase (see ONE_TIME_SCHEME), never a chosen one.

    Fast is safe only because `one_time_passphrase` draws about 93 random bits: a leaked file
    lets an attacker try billions a second, and finding one still takes far longer than its
    14 days of life. A passphrase a person chose always goes through `hash_passphrase`.
    """
    salt = secrets.token_bytes(16)
    return "$".join([ONE_TIME_SCHEME, _b64(salt), _one_time_digest(passphrase, salt).hex()])


def one_time_passphrase() -> str:
    """A random passphrase for an imported account, to be replaced at first sign-in.

    Drawn from ONE_TIME_ALPHABET, so it survives a CSV export unchanged.
    """
    return "".join(secrets.choice(ONE_TIME_ALPHABET) for _ in range(ONE_TIME_LENGTH))


def passphrase_matches(passphrase: str, stored_hash: str) -> bool:
    """Whether `passphrase` produces `stored_hash`, compared in constant time.

    Every call does exactly one scrypt at the current parameters, whatever is stored. A
    one-time hash is checked with its fast HMAC and then a decoy scrypt; a missing, malformed
    or out-of-bounds hash (NO_PASSPHRASE, an unknown user) matches nothing and gets the decoy
    too; an older, cheaper scrypt hash is followed by the decoy at the current cost. So the
    time taken does not tell which accounts exist or how their hash was made.
    """
    one_time, parsed = _parse_one_time(stored_hash), _parse(stored_hash)
    matches = False
    if one_time is not None:
        salt, expected = one_time
        matches = hmac.compare_digest(_one_time_digest(passphrase, salt), expected)
    elif parsed is not None:
        (n, r, p), salt, expected = parsed
        matches = hmac.compare_digest(_scrypt(passphrase, salt, n, r, p), expected)
    if parsed is None or parsed[0] != (SCRYPT_N, SCRYPT_R, SCRYPT_P):
        _scrypt(passphrase, _DECOY_SALT, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return matches


def needs_rehash(stored_hash: str) -> bool:
    """Whether a (matching) stored scrypt hash was made with other parameters than today's.

    Never for a one-time hash: it stays one-time until the person chooses a passphrase.
    """
    parsed = _parse(stored_hash)
    return parsed is not None and parsed[0] != (SCRYPT_N, SCRYPT_R, SCRYPT_P)


def _parse(stored_hash: str) -> tuple[tuple[int, int, int], bytes, bytes] | None:
    """((N, r, p), salt, digest) of a well-formed hash within the accepted bounds, else None."""
    try:
        scheme, n_text, r_text, p_text, salt_text, digest_text = stored_hash.split("$")
        n, r, p = int(n_text), int(r_text), int(p_text)
        salt = base64.b64decode(salt_text, validate=True)
        digest = base64.b64decode(digest_text, validate=True)
    except ValueError:
        return None
    bounded = (
        scheme == "scrypt"
        and n.bit_length() - 1 in _SCRYPT_N_RANGE
        and n == 1 << (n.bit_length() - 1)
        and 1 <= r <= SCRYPT_R
        and p == SCRYPT_P
        and len(salt) >= 16
        and len(digest) == 32
    )
    return ((n, r, p), salt, digest) if bounded else None


def _parse_one_time(stored_hash: str) -> tuple[bytes, bytes] | None:
    """(salt, digest) of a well-formed one-time hash, else None."""
    try:
        scheme, salt_text, digest_text = stored_hash.split("$")
        salt = base64.b64decode(salt_text, validate=True)
        digest = bytes.fromhex(digest_text)
    except ValueError:
        return None
    well_formed = scheme == ONE_TIME_SCHEME and len(salt) == 16 and len(digest_text) == 64
    return (salt, digest) if well_formed else None


def _one_time_digest(passphrase: str, salt: bytes) -> bytes:
    secret = passphrase.encode("utf-8", "surrogatepass")
    return hmac.new(salt, secret, hashlib.sha256).digest()


def _scrypt(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    with _HASHING_SLOTS:
        secret = passphrase.encode("utf-8", "surrogatepass")
        return hashlib.scrypt(secret, salt=salt, n=n, r=r, p=p, maxmem=_SCRYPT_MAXMEM, dklen=32)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")
