"""Choose your own passphrase: required at the first sign-in of an account made from a roster."""

import streamlit as st

from components.data_errors import write_accepted
from components.item_state import show_confirmation
from components.plain_text import markdown_literal
from components.session import account_or_stop, end_other_sign_ins, store_or_stop
from pathway.accounts import PASSPHRASE_MIN_LENGTH, AccountError
from pathway.auth import change_passphrase

account = account_or_stop()
store = store_or_stop()


show_confirmation()
st.title("Choose your passphrase")
st.write(
    "Your instructor created this account with a one-time passphrase. Choose your own to continue; "
    f"use at least {PASSPHRASE_MIN_LENGTH} characters."
)
with st.form("change_passphrase_form"):
    new = st.text_input("New passphrase", type="password", key="new_passphrase")
    repeated = st.text_input("The same again", type="password", key="repeated_passphrase")
    if st.form_submit_button("Save passphrase", type="primary"):
        try:
            with st.spinner("Saving your passphrase…"):  # one scrypt: about half a second
                saved = write_accepted(lambda: change_passphrase(store, account, new, repeated))
        except AccountError as error:
            st.error(markdown_literal(str(error)), icon=":material/error:")
        else:
            if saved:
                end_other_sign_ins(account)  # whoever knew the old passphrase is signed out
            st.rerun()
