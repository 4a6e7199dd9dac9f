"""Who is signed in, and the shared content and store every page reads.

The content and the store are built once per server process (`st.cache_resource`) and shared
by all sessions; the signed-in account is re-read from the store on every run, so a stale or
edited session key never grants access to an account that does not exist. In a browser every
run also checks the sign-in cookie (components/sign_in_cookie.py sets it) and binds the
session to its token. The sign-in throttle is not in `st.cache_resource`: a visitor can
clear that cache (see `pathway.throttle`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import streamlit as st

from components.data_errors import report_data_error
from components.downloads import forget_downloads
from components.plain_text import markdown_literal
from components.sign_in_cookie import COOKIE_NAME, SIGN_IN_PATH, SIGN_OUT_PATH
from pathway import settings, throttle
from pathway.accounts import Account, AccountError
from pathway.auth import ProviderLogin, account_for_identity
from pathway.backends import open_storage, throttle_of
from pathway.content import Content, ContentError, load_content
from pathway.content.translations import load_translation
from pathway.i18n import ENGLISH, LANGUAGES, Language, run_language
from pathway.records import LearnerRecord
from pathway.sessions import signed_in_account
from pathway.storage import Storage, StorageError
from pathway.throttle import Throttle

USERNAME_KEY = "signed_in_username"
TOKEN_KEY = "sign_in_token"
"""(account id, token hash) of the cookie this session was signed in with (18.4: bound on
every run)."""
BROWSER_STEP_KEY = "pending_browser_step"
"""A post to a sign-in cookie route the browser still has to make: (path, one-time code)."""
LANGUAGE_KEY = "chosen_language"
"""The language chosen for this session: the signed-in account's (set on every run), or a
visitor's from the sign-in page; None or absent follows the browser."""


@st.cache_resource(show_spinner=False)
def _content(folder: Path) -> dict[Language, Content]:
    # Every language at once, so a broken translation stops the app at start-up for everyone,
    # as a broken English file does, rather than only for the first reader of that language.
    english = load_content(folder)
    return {
        language: english if language == ENGLISH else load_translation(folder, english, language)
        for language in LANGUAGES
    }


@st.cache_resource(show_spinner=False)
def _store(folder: Path, database_url: str) -> Storage:
    # `open_storage` picks the backend: everything else sees the `Storage` interface.
    return open_storage(folder, database_url)


def sign_in_throttle() -> Throttle:
    """The count of failed sign-ins for the accounts of this server, shared by every session."""
    return throttle_of(shared_store(), settings.data_dir())


def client_address() -> str | None:
    """The visitor's address, for the throttle; None for this machine (and in AppTest)."""
    address = st.context.ip_address
    return address[: throttle.KEY_MAX_LENGTH] if address else None


def current_language() -> Language:
    """The run's language: the account's or visitor's choice, else the browser's, else English.

    Call after `current_account` (app.py does, on every run), which sets the account's choice.
    """
    return run_language(
        st.session_state.get(LANGUAGE_KEY), st.context.headers.get("Accept-Language")
    )


def content_or_stop() -> Content:
    """The validated content in the run's language; a broken file stops with its one-line reason."""
    try:
        return _content(settings.content_dir())[current_language()]
    except ContentError as error:
        st.error(
            markdown_literal(f"The app's content could not be loaded. {error}"),
            icon=":material/error:",
        )
        st.stop()


def shared_store() -> Storage:
    """The store shared by every session of this process (also used by the cookie routes)."""
    return _store(settings.data_dir(), settings.database_url())


def store_or_stop() -> Storage:
    """The data store; a damaged accounts file stops with a message naming it."""
    try:
        return shared_store()
    except StorageError as error:
        report_data_error(error)
        st.stop()


def identity_provider_configured() -> bool:
    """Whether `[auth]` in .streamlit/secrets.toml enables signing in with st.login."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:
        return False


def _browser_cookies() -> Mapping[str, str] | None:
    """The cookies of the browser connection behind this run; None when there is none.

    Every browser connection is an HTTP request with headers; a run without them has no
    browser behind it (AppTest, which cannot send cookies), and there the session state alone
    says who is signed in.
    """
    if not st.context.headers:
        return None
    return st.context.cookies


def provider_login() -> ProviderLogin | None:
    """Who signed in through the identity provider (st.login) in this session, if anyone.

    None too when the provider's claims lack an issuer or subject (`current_account` says so).
    """
    if not (identity_provider_configured() and st.user.is_logged_in):
        return None
    try:
        return ProviderLogin.from_claims(st.user)
    except AccountError:
        return None


def current_account() -> Account | None:
    """The signed-in account, re-read from the store; None when nobody is signed in.

    In a browser the sign-in cookie decides on every run: a missing, refused or different
    token signs the session out, so a session id replayed from another connection without the
    cookie gets nothing. Someone signed in through the identity provider (st.user) is mapped
    onto the account linked to their login, created on their first visit, so the rest of the
    app sees one kind of account; None while they choose whether to link an existing account
    (sign-in page).
    """
    username = st.session_state.get(USERNAME_KEY)
    cookies = _browser_cookies()
    if cookies is not None:
        username = _username_from_cookie(cookies.get(COOKIE_NAME))
    if username is None and identity_provider_configured() and st.user.is_logged_in:
        linked = _provider_account()
        if linked is None:
            return None
        sign_in_as(linked)
        username = st.session_state.get(USERNAME_KEY)
    if username is None:
        return None
    try:
        account = store_or_stop().find_account(username)
    except StorageError as error:  # the accounts file was damaged while the server ran
        report_data_error(error)
        st.stop()
    if account is None:
        sign_out()
    else:
        st.session_state[LANGUAGE_KEY] = account.language
    return account


def _username_from_cookie(token: str | None) -> str | None:
    """Bind the session to the cookie's token; the username it signs in, or None."""
    try:
        signed_in = signed_in_account(store_or_stop(), token)
    except StorageError as error:
        report_data_error(error)
        st.stop()
    if signed_in is None:
        if USERNAME_KEY in st.session_state or TOKEN_KEY in st.session_state:
            st.session_state.clear()  # signed out elsewhere: nothing of the user stays
        return None
    account, sign_in = signed_in
    bound = (sign_in.user_id, sign_in.token_hash)
    if st.session_state.get(TOKEN_KEY) != bound:
        st.session_state.clear()  # a new page load, or another sign-in: start clean
        st.session_state[TOKEN_KEY] = bound
    st.session_state[USERNAME_KEY] = account.username
    return account.username


def send_browser_step() -> None:
    """Make the browser post a pending sign-in or sign-out to its cookie route, then stop.

    The post is a top-level form submission, so the route's cookie lands in the browser and
    the app reloads from the redirect with it.
    """
    step = st.session_state.pop(BROWSER_STEP_KEY, None)
    if step is None:
        return
    path, code = step
    st.caption("Signing you in…" if path == SIGN_IN_PATH else "Signing you out…")
    script = (
        "const form = document.createElement('form');"
        f"form.method = 'post'; form.action = {json.dumps(path)};"
        "const code = document.createElement('input');"
        f"code.type = 'hidden'; code.name = 'code'; code.value = {json.dumps(code)};"
        "form.appendChild(code); document.body.appendChild(form); form.submit();"
    )
    st.html(f"<script>{script}</script>", unsafe_allow_javascript=True)
    st.stop()


def _provider_account() -> Account | None:
    try:
        login = ProviderLogin.from_claims(st.user)
        return account_for_identity(store_or_stop(), login)
    except AccountError as error:
        st.error(markdown_literal(str(error)), icon=":material/error:")
    except StorageError as error:
        report_data_error(error)
        st.stop()
    return None


def account_or_stop() -> Account:
    """The signed-in account, for pages that need one (the navigation hides them otherwise)."""
    account = current_account()
    if account is None:
        st.info("Sign in to see this page.", icon=":material/login:")
        st.stop()
    return account


def instructor_or_stop() -> Account:
    """The signed-in instructor; anyone else is stopped (the domain re-checks every access)."""
    account = account_or_stop()
    if account.role != "instructor":
        st.error("This page is for instructors.", icon=":material/block:")
        st.stop()
    return account


def record_or_stop(account: Account) -> LearnerRecord:
    """The learner's stored record; a damaged file is reported, never replaced.

    Its owner is offered the newest good backup; other learners' pages keep working.
    """
    store = store_or_stop()
    try:
        return store.read(account.user_id)
    except StorageError as error:
        report_data_error(error, store, account)
        st.stop()


def sign_in_as(account: Account, *, keep: bool = True) -> None:
    """Start a signed-in session, dropping any widget state of a previous user.

    In a browser the session is signed in only once the browser holds a new token: this
    asks for a one-time code and leaves `send_browser_step` to post it to the cookie route.
    """
    st.session_state.clear()
    if _browser_cookies() is None:
        st.session_state[USERNAME_KEY] = account.username
        return
    code = store_or_stop().sessions.begin_sign_in(account, keep=keep)
    st.session_state[BROWSER_STEP_KEY] = (SIGN_IN_PATH, code)


def sign_out() -> None:
    """End the session and its token; nothing of the previous user stays, downloads included."""
    bound = st.session_state.get(TOKEN_KEY)
    if bound is not None:
        store_or_stop().sessions.revoke(*bound)
    st.session_state.clear()
    forget_downloads()
    if _browser_cookies() is not None:
        st.session_state[BROWSER_STEP_KEY] = (SIGN_OUT_PATH, "")
    if identity_provider_configured() and st.user.is_logged_in:
        st.logout()


def sign_out_everywhere(account: Account) -> None:
    """End every sign-in of the account, in every browser, this one included."""
    store_or_stop().sessions.revoke_account(account.user_id)
    sign_out()


def end_other_sign_ins(account: Account) -> None:
    """End every sign-in of the account but this session's (after a passphrase change)."""
    bound = st.session_state.get(TOKEN_KEY)
    store_or_stop().sessions.revoke_others(account.user_id, bound[1] if bound else None)
