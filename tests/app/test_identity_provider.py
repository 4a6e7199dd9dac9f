"""Optional sign-in through an identity provider (st.login), linked to the same accounts.

A login is its issuer and subject (`iss`, `sub` in st.user); its email only suggests an account
to link, which takes that account's passphrase on the sign-in page.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

from streamlit.testing.v1 import AppTest

from components.session import USERNAME_KEY
from pathway.accounts import Account, hash_passphrase
from pathway.auth import SIGN_IN_FAILED
from pathway.store import Store
from tests.app.conftest import APP_SCRIPT, APP_TIMEOUT_SECONDS, create_account, shown

ISSUER = "https://login.school.example"
PASSPHRASE = "correct horse battery"

AUTH_SECRETS = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a long random cookie secret for tests",
    "client_id": "ma-pathway",
    "client_secret": "not-a-real-secret",
    "server_metadata_url": "https://idp.example/.well-known/openid-configuration",
}


def session_with_provider(user: dict[str, object]) -> AppTest:
    """A new session on an app whose secrets configure [auth], as `user` per st.user."""
    session = AppTest.from_file(APP_SCRIPT, default_timeout=APP_TIMEOUT_SECONDS)
    session.secrets["auth"] = AUTH_SECRETS
    session.user = user
    return session.run()


def test_sign_in_page_offers_the_provider_when_configured(app_data_dir: Path) -> None:
    visitor = session_with_provider({"is_logged_in": False})
    labels = [button.label for button in visitor.button]
    assert "Sign in with your school account" in labels


def test_provider_sign_in_is_not_offered_without_configuration(app: AppTest) -> None:
    assert "Sign in with your school account" not in [button.label for button in app.button]


def provider_user(subject: str, **claims: object) -> dict[str, object]:
    """st.user for someone signed in at the school's provider."""
    return {"is_logged_in": True, "iss": ISSUER, "sub": subject, **claims}


def stored_accounts(data_dir: Path) -> dict[str, Account]:
    """Every stored account by username, read through a fresh store."""
    store = Store(data_dir)
    try:
        return {account.username: account for account in store.list_accounts()}
    finally:
        store.close()


def test_first_provider_sign_in_creates_a_learner_account(app_data_dir: Path) -> None:
    session = session_with_provider(
        provider_user("ana-1", email="Ana.Rivera@School.edu", name="Ana Rivera")
    )
    assert session.title[0].value == "My dashboard"
    store = Store(app_data_dir)
    try:
        (account,) = store.list_accounts()
    finally:
        store.close()
    assert (account.username, account.email, account.role) == (
        "ana.rivera",
        "ana.rivera@school.edu",
        "learner",
    )


def test_later_provider_sign_ins_reach_the_same_account(app_data_dir: Path) -> None:
    user = provider_user("ana-1", email="ana.rivera@school.edu", name="Ana Rivera")
    session_with_provider(user)
    session_with_provider(user)
    store = Store(app_data_dir)
    try:
        assert len(store.list_accounts()) == 1
    finally:
        store.close()


def test_a_login_without_an_email_signs_in_to_a_new_account_not_an_existing_one(
    app: AppTest, app_data_dir: Path
) -> None:
    create_account(app, "ana.rivera", "Ana Rivera", "correct horse battery")
    before = stored_accounts(app_data_dir)
    session = session_with_provider(provider_user("mallory-1", name="Mallory"))
    assert session.title[0].value == "My dashboard"
    assert session.session_state[USERNAME_KEY] != "ana.rivera"
    after = stored_accounts(app_data_dir)
    assert after["ana.rivera"] == before["ana.rivera"]
    assert after[session.session_state[USERNAME_KEY]].display_name == "Mallory"


def add_account_with_email(data_dir: Path, username: str, email: str) -> Account:
    """An account with a passphrase and an email, as a roster import makes one."""
    account = Account(
        user_id=uuid.uuid4().hex,
        username=username,
        display_name=username.title(),
        passphrase_hash=hash_passphrase(PASSPHRASE),
        created_at=datetime.now(UTC),
        email=email,
    )
    store = Store(data_dir)
    try:
        store.add_account(account)
    finally:
        store.close()
    return account


def test_a_login_with_a_taken_email_is_asked_for_that_accounts_passphrase(
    app_data_dir: Path,
) -> None:
    add_account_with_email(app_data_dir, "maria", "maria@school.edu")
    before = stored_accounts(app_data_dir)
    session = session_with_provider(provider_user("maria-1", email="maria@school.edu"))
    assert "Link your school account" in [header.value for header in session.subheader]
    assert USERNAME_KEY not in session.session_state
    assert stored_accounts(app_data_dir) == before


def test_a_wrong_passphrase_on_the_link_form_links_nothing(app_data_dir: Path) -> None:
    add_account_with_email(app_data_dir, "maria", "maria@school.edu")
    before = stored_accounts(app_data_dir)
    session = session_with_provider(provider_user("mallory-1", email="maria@school.edu"))
    link(session, "maria", "a wrong guess")
    assert shown(session.error[0].value) == SIGN_IN_FAILED
    assert USERNAME_KEY not in session.session_state
    assert stored_accounts(app_data_dir) == before


def test_the_right_passphrase_links_the_login_and_signs_in_to_that_account(
    app_data_dir: Path,
) -> None:
    maria = add_account_with_email(app_data_dir, "maria", "maria@school.edu")
    session = session_with_provider(provider_user("maria-1", email="maria@school.edu"))
    link(session, "maria", PASSPHRASE)
    assert session.session_state[USERNAME_KEY] == "maria"
    later = session_with_provider(provider_user("maria-1", email="maria@school.edu"))
    assert later.session_state[USERNAME_KEY] == "maria"
    (stored,) = stored_accounts(app_data_dir).values()
    assert stored.user_id == maria.user_id
    assert [(i.issuer, i.subject) for i in stored.identities] == [(ISSUER, "maria-1")]


def test_starting_a_new_account_leaves_the_one_with_the_email_alone(app_data_dir: Path) -> None:
    add_account_with_email(app_data_dir, "maria", "maria@school.edu")
    before = stored_accounts(app_data_dir)
    session = session_with_provider(provider_user("maria-1", email="maria@school.edu"))
    session.button(key="link_new_account").click().run()
    username = session.session_state[USERNAME_KEY]
    after = stored_accounts(app_data_dir)
    assert username != "maria"
    assert after["maria"] == before["maria"]
    assert after[username].identities[0].subject == "maria-1"


def link(session: AppTest, username: str, passphrase: str) -> AppTest:
    """Fill in and submit the link form of the sign-in page."""
    session.text_input(key="link_username").input(username)
    session.text_input(key="link_passphrase").input(passphrase)
    next(b for b in session.button if b.label == "Link and sign in").click()
    return session.run()
