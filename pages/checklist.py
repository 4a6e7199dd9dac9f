"""Requirements: the checklist of what a medical assistant needs, grouped, with dates and notes."""

from datetime import date

import streamlit as st

from components.checklist_group import checklist_group
from components.item_state import show_confirmation
from components.plan_panel import state_notes
from components.progress_header import completion_bar
from components.session import account_or_stop, content_or_stop, record_or_stop, store_or_stop
from pathway import progress
from pathway.credentials import credential_statuses

content = content_or_stop()
account = account_or_stop()
store = store_or_stop()

st.title("Requirements")
st.write(
    "Tick what you have. Open an item's details to set its status, the date you completed it, a "
    "target date, and a note such as where the card is kept or who signed off."
)


st.subheader("State rules")
state_notes(content.states, record_or_stop(account).profile, store, account.user_id)


@st.fragment
def checklist_panel() -> None:
    """Overall progress and every group; a tick reruns only this panel."""
    show_confirmation()
    record = record_or_stop(account)
    completion_bar("Checklist", progress.checklist_progress(content, record), "items")
    statuses = credential_statuses(content.credentials, record, date.today())
    expiries = {status.credential.id: status for status in statuses}
    for group in content.checklist.groups:
        checklist_group(group, record, store, account.user_id, expiries)


checklist_panel()
