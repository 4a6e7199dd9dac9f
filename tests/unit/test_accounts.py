"""Specifies accounts: passphrases kept only as salted hashes, sign-up rules, sign-in.

Chosen passphrases get a slow scrypt hash; a roster's random one-time passphrases a fast HMAC.

Sign-in failures must not reveal whether a username exists, and the stored accounts file
must never contain a passphrase.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable

import pytest

from pathway.accounts import (
    ONE_TIME_ALPHABET,
    AccountError,
    UsernameTaken,
    hash_one_time_passphrase,
    hash_passphrase,
    is_email_address,
    one_time_passphrase,
    passphrase_matches,
)
from pathway.auth import SIGN_IN_FAILED, SignInFailed, add_account_with_hash, sign_in, sign_up
from pathway.csv_export import FORMULA_STARTS, neutralise
from pathway.store import Store
from pathway.throttle import SignInThrottle

PASSPHRASE = "correct horse battery"

# Hashing ----------------------------------------------------------------------------------


def test_hash_does_not_contain_the_passphrase() -> None:
    hashed = hash_passphrase(PASSPHRASE)

    assert PASSPHRASE not in hashed
    assert "horse" not in hashed


def test_same_passphrase_hashes_differently_each_time() -> None:
    assert hash_passphrase(PASSPHRASE) != hash_passphrase(PASSPHRASE)


def test_hash_is_scrypt_at_owasps_cost_with_a_16_byte_salt() -> None:
    scheme, n, r, p, salt, digest = hash_passphrase(PASSPHRASE).split("$")

    assert (scheme, int(n), int(r), int(p)) == ("scrypt", 2**17, 8, 1)
    assert len(base64.b64decode(salt)) == 16
    assert len(base64.b64decode(digest)) == 32


def test_passphrase_matches_its_own_hash() -> None:
    assert passphrase_matches(PASSPHRASE, hash_passphrase(PASSPHRASE))


def test_other_passphrase_does_not_match() -> None:
    hashed = hash_passphrase(PASSPHRASE)

    assert not passphrase_matches("correct horse battery ", hashed)
    assert not passphrase_matches("Correct horse battery", hashed)


@pytest.mark.parametrize(
    "stored_hash",
    [
        "",
        "correct horse battery",
        "scrypt$16384$8$1$c2FsdA==",
        "bcrypt$16384$8$1$c2FsdA==$ZGlnZXN0",
        "scrypt$many$8$1$c2FsdA==$ZGlnZXN0",
        "scrypt$16384$8$1$not base64!$ZGlnZXN0",
        "scrypt$1000$8$1$c2FsdA==$ZGlnZXN0",
        "scrypt$16384$0$1$c2FsdA==$ZGlnZXN0",
        "scrypt$16384$8$1$c2FsdA==$ZGlnZXN0$extra",
        "scrypt$16384$8$1$c2FsdA==$é",
    ],
)
def test_malformed_hash_matches_nothing(stored_hash: str) -> None:
    assert passphrase_matches(PASSPHRASE, stored_hash) is False


def test_hash_with_a_wrong_digest_matches_nothing() -> None:
    scheme, n, r, p, salt, _ = hash_passphrase(PASSPHRASE).split("$")
    tampered = "$".join([scheme, n, r, p, salt, "A" * 43 + "="])

    assert passphrase_matches(PASSPHRASE, tampered) is False


def test_a_one_time_hash_is_a_salted_hmac_sha256_that_never_holds_the_passphrase() -> None:
    passphrase = one_time_passphrase()
    stored = hash_one_time_passphrase(passphrase)
    scheme, salt, digest = stored.split("$")
    expected = hmac.new(base64.b64decode(salt), passphrase.encode(), hashlib.sha256).hexdigest()
    assert scheme == "otp-sha256"
    assert len(base64.b64decode(salt)) == 16
    assert digest == expected
    assert passphrase not in stored
    assert hash_one_time_passphrase(passphrase) != stored


def test_a_one_time_hash_matches_its_passphrase_only() -> None:
    passphrase = one_time_passphrase()
    stored = hash_one_time_passphrase(passphrase)
    assert passphrase_matches(passphrase, stored)
    assert not passphrase_matches(passphrase.swapcase(), stored)
    assert not passphrase_matches(one_time_passphrase(), stored)


@pytest.mark.parametrize(
    "damage",
    [
        lambda h: h.rsplit("$", 1)[0] + "$" + "0" * 64,
        lambda h: h[:-2],
        lambda h: h.replace("otp-sha256", "otp-md5"),
        lambda h: h + "$extra",
        lambda h: h.split("$")[0] + "$AAAA$" + h.split("$")[2],
    ],
)
def test_a_damaged_one_time_hash_matches_nothing(damage: Callable[[str], str]) -> None:
    assert not passphrase_matches(PASSPHRASE, damage(hash_one_time_passphrase(PASSPHRASE)))


def test_one_time_passphrases_never_look_like_a_spreadsheet_formula() -> None:
    generated = [one_time_passphrase() for _ in range(20_000)]
    assert not set(ONE_TIME_ALPHABET) & set("".join(FORMULA_STARTS) + "'\"")
    assert all(neutralise(passphrase) == passphrase for passphrase in generated)
    assert all(set(passphrase) <= set(ONE_TIME_ALPHABET) for passphrase in generated)
    assert len(set(generated)) == len(generated)


# Sign-up ----------------------------------------------------------------------------------


def test_sign_up_normalises_username_and_display_name(store: Store) -> None:
    account = sign_up(store, "  Maria.G ", "  Maria García ", PASSPHRASE)

    assert (account.username, account.display_name) == ("maria.g", "Maria García")
    assert len(account.user_id) == 32
    assert store.find_account("maria.g") == account


def test_sign_up_accepts_a_passphrase_of_exactly_eight_characters(store: Store) -> None:
    account = sign_up(store, "maria", "Maria", "8 chars!")

    assert passphrase_matches("8 chars!", account.passphrase_hash)


def test_sign_up_refuses_a_passphrase_under_eight_characters(store: Store) -> None:
    with pytest.raises(AccountError, match="at least 8 characters"):
        sign_up(store, "maria", "Maria", "7 chars")
    assert store.list_accounts() == []


@pytest.mark.parametrize(("username", "name"), [("ab", "Ab"), ("maria", "  "), ("maria", "x" * 61)])
def test_an_account_added_with_a_ready_hash_is_checked_like_a_sign_up(
    store: Store, username: str, name: str
) -> None:
    with pytest.raises(AccountError):
        add_account_with_hash(store, username, name, "scrypt$a ready hash")
    assert store.list_accounts() == []


@pytest.mark.parametrize("passphrase", ["        ", "\t\t\t\t\n\n\n\n", "\u3000" * 8])
def test_sign_up_refuses_a_passphrase_of_only_spaces(store: Store, passphrase: str) -> None:
    with pytest.raises(AccountError, match="only spaces"):
        sign_up(store, "maria", "Maria", passphrase)
    assert store.list_accounts() == []


@pytest.mark.parametrize(
    "passphrase", ["12345678", "password", "PassWord", " iloveyou ", "qwertyuiop", "trustno1"]
)
def test_sign_up_refuses_the_commonest_passphrases(store: Store, passphrase: str) -> None:
    with pytest.raises(AccountError, match="most common"):
        sign_up(store, "maria", "Maria", passphrase)
    assert store.list_accounts() == []


@pytest.mark.parametrize("email", ["ana@school.edu", "a.b+c@mail.example.org"])
def test_plain_email_addresses_are_addresses(email: str) -> None:
    assert is_email_address(email)


@pytest.mark.parametrize(
    "email",
    [
        "@",
        "a@",
        "@b.org",
        "a@b",
        "a@@b.org",
        "a b@c.org",
        "a@b.org\n",
        "a@.org",
        "x" * 250 + "@b.org",
    ],
)
def test_things_that_only_look_like_email_are_not(email: str) -> None:
    assert not is_email_address(email)


@pytest.mark.parametrize(
    "username", ["ab", "-maria", ".maria", "maria garcia", "maría", "m" * 33, "maria/../x", ""]
)
def test_sign_up_refuses_a_bad_username(store: Store, username: str) -> None:
    with pytest.raises(AccountError, match="Usernames are 3 to 32 characters"):
        sign_up(store, username, "Maria", PASSPHRASE)
    assert store.list_accounts() == []


@pytest.mark.parametrize("display_name", ["", "   ", "\t\n"])
def test_sign_up_refuses_an_empty_display_name(store: Store, display_name: str) -> None:
    with pytest.raises(AccountError, match="Enter the name"):
        sign_up(store, "maria", display_name, PASSPHRASE)


@pytest.mark.parametrize(
    "display_name", ["Maria\x00", "Maria\nGarcía", "Maria\x1b[31m", "Ma\u200bria"]
)
def test_sign_up_refuses_control_characters_in_the_display_name(
    store: Store, display_name: str
) -> None:
    with pytest.raises(AccountError, match="control characters"):
        sign_up(store, "maria", display_name, PASSPHRASE)


def test_sign_up_refuses_a_display_name_over_60_characters(store: Store) -> None:
    with pytest.raises(AccountError, match="at most 60 characters"):
        sign_up(store, "maria", "M" * 61, PASSPHRASE)


def test_usernames_differing_only_in_case_are_one_account(store: Store) -> None:
    sign_up(store, "Maria", "Maria", PASSPHRASE)

    with pytest.raises(UsernameTaken):
        sign_up(store, "MARIA", "Another Maria", "another passphrase")
    assert [account.username for account in store.list_accounts()] == ["maria"]


def test_refused_sign_up_creates_no_file(store: Store, data_dir) -> None:
    with pytest.raises(AccountError):
        sign_up(store, "maria", "Maria", "short")

    assert list((data_dir / "learners").glob("*")) == []


def test_accounts_file_does_not_contain_the_passphrase(store: Store, data_dir) -> None:
    account = sign_up(store, "maria", "Maria", PASSPHRASE)

    stored = (data_dir / "accounts.json").read_text(encoding="utf-8")
    assert PASSPHRASE not in stored
    assert account.passphrase_hash in stored


# Sign-in ----------------------------------------------------------------------------------


def test_sign_in_returns_the_signed_up_account(store: Store) -> None:
    account = sign_up(store, "maria", "Maria", PASSPHRASE)

    assert sign_in(store, "maria", PASSPHRASE, SignInThrottle()) == account


def test_sign_in_ignores_the_case_of_the_username(
    store: Store, add_account_with_passphrase
) -> None:
    account = add_account_with_passphrase("maria.g", PASSPHRASE)

    assert sign_in(store, " MARIA.G ", PASSPHRASE, SignInThrottle()) == account


def test_sign_in_with_a_wrong_passphrase_fails(store: Store, add_account_with_passphrase) -> None:
    add_account_with_passphrase("maria", PASSPHRASE)

    with pytest.raises(SignInFailed) as raised:
        sign_in(store, "maria", "wrong horse battery", SignInThrottle())
    assert str(raised.value) == SIGN_IN_FAILED


def test_sign_in_of_an_unknown_user_fails_with_the_same_message(
    store: Store, add_account_with_passphrase
) -> None:
    add_account_with_passphrase("maria", PASSPHRASE)

    with pytest.raises(SignInFailed) as unknown:
        sign_in(store, "nobody", PASSPHRASE, SignInThrottle())
    with pytest.raises(SignInFailed) as wrong:
        sign_in(store, "maria", "wrong horse battery", SignInThrottle())
    assert str(unknown.value) == str(wrong.value) == SIGN_IN_FAILED


def test_sign_in_with_the_decoy_passphrase_of_an_unknown_user_fails(store: Store) -> None:
    with pytest.raises(SignInFailed):
        sign_in(store, "nobody", "decoy passphrase for unknown usernames", SignInThrottle())
