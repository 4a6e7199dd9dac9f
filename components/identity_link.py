"""The choice shown to someone signed in through the identity provider whose email is taken.

Their email matches an existing MA Pathway account that no login is linked to yet. That
account may be theirs, or someone may have given a provider a borrowed address: only the
account's passphrase (entered once here) links it. Otherwise they start a new account.
"""

from __future__ import annotations

import streamlit as st

from components.data_errors import report_data_error
from components.plain_text import markdown_literal
from components.session import client_address, sign_in_as, sign_in_throttle
from pathway.accounts import AccountError
from pathway.auth import ProviderLogin, link_with_passphrase, new_account_for_identity
from pathway.storage import Storage, StorageError


def link_choice(store: Storage, login: ProviderLogin) -> None:
    """Ask for the existing account's username and passphrase, or offer a new account."""
    st.subheader("Link your school account")
    st.write(
        "An MA Pathway account already uses your email address. If it is yours, enter its "
        "username and passphrase once to sign in to it with your school account from now on."
    )
    with st.form("link_identity_form"):
        username = st.text_input("Username", key="link_username", autocomplete="username")
        passphrase = st.text_input(
            "Passphrase", type="password", key="link_passphrase", autocomplete="current-password"
        )
        if st.form_submit_button("Link and sign in", type="primary"):
            try:
                with st.spinner("Checking your passphrase…"):  # one scrypt: about half a second
                    account = link_with_passphrase(
                        store, login, username, passphrase, sign_in_throttle(), client_address()
                    )
            except AccountError as error:
                st.error(markdown_literal(str(error)), icon=":material/error:")
            except StorageError as error:
                report_data_error(error)
            else:
                sign_in_as(account)
                st.rerun()
    st.write("Not yours, or no passphrase? Start a separate account for your school login.")
    if st.button("Start a new account", key="link_new_account"):
        try:
            account = new_account_for_identity(store, login)
        except StorageError as error:
            report_data_error(error)
        else:
            sign_in_as(account)
            st.rerun()
    st.button("Sign out of your school account", key="link_sign_out", on_click=st.logout)
