"""Who is signed in, and the shared content and store every page reads.

The content and the store are built once per server process (`st.cache_resource`) and shared
by all sessions; the signed-in account is re-read from the store on every run, so a stale or
edited session key never grants access to an account that does not exist. The sign-in throttle
is not in `st.cache_resource`: a visitor can clear that cache (see `pathway.throttle`).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from components.data_errors import report_data_error
from pathway import settings, throttle
from pathway.accounts import Account, AccountError
from pathway.auth import ProviderLogin, account_for_identity
from pathway.content import Content, ContentError, load_content
from pathway.data_file import DataFileError
from pathway.records import LearnerRecord
from pathway.store import Store
from pathway.throttle import SignInThrottle

USERNAME_KEY = "signed_in_username"


@st.cache_resource(show_spinner=False)
def _content(folder: Path) -> Content:
    return load_content(folder)


@st.cache_resource(show_spinner=False)
def _store(folder: Path) -> Store:
    return Store(folder)


def sign_in_throttle() -> SignInThrottle:
    """The count of failed sign-ins for the accounts in the data folder, shared by every session."""
    return throttle.for_data_folder(settings.data_dir())


def client_address() -> str | None:
    """The visitor's address, for the throttle; None for this machine (and in AppTest)."""
    address = st.context.ip_address
    return address[: throttle.KEY_MAX_LENGTH] if address else None


def content_or_stop() -> Content:
    """The validated content; a broken content file stops the app with its one-line reason."""
    try:
        return _content(settings.content_dir())
    except ContentError as error:
        st.error(f"The app's content could not be loaded. {error}", icon=":material/error:")
        st.stop()


def store_or_stop() -> Store:
    """The data store; a damaged accounts file stops with a message naming it."""
    try:
        return _store(settings.data_dir())
    except DataFileError as error:
        report_data_error(error)
        st.stop()


def identity_provider_configured() -> bool:
    """Whether `[auth]` in .streamlit/secrets.toml enables signing in with st.login."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:
        return False


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

    Someone signed in through the identity provider (st.user) is mapped onto the account
    linked to their login, created on their first visit, so the rest of the app sees one kind
    of account; None while they choose whether to link an existing account (sign-in page).
    """
    username = st.session_state.get(USERNAME_KEY)
    if username is None and identity_provider_configured() and st.user.is_logged_in:
        linked = _provider_account()
        if linked is None:
            return None
        st.session_state[USERNAME_KEY] = username = linked.username
    if username is None:
        return None
    try:
        account = store_or_stop().find_account(username)
    except DataFileError as error:  # the accounts file was damaged while the server ran
        report_data_error(error)
        st.stop()
    if account is None:
        sign_out()
    return account


def _provider_account() -> Account | None:
    try:
        login = ProviderLogin.from_claims(st.user)
        return account_for_identity(store_or_stop(), login)
    except AccountError as error:
        st.error(str(error), icon=":material/error:")
    except DataFileError as error:
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
        return store.load_record(account.user_id)
    except DataFileError as error:
        report_data_error(error, store, account)
        st.stop()


def sign_in_as(account: Account) -> None:
    """Start a signed-in session, dropping any widget state of a previous user."""
    st.session_state.clear()
    st.session_state[USERNAME_KEY] = account.username


def sign_out() -> None:
    """End the session: nothing of the previous user stays in the session state."""
    st.session_state.clear()
    if identity_provider_configured() and st.user.is_logged_in:
        st.logout()
