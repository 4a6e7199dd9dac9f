"""My account's own settings: the name shown to others and the passphrase, each in one form.

A changed passphrase ends every other sign-in of the account, as after choosing one at first
sign-in: whoever knew the old one is signed out. The checks themselves live in `pathway.auth`.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from components.data_errors import write_accepted
from components.item_state import confirm, seed
from components.plain_text import markdown_literal
from components.session import client_address, end_other_sign_ins, sign_in_throttle
from pathway.accounts import DISPLAY_NAME_MAX_LENGTH, PASSPHRASE_MIN_LENGTH, Account, AccountError
from pathway.auth import change_display_name, change_own_passphrase
from pathway.storage import Storage


def display_name_form(store: Storage, account: Account) -> None:
    """Change the name your instructor and your dashboard show."""
    seed("new_display_name", account.display_name)
    with st.form("display_name_form", border=False):
        st.text_input(
            "Name shown on your dashboard and to your instructor",
            max_chars=DISPLAY_NAME_MAX_LENGTH,
            key="new_display_name",
        )
        if st.form_submit_button("Save name", icon=":material/badge:"):
            name = st.session_state["new_display_name"]
            if _saved_or_refused(lambda: change_display_name(store, account, name)):
                confirm(f"Your name is now {markdown_literal(name.strip())}")
                st.rerun()  # the page title and the sidebar show the new name


def passphrase_form(store: Storage, account: Account) -> None:
    """Change the passphrase, typing the current one first; none to change for a school login."""
    if not account.has_passphrase:
        st.caption("You sign in with your school account, so there is no passphrase to change.")
        return
    with st.form("passphrase_form", border=False, clear_on_submit=True):
        current = st.text_input("Current passphrase", type="password", key="current_passphrase")
        new = st.text_input(
            f"New passphrase (at least {PASSPHRASE_MIN_LENGTH} characters)",
            type="password",
            key="account_new_passphrase",
        )
        repeated = st.text_input(
            "The new passphrase again", type="password", key="account_repeated_passphrase"
        )
        if st.form_submit_button("Change passphrase", icon=":material/password:"):
            with st.spinner("Checking your passphrase…"):
                changed = _saved_or_refused(
                    lambda: change_own_passphrase(
                        store,
                        account,
                        current,
                        new,
                        repeated,
                        sign_in_throttle(),
                        client_address(),
                    )
                )
            if changed:
                end_other_sign_ins(account)  # whoever knew the old passphrase is signed out
                confirm("Your passphrase was changed; your other sign-ins have ended")
                st.rerun()


def _saved_or_refused(change: Callable[[], None]) -> bool:
    """Run `change` and say whether it was saved; a refusal is shown saying why."""
    try:
        return write_accepted(change)
    except AccountError as error:
        st.error(markdown_literal(str(error)), icon=":material/error:")
        return False
