"""Accounts: who may sign in, and how their passphrase is kept (only as a slow salted hash)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

PASSPHRASE_MIN_LENGTH = 8
PASSPHRASE_MAX_LENGTH = 1_024
DISPLAY_NAME_MAX_LENGTH = 60
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{2,31}$")

# scrypt at N=2**14, r=8, p=1 costs about 16 MiB and some tens of milliseconds per attempt:
# cheap for one sign-in, expensive for guessing. The parameters are stored with each hash so
# they can be raised later without breaking existing accounts.
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1


class AccountError(ValueError):
    """Sign-up or sign-in input that cannot be accepted; the message is shown to the user."""


class UsernameTaken(AccountError):
    """Another account already uses this username."""

    def __init__(self, username: str) -> None:
        super().__init__(f"The username '{username}' is already taken. Choose another one.")


Role = Literal["learner", "instructor"]
"""Learners track their own progress; instructors also own classes and see their learners."""


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
    name = display_name.strip()
    if not name:
        raise AccountError("Enter the name to show on your dashboard.")
    if len(name) > DISPLAY_NAME_MAX_LENGTH:
        raise AccountError(f"Display names are at most {DISPLAY_NAME_MAX_LENGTH} characters.")
    if not name.isprintable():
        raise AccountError("Display names cannot contain control characters.")


def check_passphrase(passphrase: str) -> None:
    """Raise AccountError if the passphrase is too short or too long."""
    if len(passphrase) < PASSPHRASE_MIN_LENGTH:
        raise AccountError(f"Passphrases need at least {PASSPHRASE_MIN_LENGTH} characters.")
    if len(passphrase) > PASSPHRASE_MAX_LENGTH:
        raise AccountError(f"Passphrases are at most {PASSPHRASE_MAX_LENGTH} characters.")


def hash_passphrase(passphrase: str, *, cost: int = _SCRYPT_N) -> str:
    """A self-describing scrypt hash with a fresh random salt.

    A lower `cost` is only for generated one-time passphrases (ONE_TIME_COST): their ~95 bits of
    randomness, not the hash's slowness, is what stops guessing, and a roster of thousands must
    import in seconds.
    """
    salt = secrets.token_bytes(16)
    digest = _scrypt(passphrase, salt, cost, _SCRYPT_R, _SCRYPT_P)
    return "$".join(["scrypt", str(cost), str(_SCRYPT_R), str(_SCRYPT_P), _b64(salt), _b64(digest)])


ONE_TIME_COST = 2**10


def one_time_passphrase() -> str:
    """A random passphrase for an imported account, to be replaced at first sign-in."""
    return secrets.token_urlsafe(12)


def passphrase_matches(passphrase: str, stored_hash: str) -> bool:
    """Whether `passphrase` produces `stored_hash`, compared in constant time."""
    try:
        scheme, n, r, p, salt, digest = stored_hash.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = _scrypt(passphrase, base64.b64decode(salt), int(n), int(r), int(p))
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


def _scrypt(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")
