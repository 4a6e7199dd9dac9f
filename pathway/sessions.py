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

A token (and a code) is `<account id>.<secret>`: the account id says which file to look in, the
secret is the 256 random bits, and the hash covers both. Each account's sign-ins live in their
own small TinyDB file, `sessions/<account id>.json` beside the accounts, written through
`DataFile`'s locked, atomic write path, so two server processes can share them and a run's
check costs a lookup in a file of a few entries however many people are signed in (one file
for everyone took 18 ms a check at 1,000 sign-ins: TinyDB copies the whole file per read).
Each write drops the account's expired tokens and codes; deleting the account deletes its file.
With PostgreSQL they are rows of two tables instead (`pathway.pg_store.PgSignIns`), under the
same rules (the functions below), so every replica sees every sign-in.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import BaseModel, ConfigDict

from pathway.data_file import DataFile, TableAccess, where

if TYPE_CHECKING:
    from pathway.accounts import Account
    from pathway.storage import Storage

TOKEN_BYTES = 32
"""Random bytes in a token (256 bits); `secrets.token_urlsafe` writes them as 43 characters."""

_TOKEN_SHAPE = re.compile(r"^(?P<user_id>[0-9a-f]{32})\.[A-Za-z0-9_-]{43}$")
"""An account id, a dot and what `secrets.token_urlsafe(TOKEN_BYTES)` produces; anything else
is refused unhashed (forged, truncated or huge values, path tricks in the account id)."""

KEPT_IDLE = timedelta(days=14)
"""A sign-in with "Keep me signed in" ends this long after it was last used."""

UNKEPT_IDLE = timedelta(hours=12)
"""A sign-in without it ends this long after its last use (or when the browser closes)."""

CODE_LIFETIME = timedelta(seconds=60)
"""How long a one-time sign-in code can be swapped for a token."""

TOUCH_INTERVAL = timedelta(minutes=10)
"""Last use is written at most this often, so a run costs a read, not a write."""

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The real clock, in UTC."""
    return datetime.now(UTC)


def token_hash(secret: str) -> str:
    """The SHA-256 of a token or code, as stored; the secret itself never is."""
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def well_formed(secret: object) -> bool:
    """Whether `secret` has a token's (or code's) shape: `<account id>.<43 characters>`."""
    return isinstance(secret, str) and bool(_TOKEN_SHAPE.match(secret))


def account_id(secret: str) -> str:
    """The account id a well-formed token or code starts with."""
    return secret.split(".", 1)[0]


def _new_secret(user_id: str) -> str:
    return f"{user_id}.{secrets.token_urlsafe(TOKEN_BYTES)}"


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


class SignInCode(BaseModel):
    """A one-time code the browser swaps for a token; stored as a hash, like tokens."""

    code_hash: str
    user_id: str
    username: str
    keep: bool
    expires_at: datetime


class SignIns(Protocol):
    """Sign-ins as the app uses them, whichever backend keeps them (`Storage.sessions`).

    `SessionTokens` keeps them in per-account files; `pathway.pg_store.PgSignIns` in tables, so
    several app replicas share them. Both follow the rules of the functions below.
    """

    @property
    def max_age(self) -> timedelta:
        """The longest any sign-in lasts (MA_PATHWAY_SESSION_DAYS)."""

    def begin_sign_in(self, account: Account, *, keep: bool) -> str:
        """A one-time code that `redeem` swaps for a new token for `account`."""

    def redeem(self, code: str) -> tuple[str, SignIn] | None:
        """Swap a one-time code for a new token and its sign-in; None for a used or bad code."""

    def check(self, token: object) -> SignIn | None:
        """The live sign-in of `token`, its last use moved on; None if unknown, ended or expired."""

    def revoke(self, user_id: str, hashed: str) -> None:
        """End the account's sign-in with this token hash (signing out); unknown: ignored."""

    def revoke_token(self, token: object) -> None:
        """End the sign-in of a token a browser sent; anything not shaped like one is ignored."""

    def revoke_account(self, user_id: str) -> None:
        """End every sign-in of an account ("Sign out everywhere")."""

    def revoke_others(self, user_id: str, keep_hash: str | None) -> None:
        """End every sign-in of an account but the one with `keep_hash` (passphrase changed)."""

    def forget_account(self, user_id: str) -> None:
        """Remove everything kept of an account that is deleted: all its sign-ins end with it."""

    def sign_ins(self, user_id: str) -> list[SignIn]:
        """The account's stored sign-ins, expired ones not yet pruned included."""

    def close(self) -> None:
        """Release what is held; the object must not be used afterwards."""


def new_code(account: Account, *, keep: bool, now: datetime) -> tuple[str, SignInCode]:
    """A one-time sign-in code for `account` and what is stored of it (its hash)."""
    code = _new_secret(account.user_id)
    pending = SignInCode(
        code_hash=token_hash(code),
        user_id=account.user_id,
        username=account.username,
        keep=keep,
        expires_at=now + CODE_LIFETIME,
    )
    return code, pending


def issued(pending: SignInCode, now: datetime, max_age: timedelta) -> tuple[str, SignIn] | None:
    """The new token and sign-in a redeemed code gives; None if the code has expired."""
    if pending.expires_at <= now:
        return None
    token = _new_secret(pending.user_id)
    sign_in = SignIn(
        token_hash=token_hash(token),
        user_id=pending.user_id,
        username=pending.username,
        created_at=now,
        last_used_at=now,
        expires_at=expiry(now, now, keep=pending.keep, max_age=max_age),
        keep=pending.keep,
    )
    return token, sign_in


def live(sign_in: SignIn, token: str, now: datetime) -> bool:
    """Whether a stored sign-in found by `token`'s hash still signs it in."""
    return sign_in.expires_at > now and sign_in.user_id == account_id(token)


def touched(sign_in: SignIn, now: datetime, max_age: timedelta) -> SignIn | None:
    """The sign-in with this use recorded and its expiry slid; None within `TOUCH_INTERVAL`."""
    if now - sign_in.last_used_at < TOUCH_INTERVAL:
        return None
    return sign_in.model_copy(
        update={
            "last_used_at": now,
            "expires_at": expiry(sign_in.created_at, now, keep=sign_in.keep, max_age=max_age),
        }
    )


def expiry(created: datetime, used: datetime, *, keep: bool, max_age: timedelta) -> datetime:
    """When a sign-in created and last used then ends: idle time after use, capped by age."""
    idle = KEPT_IDLE if keep else UNKEPT_IDLE
    return min(used + idle, created + max_age)


class SessionTokens:
    """Issue, check and revoke sign-in tokens, kept per account in `folder`."""

    def __init__(self, folder: Path, *, max_days: int, clock: Clock = utc_now) -> None:
        self.folder = folder
        self._max_age = timedelta(days=max_days)
        self._clock = clock
        self._files: dict[str, DataFile] = {}
        self._files_lock = threading.Lock()

    @property
    def max_age(self) -> timedelta:
        """The longest any sign-in lasts (MA_PATHWAY_SESSION_DAYS)."""
        return self._max_age

    def path(self, user_id: str) -> Path:
        """The file holding one account's sign-ins."""
        return self.folder / f"{user_id}.json"

    def begin_sign_in(self, account: Account, *, keep: bool) -> str:
        """A one-time code that `redeem` swaps for a new token for `account`."""
        code, pending = new_code(account, keep=keep, now=self._clock())
        document = pending.model_dump(mode="json")

        def insert(table: TableAccess) -> None:
            self._prune(table)
            table("codes").insert(document)

        self._file_to_write(account.user_id).change(insert)
        return code

    def redeem(self, code: str) -> tuple[str, SignIn] | None:
        """Swap a one-time code for a new token and its sign-in; None for a used or bad code."""
        sessions = self._file_of(code)
        if sessions is None:
            return None
        hashed = token_hash(code)

        def swap(table: TableAccess) -> tuple[str, SignIn] | None:
            self._prune(table)
            found = table("codes").get(where("code_hash", hashed))
            if found is None:
                return None
            table("codes").remove(doc_ids=[found.doc_id])  # one use only
            redeemed = issued(SignInCode.model_validate(found), self._clock(), self._max_age)
            if redeemed is not None:
                table("tokens").insert(redeemed[1].model_dump(mode="json"))
            return redeemed

        return sessions.change(swap)

    def check(self, token: object) -> SignIn | None:
        """The live sign-in of `token`, its last use moved on; None if unknown, ended or expired.

        The account it names is not checked here: see `signed_in_account`.
        """
        sessions = self._file_of(token)
        if sessions is None:
            return None
        hashed = token_hash(str(token))
        found = sessions.read(lambda table: table("tokens").get(where("token_hash", hashed)))
        if found is None:
            return None
        sign_in = SignIn.model_validate(found)
        now = self._clock()
        if not live(sign_in, str(token), now):
            return None
        moved = touched(sign_in, now, self._max_age)
        return sign_in if moved is None else self._touch(sessions, moved)

    def revoke(self, user_id: str, hashed: str) -> None:
        """End the account's sign-in with this token hash (signing out); unknown: ignored."""
        self._remove(user_id, where("token_hash", hashed))

    def revoke_token(self, token: object) -> None:
        """End the sign-in of a token a browser sent; anything not shaped like one is ignored."""
        if well_formed(token):
            self.revoke(account_id(str(token)), token_hash(str(token)))

    def revoke_account(self, user_id: str) -> None:
        """End every sign-in of an account ("Sign out everywhere")."""
        self._remove(user_id, where("user_id", user_id))

    def revoke_others(self, user_id: str, keep_hash: str | None) -> None:
        """End every sign-in of an account but the one with `keep_hash` (passphrase changed)."""
        self._remove(user_id, ~where("token_hash", keep_hash))

    def forget_account(self, user_id: str) -> None:
        """Delete the file of an account that is deleted: all its sign-ins end with it."""
        with self._files_lock:
            sessions = self._files.pop(user_id, None)
        if sessions is not None:
            sessions.delete()
        else:
            self.path(user_id).unlink(missing_ok=True)

    def sign_ins(self, user_id: str) -> list[SignIn]:
        """The account's stored sign-ins, expired ones not yet pruned included."""
        sessions = self._file(user_id)
        if sessions is None:
            return []
        return [SignIn.model_validate(d) for d in sessions.documents().get("tokens", [])]

    def close(self) -> None:
        """Release every file; the object must not be used afterwards."""
        with self._files_lock:
            for sessions in self._files.values():
                sessions.close()
            self._files.clear()

    def _file_of(self, secret: object) -> DataFile | None:
        """The file a well-formed token or code points to, if that account has one."""
        if not well_formed(secret):
            return None
        return self._file(account_id(str(secret)))

    def _file(self, user_id: str) -> DataFile | None:
        """The account's sessions file, if it has one.

        Never created on a read: a made-up account id in a cookie must not leave a file.
        """
        with self._files_lock:
            if user_id not in self._files:
                if not self.path(user_id).exists():
                    return None
                self._files[user_id] = DataFile(self.path(user_id), create=True)
            return self._files[user_id]

    def _file_to_write(self, user_id: str) -> DataFile:
        """The account's sessions file, created by its first sign-in."""
        with self._files_lock:
            if user_id not in self._files:
                self._files[user_id] = DataFile(self.path(user_id), create=True)
            return self._files[user_id]

    def _touch(self, sessions: DataFile, moved: SignIn) -> SignIn | None:
        """Store a use recorded by `touched`, in one locked write; None if revoked meanwhile."""

        def update(table: TableAccess) -> SignIn | None:
            self._prune(table)
            changed = table("tokens").update(
                moved.model_dump(mode="json"), where("token_hash", moved.token_hash)
            )
            return moved if changed else None

        return sessions.change(update)

    def _remove(self, user_id: str, condition: Any) -> None:
        sessions = self._file(user_id)
        if sessions is None:
            return

        def remove(table: TableAccess) -> None:
            self._prune(table)
            table("tokens").remove(condition)

        sessions.change(remove)

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


def signed_in_account(store: Storage, token: object) -> tuple[Account, SignIn] | None:
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
