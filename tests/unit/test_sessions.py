"""Specifies sign-in tokens: issued fresh, stored only as hashes, refused once ended or expired.

Every test runs over a real store in a temporary folder, and those marked `on_every_backend`
over PostgreSQL too; time is a fake clock the test moves.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pathway.accounts import Account
from pathway.pg_store import PgSignIns
from pathway.sessions import (
    CODE_LIFETIME,
    KEPT_IDLE,
    TOUCH_INTERVAL,
    UNKEPT_IDLE,
    SessionTokens,
    signed_in_account,
    token_hash,
)
from pathway.settings import SESSION_DAYS, session_days
from pathway.storage import Storage
from pathway.store import Store
from tests.storage import on_every_backend, set_role

START = datetime.now(UTC).replace(microsecond=0)
"""Where the fake clock starts: now, so a second store on the real clock agrees with it."""
MAX_DAYS = 30


class FakeClock:
    """A clock that stands still until a test moves it."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, by: timedelta) -> None:
        self.now += by


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def tokens(store: Store, clock: FakeClock) -> SessionTokens:
    """The store's own sign-ins (folder or tables), opened a second time on the fake clock."""
    opened = (
        SessionTokens(store.data_dir / "sessions", max_days=MAX_DAYS, clock=clock)
        if isinstance(store, Store)
        else PgSignIns(store.database, max_days=MAX_DAYS, clock=clock)
    )
    store.sessions = opened  # signed_in_account reads the store's tokens
    return opened


@pytest.fixture
def sign_in(tokens: SessionTokens) -> Callable[..., str]:
    """Sign an account in as the browser does: a one-time code swapped for a token."""

    def sign_in_(account: Account, *, keep: bool = True) -> str:
        redeemed = tokens.redeem(tokens.begin_sign_in(account, keep=keep))
        assert redeemed is not None
        return redeemed[0]

    return sign_in_


@pytest.fixture
def maria(add_learner: Callable[[str], Account]) -> Account:
    return add_learner("maria")


def data_folder_text(folder: Path) -> str:
    """Every file under the data folder (backups and lock files included), as one text."""
    return "\n".join(
        path.read_bytes().decode("utf-8", errors="replace")
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    )


# Issuing ----------------------------------------------------------------------------------


@on_every_backend
def test_a_redeemed_code_signs_its_account_in(
    store: Store, maria: Account, sign_in: Callable[..., str]
) -> None:
    signed_in = signed_in_account(store, sign_in(maria))

    assert signed_in is not None
    assert signed_in[0] == maria


@on_every_backend
def test_a_token_has_at_least_128_random_bits(maria: Account, sign_in: Callable[..., str]) -> None:
    token = sign_in(maria)

    assert len(token) * 6 >= 256  # URL-safe base64: 6 bits a character


@on_every_backend
def test_every_sign_in_gets_a_new_token(maria: Account, sign_in: Callable[..., str]) -> None:
    assert sign_in(maria) != sign_in(maria)


@on_every_backend
def test_a_code_works_once(tokens: SessionTokens, maria: Account) -> None:
    code = tokens.begin_sign_in(maria, keep=True)
    assert tokens.redeem(code) is not None

    assert tokens.redeem(code) is None


@on_every_backend
def test_a_code_expires_after_its_lifetime(
    tokens: SessionTokens, maria: Account, clock: FakeClock
) -> None:
    code = tokens.begin_sign_in(maria, keep=True)
    clock.advance(CODE_LIFETIME)

    assert tokens.redeem(code) is None


@on_every_backend
def test_a_code_is_not_a_token(store: Store, tokens: SessionTokens, maria: Account) -> None:
    code = tokens.begin_sign_in(maria, keep=True)

    assert signed_in_account(store, code) is None


def test_the_raw_token_and_code_never_reach_the_disk(
    store: Store, tokens: SessionTokens, maria: Account
) -> None:
    code = tokens.begin_sign_in(maria, keep=True)
    redeemed = tokens.redeem(code)
    assert redeemed is not None
    token = redeemed[0]

    on_disk = data_folder_text(store.data_dir)
    for secret in (token, code):
        assert secret not in on_disk
        assert secret.split(".", 1)[1] not in on_disk  # nor its random part alone
    assert token_hash(token) in on_disk  # what is kept instead


@on_every_backend
def test_the_stored_sign_in_names_the_account_and_its_times(
    tokens: SessionTokens, maria: Account, sign_in: Callable[..., str]
) -> None:
    token = sign_in(maria, keep=True)

    (stored,) = tokens.sign_ins(maria.user_id)
    assert stored.token_hash == token_hash(token)
    assert (stored.username, stored.keep) == ("maria", True)
    assert stored.created_at == stored.last_used_at == START
    assert stored.expires_at == START + KEPT_IDLE


@on_every_backend
def test_a_token_carries_no_role_the_account_is_re_read(
    store: Store, maria: Account, sign_in: Callable[..., str]
) -> None:
    token = sign_in(maria)
    set_role(store, "maria", "instructor")

    signed_in = signed_in_account(store, token)
    assert signed_in is not None
    assert signed_in[0].role == "instructor"
    assert "role" not in signed_in[1].model_dump()


# Refusing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "forged",
    [
        "",
        "not a token",
        secrets.token_urlsafe(32),  # a secret without an account id
        f"{'a' * 32}.{secrets.token_urlsafe(32)}",  # the right shape, never issued
        f"../../accounts.{secrets.token_urlsafe(32)}",
        "x" * 1_000_000,
        None,
        42,
        ["a list"],
    ],
)
@on_every_backend
def test_a_forged_token_is_refused(store: Store, maria: Account, forged: object) -> None:
    assert signed_in_account(store, forged) is None


def test_a_made_up_account_id_leaves_no_file(store: Store, tokens: SessionTokens) -> None:
    signed_in_account(store, f"{'b' * 32}.{secrets.token_urlsafe(32)}")

    assert not tokens.path("b" * 32).exists()


@on_every_backend
def test_a_token_moved_to_another_account_is_refused(
    store: Store,
    maria: Account,
    add_learner: Callable[[str], Account],
    sign_in: Callable[..., str],
) -> None:
    james = add_learner("james")
    sign_in(james)
    secret = sign_in(maria).split(".", 1)[1]

    assert signed_in_account(store, f"{james.user_id}.{secret}") is None


@on_every_backend
def test_a_truncated_token_is_refused(
    store: Store, maria: Account, sign_in: Callable[..., str]
) -> None:
    token = sign_in(maria)

    assert signed_in_account(store, token[:-1]) is None
    assert signed_in_account(store, token[:16]) is None


def test_a_token_whose_stored_hash_was_altered_is_refused(
    tokens: SessionTokens, store: Store, maria: Account, sign_in: Callable[..., str]
) -> None:
    token = sign_in(maria)
    path = tokens.path(maria.user_id)
    path.write_text(path.read_text().replace(token_hash(token), token_hash("something else")))

    assert signed_in_account(store, token) is None


@on_every_backend
def test_a_token_of_a_deleted_account_is_refused(
    store: Store, maria: Account, sign_in: Callable[..., str]
) -> None:
    token = sign_in(maria)
    store.delete_account(maria.user_id)

    assert signed_in_account(store, token) is None


def test_deleting_an_account_ends_all_its_sign_ins(
    store: Store, tokens: SessionTokens, maria: Account, sign_in: Callable[..., str]
) -> None:
    sign_in(maria)
    sign_in(maria)
    store.delete_account(maria.user_id)

    assert tokens.sign_ins(maria.user_id) == []
    assert not tokens.path(maria.user_id).exists()


@on_every_backend
def test_a_token_of_a_renamed_account_is_refused(
    store: Store, tokens: SessionTokens, maria: Account, add_learner: Callable[[str], Account]
) -> None:
    # The username now belongs to another account than the one the token was issued to.
    token = tokens.redeem(tokens.begin_sign_in(maria, keep=True))
    assert token is not None
    store.delete_account(maria.user_id)
    store.sessions = tokens
    impostor = add_learner("maria")
    assert impostor.user_id != maria.user_id

    assert signed_in_account(store, token[0]) is None


# Expiry -----------------------------------------------------------------------------------


@on_every_backend
def test_a_kept_sign_in_ends_after_fourteen_idle_days(
    store: Store, maria: Account, sign_in: Callable[..., str], clock: FakeClock
) -> None:
    token = sign_in(maria, keep=True)
    clock.advance(KEPT_IDLE)

    assert signed_in_account(store, token) is None


@on_every_backend
def test_using_a_kept_sign_in_slides_its_expiry(
    store: Store, maria: Account, sign_in: Callable[..., str], clock: FakeClock
) -> None:
    token = sign_in(maria, keep=True)
    for _ in range(2):  # 20 days in all, each step within the 14 idle days
        clock.advance(timedelta(days=10))
        assert signed_in_account(store, token) is not None


@on_every_backend
def test_no_sign_in_outlives_the_configured_maximum(
    store: Store, maria: Account, sign_in: Callable[..., str], clock: FakeClock
) -> None:
    token = sign_in(maria, keep=True)
    while clock.now < START + timedelta(days=MAX_DAYS) - timedelta(days=2):
        clock.advance(timedelta(days=2))
        assert signed_in_account(store, token) is not None
    clock.advance(timedelta(days=2))

    assert signed_in_account(store, token) is None


@on_every_backend
def test_a_sign_in_not_kept_ends_after_its_shorter_idle_time(
    store: Store, maria: Account, sign_in: Callable[..., str], clock: FakeClock
) -> None:
    token = sign_in(maria, keep=False)
    clock.advance(UNKEPT_IDLE - timedelta(minutes=1))
    assert signed_in_account(store, token) is not None
    clock.advance(UNKEPT_IDLE)

    assert signed_in_account(store, token) is None


def test_a_run_within_the_touch_interval_writes_nothing(
    store: Store,
    tokens: SessionTokens,
    maria: Account,
    sign_in: Callable[..., str],
    clock: FakeClock,
) -> None:
    token = sign_in(maria)
    path = tokens.path(maria.user_id)
    before = path.stat().st_mtime_ns, path.read_bytes()
    clock.advance(TOUCH_INTERVAL - timedelta(seconds=1))

    assert signed_in_account(store, token) is not None
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before


@on_every_backend
def test_a_run_after_the_touch_interval_records_the_use(
    tokens: SessionTokens, maria: Account, sign_in: Callable[..., str], clock: FakeClock
) -> None:
    token = sign_in(maria)
    clock.advance(TOUCH_INTERVAL)
    tokens.check(token)

    (stored,) = tokens.sign_ins(maria.user_id)
    assert stored.last_used_at == START + TOUCH_INTERVAL


def test_expired_tokens_and_codes_are_pruned_on_the_next_write(
    store: Store, tokens: SessionTokens, maria: Account, clock: FakeClock
) -> None:
    tokens.begin_sign_in(maria, keep=True)  # never redeemed
    token = tokens.redeem(tokens.begin_sign_in(maria, keep=False))
    assert token is not None
    clock.advance(UNKEPT_IDLE)
    tokens.begin_sign_in(maria, keep=True)  # any write prunes

    stored = json.loads(tokens.path(maria.user_id).read_text())
    assert stored["tokens"] == {}
    assert len(stored["codes"]) == 1  # only the new one


# Revoking ---------------------------------------------------------------------------------


@on_every_backend
def test_signing_out_ends_that_token_only(
    store: Store, tokens: SessionTokens, maria: Account, sign_in: Callable[..., str]
) -> None:
    phone, laptop = sign_in(maria), sign_in(maria)
    tokens.revoke_token(phone)

    assert signed_in_account(store, phone) is None
    assert signed_in_account(store, laptop) is not None


@on_every_backend
def test_signing_out_everywhere_ends_every_token_of_the_account_only(
    store: Store,
    tokens: SessionTokens,
    maria: Account,
    add_learner: Callable[[str], Account],
    sign_in: Callable[..., str],
) -> None:
    james = add_learner("james")
    phone, laptop, his = sign_in(maria), sign_in(maria), sign_in(james)
    tokens.revoke_account(maria.user_id)

    assert signed_in_account(store, phone) is None
    assert signed_in_account(store, laptop) is None
    assert signed_in_account(store, his) is not None


@on_every_backend
def test_a_passphrase_change_ends_every_other_token_of_the_account(
    store: Store, tokens: SessionTokens, maria: Account, sign_in: Callable[..., str]
) -> None:
    here, elsewhere = sign_in(maria), sign_in(maria)
    tokens.revoke_others(maria.user_id, token_hash(here))

    assert signed_in_account(store, here) is not None
    assert signed_in_account(store, elsewhere) is None


@on_every_backend
def test_two_stores_on_one_folder_see_each_others_revocations(
    open_store: Callable[[], Storage], store: Store, maria: Account, sign_in: Callable[..., str]
) -> None:
    token = sign_in(maria)
    other_process = open_store()
    assert signed_in_account(other_process, token) is not None
    other_process.sessions.revoke_account(maria.user_id)

    assert signed_in_account(store, token) is None


# Setting ----------------------------------------------------------------------------------


def test_session_days_defaults_to_thirty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SESSION_DAYS.name, raising=False)

    assert session_days() == 30


@pytest.mark.parametrize("bad", ["0", "-3", "two weeks", "1.5"])
def test_session_days_refuses_what_is_not_a_whole_number_of_days(
    monkeypatch: pytest.MonkeyPatch, bad: str
) -> None:
    monkeypatch.setenv(SESSION_DAYS.name, bad)

    with pytest.raises(ValueError, match=SESSION_DAYS.name):
        session_days()
