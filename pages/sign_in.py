"""Sign in, or create a learner account."""

import streamlit as st

from components.data_errors import report_data_error
from components.identity_link import link_choice
from components.language_choice import language_choice
from components.plain_text import markdown_literal
from components.session import (
    client_address,
    identity_provider_configured,
    provider_login,
    sign_in_as,
    sign_in_throttle,
    store_or_stop,
)
from pathway.accounts import PASSPHRASE_MIN_LENGTH, AccountError
from pathway.auth import sign_in, sign_up
from pathway.storage import StorageError

st.title("MA Pathway")
st.write(
    "Your roadmap from curious to certified medical assistant: track the twelve steps, tick off "
    "requirements, and watch your skills grow. Your progress is saved on this server."
)
language_choice()

store = store_or_stop()
if (login := provider_login()) is not None:  # signed in at the provider, no account chosen yet
    link_choice(store, login)
    st.stop()
if identity_provider_configured():
    st.button(
        "Sign in with your school account",
        on_click=st.login,
        icon=":material/badge:",
        type="primary",
    )
    st.caption("Or use a MA Pathway account:")
existing, new = st.tabs(["Sign in", "Create an account"])

with existing, st.form("sign_in_form"):
    username = st.text_input("Username", key="sign_in_username", autocomplete="username")
    passphrase = st.text_input(
        "Passphrase", type="password", key="sign_in_passphrase", autocomplete="current-password"
    )
    keep = st.checkbox(
        "Keep me signed in",
        value=True,
        key="sign_in_keep",
        help="For 14 days after your last visit. Untick on a shared computer: you are then "
        "signed out when the browser closes.",
    )
    if st.form_submit_button("Sign in", type="primary"):
        try:
            with st.spinner("Checking your passphrase…"):  # one scrypt: about half a second
                account = sign_in(store, username, passphrase, sign_in_throttle(), client_address())
        except AccountError as error:
            st.error(markdown_literal(str(error)), icon=":material/error:")
        else:
            sign_in_as(account, keep=keep)
            st.rerun()

with new, st.form("sign_up_form"):
    display_name = st.text_input(
        "Your name, as shown on your dashboard", key="sign_up_display_name"
    )
    new_username = st.text_input(
        "Username",
        key="sign_up_username",
        help="3 to 32 letters, digits, dots, dashes or underscores",
    )
    new_passphrase = st.text_input(
        "Passphrase",
        type="password",
        key="sign_up_passphrase",
        help=f"At least {PASSPHRASE_MIN_LENGTH} characters; a few words are easy to remember.",
        autocomplete="new-password",
    )
    if st.form_submit_button("Create account", type="primary"):
        try:
            with st.spinner("Creating your account…"):  # one scrypt: about half a second
                account = sign_up(
                    store,
                    new_username,
                    display_name,
                    new_passphrase,
                    throttle=sign_in_throttle(),
                    address=client_address(),
                )
        except AccountError as error:
            st.error(markdown_literal(str(error)), icon=":material/error:")
        except StorageError as error:
            report_data_error(error)
        else:
            sign_in_as(account)
            st.rerun()
