"""Persistent, revocable sign-ins: a random token in the browser, only its hash on the server.

Signing in gives the browser a token of 256 random bits (in a cookie, set by the web layer).
The server keeps the token's SHA-256 with the account's id and username, when it was issued,
last used and when it expires, and whether "Keep me signed in" was ticked; the raw token is
never written anywhere. A kept sign-in lasts `KEPT_IDLE` after its last use, one that was not
kept `UNKEPT_IDLE` (its cookie also ends when the browser closes), and none outlives
`MA_PATHWAY_SESSION_DAYS` after sign-in. A token carries no role: the account is re-read on
every run.

The token reaches the browser in two steps, because a Streamlit run cannot set an HttpOnly
cookie: the signed-in run asks for a one-time sign-in code (`begin_sign_in`, valid for
`CODE_LIFETIME`), the browser posts it to the web layer's route, and `redeem` swaps it for a
new token there. Every sign-in gets a fresh token, so nothing known before signing in (a
session id, an older cookie) is worth anything after it.

Tokens live in `sessions.json` beside the accounts, one TinyDB file written through
`DataFile`'s locked, atomic write path, so two server processes can share it. Each write also
drops expired tokens and codes.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from pathway.data_file import DataFile, TableAccess, where

if TYPE_CHECKING:
    from pathway.accounts import Account
    from pathway.store import Store

TOKEN_BYTES = 32
"""Random bytes in a token (256 bits); `secrets.token_urlsafe` writes them as 43 characters."""

_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{43}$")
"""What `secrets.token_urlsafe(TOKEN_BYTES)` produces; anything else is refused unhashed."""

KEPT_IDLE = timedelta(days=14)
"""A sign-in with "Keep me signed in" ends this long after it was last used."""

UNKEPT_IDLE = timedelta(hours=12)
"""A sign-in without it ends this long after its last use (or when the browser closes)."""

CODE_LIFETIME = timedelta(seconds=60)
"""How long a one-time sign-in code can be swapped for a token."""

TOUCH_INTERVAL = timedelta(minutes=10)
"""Last use is written at most this often, so a run costs a read, not a write."""

Clock = Callable[[], datetime]


def _now() -> datetime:
    return datetime.now(UTC)


def token_hash(secret: str) -> str:
    """The SHA-256 of a token or code, as stored; the secret itself never is."""
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def well_formed(secret: object) -> bool:
    """Whether `secret` has a token's shape (forged, truncated or huge values are not hashed)."""
    return isinstance(secret, str) and bool(_TOKEN_SHAPE.match(secret))


class SignIn(BaseModel):
    """One signed-in browser, as stored: the token's hash, never the token."""

    model_config = ConfigDict(frozen=True)

    token_hash: str
    user_id: str
    username: str
    created_at: datetime
    last_used_at: datetime
    expires_at: datetime
    keep: bool


class _SignInCode(BaseModel):
    """A one-time code the browser swaps for a token; stored as a hash, like tokens."""

    code_hash: str
    user_id: str
    username: str
    keep: bool
    expires_at: datetime


class SessionTokens:
    """Issue, check and revoke sign-in tokens kept in one data file."""

    def __init__(self, path: Path, *, max_days: int, clock: Clock = _now) -> None:
        # A missing sessions file is created even in a used folder: losing it signs everyone
        # out, which loses no data, unlike an empty accounts file.
        self._file = DataFile(path, create=True)
        self._max_age = timedelta(days=max_days)
        self._clock = clock

    @property
    def max_age(self) -> timedelta:
        """The longest any sign-in lasts (MA_PATHWAY_SESSION_DAYS)."""
        return self._max_age

    def begin_sign_in(self, account: Account, *, keep: bool) -> str:
        """A one-time code that `redeem` swaps for a new token for `account`."""
        code = secrets.token_urlsafe(TOKEN_BYTES)
        document = _SignInCode(
            code_hash=token_hash(code),
            user_id=account.user_id,
            username=account.username,
            keep=keep,
            expires_at=self._clock() + CODE_LIFETIME,
        ).model_dump(mode="json")

        def insert(table: TableAccess) -> None:
            self._prune(table)
            table("codes").insert(document)

        self._file.change(insert)
        return code

    def redeem(self, code: str) -> tuple[str, SignIn] | None:
        """Swap a one-time code for a new token and its sign-in; None for a used or bad code."""
        if not well_formed(code):
            return None
        hashed = token_hash(code)

        def swap(table: TableAccess) -> tuple[str, SignIn] | None:
            self._prune(table)
            found = table("codes").get(where("code_hash", hashed))
            if found is None:
                return None
            table("codes").remove(doc_ids=[found.doc_id])  # one use only
            pending = _SignInCode.model_validate(found)
            if pending.expires_at <= self._clock():
                return None
            token = secrets.token_urlsafe(TOKEN_BYTES)
            now = self._clock()
            sign_in = SignIn(
                token_hash=token_hash(token),
                user_id=pending.user_id,
                username=pending.username,
                created_at=now,
                last_used_at=now,
                expires_at=self._expiry(now, now, keep=pending.keep),
                keep=pending.keep,
            )
            table("tokens").insert(sign_in.model_dump(mode="json"))
            return token, sign_in

        return self._file.change(swap)

    def check(self, token: object) -> SignIn | None:
        """The live sign-in of `token`, its last use moved on; None if unknown, ended or expired.

        The account it names is not checked here: see `signed_in_account`.
        """
        if not well_formed(token):
            return None
        hashed = token_hash(str(token))
        found = self._file.read(lambda table: table("tokens").get(where("token_hash", hashed)))
        if found is None:
            return None
        sign_in = SignIn.model_validate(found)
        now = self._clock()
        if sign_in.expires_at <= now:
            return None
        if now - sign_in.last_used_at < TOUCH_INTERVAL:
            return sign_in
        return self._touch(sign_in, now)

    def revoke(self, hashed: str) -> None:
        """End the sign-in with this token hash (signing out); unknown hashes are ignored."""
        self._remove(where("token_hash", hashed))

    def revoke_account(self, user_id: str) -> None:
        """End every sign-in of an account ("Sign out everywhere", account deleted)."""
        self._remove(where("user_id", user_id))

    def revoke_others(self, user_id: str, keep_hash: str | None) -> None:
        """End every sign-in of an account but the one with `keep_hash` (passphrase changed)."""
        self._remove(where("user_id", user_id) & ~where("token_hash", keep_hash))

    def sign_ins(self, user_id: str) -> list[SignIn]:
        """The account's stored sign-ins, expired ones not yet pruned included."""
        documents = self._file.read(lambda table: table("tokens").search(where("user_id", user_id)))
        return [SignIn.model_validate(document) for document in documents]

    def close(self) -> None:
        """Release the file; the object must not be used afterwards."""
        self._file.close()

    def _touch(self, sign_in: SignIn, now: datetime) -> SignIn | None:
        """Record a use and slide the expiry, in one locked write; None if revoked meanwhile."""
        moved = sign_in.model_copy(
            update={
                "last_used_at": now,
                "expires_at": self._expiry(sign_in.created_at, now, keep=sign_in.keep),
            }
        )

        def update(table: TableAccess) -> SignIn | None:
            self._prune(table)
            changed = table("tokens").update(
                moved.model_dump(mode="json"), where("token_hash", sign_in.token_hash)
            )
            return moved if changed else None

        return self._file.change(update)

    def _expiry(self, created: datetime, used: datetime, *, keep: bool) -> datetime:
        idle = KEPT_IDLE if keep else UNKEPT_IDLE
        return min(used + idle, created + self._max_age)

    def _remove(self, condition: object) -> None:
        def remove(table: TableAccess) -> None:
            self._prune(table)
            table("tokens").remove(condition)

        self._file.change(remove)

    def _prune(self, table: TableAccess) -> None:
        """Drop expired tokens and codes; called inside every write.

        Only when there are some: each TinyDB removal rewrites the whole file.
        """
        now = self._clock()
        for name in ("tokens", "codes"):
            expired = [
                document.doc_id
                for document in table(name).all()
                if datetime.fromisoformat(document["expires_at"]) <= now
            ]
            if expired:
                table(name).remove(doc_ids=expired)


def signed_in_account(store: Store, token: object) -> tuple[Account, SignIn] | None:
    """The account a browser's token signs in, with its sign-in; None if the token is refused.

    Refused: not a token's shape, no stored hash matches it, revoked or expired, or its account
    was deleted or renamed since (both the id and the username must still match).
    """
    sign_in = store.sessions.check(token)
    if sign_in is None:
        return None
    account = store.find_account(sign_in.username)
    if account is None or account.user_id != sign_in.user_id:
        return None
    return account, sign_in
