"""`python -m pathway link-identity USERNAME ISSUER SUBJECT`: the operator's way to link a login."""

from __future__ import annotations

from pathlib import Path

from pathway.accounts import IdentityLink
from pathway.auth import ProviderLogin, account_for_identity
from pathway.store import Store
from tests.unit.test_cli import run_cli

ISSUER = "https://login.school.example"


def test_the_operator_links_a_login_to_an_instructor(data_dir: Path, add_instructor) -> None:
    rivera = add_instructor("rivera")
    result = run_cli(data_dir, "link-identity", "Rivera", ISSUER, "rivera-1")
    assert result.returncode == 0, result.stderr
    assert "now signs in as 'rivera'" in result.stdout
    store = Store(data_dir)
    try:
        login = ProviderLogin.from_claims({"iss": ISSUER, "sub": "rivera-1"})
        signed_in = account_for_identity(store, login)
        assert signed_in is not None
        assert signed_in.user_id == rivera.user_id
    finally:
        store.close()


def test_linking_moves_the_login_off_the_account_it_had_made(
    data_dir: Path, store: Store, add_learner
) -> None:
    add_learner("maria")
    login = ProviderLogin.from_claims({"iss": ISSUER, "sub": "maria-1"})
    made = account_for_identity(store, login)
    assert made is not None
    store.close()
    result = run_cli(data_dir, "link-identity", "maria", ISSUER, "maria-1")
    assert f"(moved from '{made.username}')" in result.stdout
    reopened = Store(data_dir)
    try:
        assert reopened.find_account("maria").identities == (login.link,)
        assert reopened.find_account(made.username).identities == ()
    finally:
        reopened.close()


def test_linking_an_unknown_username_changes_nothing(data_dir: Path, add_learner) -> None:
    add_learner("maria")
    result = run_cli(data_dir, "link-identity", "nobody", ISSUER, "x")
    assert result.returncode == 2
    assert "No account 'nobody'" in result.stderr
    store = Store(data_dir)
    try:
        assert store.find_account_by_identity(IdentityLink(issuer=ISSUER, subject="x")) is None
    finally:
        store.close()
