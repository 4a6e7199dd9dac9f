"""AppTest fixtures: the real app script over a temporary data folder, driven by widget keys."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.session import USERNAME_KEY
from pathway import settings
from pathway.auth import add_account_with_hash
from pathway.store import Store

APP_SCRIPT = str(Path(__file__).resolve().parents[2] / "app.py")

# The first run imports pandas, plotly and the content; AppTest's 3 s default is too tight.
APP_TIMEOUT_SECONDS = 30


def shown(markdown: str) -> str:
    """Markdown made by `markdown_literal` as the reader sees it: no escapes, no word joiners."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


@pytest.fixture
def app_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data folder that the app under test reads through MA_PATHWAY_DATA_DIR."""
    folder = tmp_path / "app-data"
    monkeypatch.setenv(settings.DATA_DIR.name, str(folder))
    return folder


def new_session(username: str | None = None) -> AppTest:
    """A new browser session on the app, optionally already signed in as `username`, run once."""
    app_test = AppTest.from_file(APP_SCRIPT, default_timeout=APP_TIMEOUT_SECONDS)
    if username is not None:
        app_test.session_state[USERNAME_KEY] = username
    return app_test.run()


@pytest.fixture
def app(app_data_dir: Path) -> AppTest:
    """The app from its entry point, run once, nobody signed in."""
    return new_session()


def create_account(app: AppTest, username: str, display_name: str, passphrase: str) -> AppTest:
    """Fill in and submit the sign-up form."""
    app.text_input(key="sign_up_display_name").input(display_name)
    app.text_input(key="sign_up_username").input(username)
    app.text_input(key="sign_up_passphrase").input(passphrase)
    return _submit(app, "Create account")


def sign_in(app: AppTest, username: str, passphrase: str) -> AppTest:
    """Fill in and submit the sign-in form."""
    app.text_input(key="sign_in_username").input(username)
    app.text_input(key="sign_in_passphrase").input(passphrase)
    return _submit(app, "Sign in")


def _submit(app: AppTest, label: str) -> AppTest:
    next(button for button in app.button if button.label == label).click()
    app.run()
    if USERNAME_KEY in app.session_state:
        # A browser lands on the new default page after the sign-in rerun; AppTest stays on
        # the page it last ran, which is no longer in the navigation, so go there explicitly.
        app.switch_page("pages/dashboard.py").run()
    return app


@pytest.fixture
def signed_in(app: AppTest, app_data_dir: Path, passphrase_hash: Callable[[str], str]) -> AppTest:
    """The app on the dashboard of Maria, a learner whose passphrase is "correct horse battery".

    Her account is added to the data folder with the session's ready hash and the session
    marked signed in, as the sign-in form does, without the form's scrypt: the sign-up form
    itself is specified in test_sign_in_page.py.
    """
    store = Store(app_data_dir)
    try:
        add_account_with_hash(
            store, "maria", "Maria Garcia", passphrase_hash("correct horse battery")
        )
    finally:
        store.close()
    app.session_state[USERNAME_KEY] = "maria"
    app.run()
    app.switch_page("pages/dashboard.py").run()
    assert app.session_state[USERNAME_KEY] == "maria"
    return app


@pytest.fixture
def open_page(signed_in: AppTest) -> Callable[[str], AppTest]:
    """Switch the signed-in app to a page script and run it."""

    def open_(page: str) -> AppTest:
        signed_in.switch_page(page)
        return signed_in.run()

    return open_
