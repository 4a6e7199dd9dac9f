"""Externship hours (learners): log each day at the site; the instructor approves the entries."""

import streamlit as st

from components.hours_log import hours_bar, hours_entries, hours_form
from components.item_state import show_confirmation
from components.session import account_or_stop, content_or_stop, record_or_stop, store_or_stop
from pathway.verification import hours_totals
from pathway.verifying import learner_target

content = content_or_stop()
account = account_or_stop()
store = store_or_stop()

show_confirmation()
st.title("Externship hours")
st.write(
    "Log each day of your externship: the site, your hours, your site supervisor and what you "
    "did. Your instructor approves each entry; only approved hours count toward the target."
)
record = record_or_stop(account)
totals = hours_totals(record.hours, learner_target(store, content, account.user_id))
numbers = st.columns(3)
numbers[0].metric("Logged", f"{totals.logged:g} h")
numbers[1].metric("Approved", f"{totals.approved:g} h")
numbers[2].metric("Target", f"{totals.target} h", help="Set by your class, or 160 hours")
hours_bar(totals)

st.subheader("Log a day")
hours_form(store, account)

st.subheader("My entries")
hours_entries(store, account, record.hours)
