"""Sign-up, sign-in and sign-out through the real pages."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from components.session import USERNAME_KEY
from pathway.auth import SIGN_IN_FAILED
from tests.app.conftest import (
    APP_SCRIPT,
    APP_TIMEOUT_SECONDS,
    create_account,
    new_session,
    shown,
    sign_in,
)


def test_creating_an_account_signs_the_learner_in(app: AppTest) -> None:
    signed_in = create_account(app, "maria", "Maria Garcia", "correct horse battery")
    assert signed_in.session_state[USERNAME_KEY] == "maria"
    assert not signed_in.exception
    assert signed_in.title[0].value == "My dashboard"
    assert "Welcome, Maria Garcia." in [text.value for text in signed_in.text]


def test_created_account_is_stored_with_a_hash_not_the_passphrase(
    app: AppTest, app_data_dir: Path
) -> None:
    create_account(app, "maria", "Maria Garcia", "correct horse battery")
    accounts_file = (app_data_dir / "accounts.json").read_text()
    assert '"maria"' in accounts_file
    assert "correct horse battery" not in accounts_file


def test_short_passphrase_is_refused_with_the_rule(app: AppTest) -> None:
    create_account(app, "maria", "Maria", "short")
    assert "at least 8 characters" in app.error[0].value
    assert USERNAME_KEY not in app.session_state


def test_taken_username_is_refused_whatever_its_case(app: AppTest) -> None:
    create_account(app, "maria", "Maria", "correct horse battery")
    elsewhere = new_session()
    create_account(elsewhere, "Maria", "Another Maria", "another long passphrase")
    assert "already taken" in elsewhere.error[0].value


def test_sign_in_with_the_right_passphrase_opens_the_dashboard(app: AppTest) -> None:
    create_account(app, "maria", "Maria Garcia", "correct horse battery")
    later = sign_in(new_session(), "maria", "correct horse battery")
    assert later.session_state[USERNAME_KEY] == "maria"
    assert later.title[0].value == "My dashboard"


def test_wrong_passphrase_and_unknown_user_get_the_same_message(app: AppTest) -> None:
    create_account(app, "maria", "Maria", "correct horse battery")
    visitor = new_session()
    sign_in(visitor, "maria", "wrong passphrase!")
    wrong_passphrase = shown(visitor.error[0].value)
    sign_in(visitor, "nobody", "wrong passphrase!")
    assert wrong_passphrase == shown(visitor.error[0].value) == SIGN_IN_FAILED
    assert USERNAME_KEY not in visitor.session_state


def test_signing_out_forgets_the_user_and_shows_the_sign_in_page(signed_in: AppTest) -> None:
    # AppTest drops the sidebar after a page switch, so sign out from a fresh session's first run.
    session = new_session("maria")
    session.button(key="sign_out").click().run()
    assert USERNAME_KEY not in session.session_state
    session.switch_page("pages/sign_in.py").run()
    assert session.title[0].value == "MA Pathway"


def test_a_session_naming_an_unknown_user_is_signed_out(app_data_dir: Path) -> None:
    app = new_session("ghost")
    assert USERNAME_KEY not in app.session_state
    assert app.title[0].value == "MA Pathway"


def test_damaged_accounts_file_is_reported_and_kept(app_data_dir: Path) -> None:
    app_data_dir.mkdir(parents=True)
    damaged = b'{"accounts": {"1": {"username": "mar'
    (app_data_dir / "accounts.json").write_bytes(damaged)
    app = AppTest.from_file(APP_SCRIPT, default_timeout=APP_TIMEOUT_SECONDS).run()
    assert "accounts.json" in app.error[0].value
    assert (app_data_dir / "accounts.json").read_bytes() == damaged


def test_two_learners_see_only_their_own_progress(app: AppTest) -> None:
    create_account(app, "maria", "Maria", "correct horse battery")
    app.switch_page("pages/checklist.py").run()
    app.checkbox(key="req:req.cpr.card:done").check().run()
    sam = create_account(new_session(), "sam", "Sam", "another long passphrase")
    sam.switch_page("pages/checklist.py").run()
    assert sam.checkbox(key="req:req.cpr.card:done").value is False
    assert app.run().checkbox(key="req:req.cpr.card:done").value is True


def test_display_name_with_markup_is_shown_as_plain_text(app: AppTest) -> None:
    name = "**Mia** <img src=x onerror=alert(1)> [x](javascript:a())"
    create_account(app, "maria", name, "correct horse battery")
    assert f"Welcome, {name}." in [text.value for text in app.text]
    rendered = [element.value for element in (*app.markdown, *app.caption, *app.metric)]
    assert not any("onerror" in str(value) for value in rendered)


def test_sixth_wrong_passphrase_makes_the_username_wait(app: AppTest) -> None:
    create_account(app, "maria", "Maria", "correct horse battery")
    visitor = new_session()
    for _ in range(6):
        sign_in(visitor, "maria", "a wrong guess!")
    sign_in(visitor, "maria", "correct horse battery")
    assert "Try again in 30 seconds" in visitor.error[0].value
    assert USERNAME_KEY not in visitor.session_state


def test_clearing_streamlits_caches_does_not_reset_the_sign_in_throttle(app: AppTest) -> None:
    # What a visitor's clear_cache message on the websocket does to the whole process.
    create_account(app, "maria", "Maria", "correct horse battery")
    visitor = new_session()
    for _ in range(6):
        sign_in(visitor, "maria", "a wrong guess!")
    st.cache_resource.clear()
    st.cache_data.clear()
    sign_in(visitor, "maria", "correct horse battery")
    assert "Try again in 30 seconds" in visitor.error[0].value
    assert USERNAME_KEY not in visitor.session_state


def test_query_parameters_naming_another_user_change_nothing(app: AppTest) -> None:
    create_account(app, "james", "James", "another good passphrase")
    maria = new_session()
    create_account(maria, "maria", "Maria", "correct horse battery")
    for name in ("username", "user", USERNAME_KEY):
        maria.query_params[name] = "james"
    maria.run()
    assert maria.session_state[USERNAME_KEY] == "maria"
    assert maria.text[0].value == "Welcome, Maria."


def test_query_parameters_do_not_sign_a_visitor_in(app: AppTest) -> None:
    create_account(app, "james", "James", "another good passphrase")
    visitor = AppTest.from_file(APP_SCRIPT, default_timeout=APP_TIMEOUT_SECONDS)
    visitor.query_params[USERNAME_KEY] = "james"
    visitor.run()
    assert USERNAME_KEY not in visitor.session_state
    assert visitor.title[0].value == "MA Pathway"
