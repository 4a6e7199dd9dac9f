"""Optional sign-in through an identity provider (st.login), mapped onto the same accounts."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from pathway.store import Store
from tests.app.conftest import APP_SCRIPT, APP_TIMEOUT_SECONDS

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


def test_first_provider_sign_in_creates_a_learner_account(app_data_dir: Path) -> None:
    session = session_with_provider(
        {"is_logged_in": True, "email": "Ana.Rivera@School.edu", "name": "Ana Rivera"}
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
    user = {"is_logged_in": True, "email": "ana.rivera@school.edu", "name": "Ana Rivera"}
    session_with_provider(user)
    session_with_provider(user)
    store = Store(app_data_dir)
    try:
        assert len(store.list_accounts()) == 1
    finally:
        store.close()
