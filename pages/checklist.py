"""Requirements: the checklist of what a medical assistant needs, grouped, with dates and notes."""

from datetime import date

import streamlit as st

from components.checklist_group import checklist_group
from components.plan_panel import state_notes
from components.requirement_details import requirement_details
from components.session import account_or_stop, content_or_stop, record_or_stop, store_or_stop
from pathway.credentials import credential_statuses
from pathway.progress import is_optional_for, required_in_state

content = content_or_stop()
account = account_or_stop()
store = store_or_stop()

st.title("Requirements")
st.write(
    "Tick what you have. Under Dates and notes, choose an item to set its status, the date you "
    "completed it, a target date, and a note such as where the card is kept or who signed off."
)

record = record_or_stop(account)

st.subheader("State rules")
state_notes(content, record.profile, store, account.user_id)

# Overall progress is on My dashboard; here each group's bar follows its ticks, and a tick
# reruns only its own group (see components/checklist_group.py).
statuses = credential_statuses(content.credentials, record, date.today())
expiries = {status.credential.id: status for status in statuses}
# Optional items the learner's state requires are shown as required and cannot be skipped.
required = required_in_state(content, record.profile.state)
state_name = content.states.states.get(record.profile.state or "", "")
required_in = {item_id: state_name for item_id in required}
groups, details = st.columns([3, 2], gap="medium")
with groups:
    for group in content.checklist.groups:
        checklist_group(
            group, account, store, expiries, required_in, frozenset(content.competencies.verifiable)
        )
with details, st.container(border=True):
    requirements = {
        item.id: item.model_copy(update={"optional": is_optional_for(item, required)})
        for group in content.checklist.groups
        for item in group.items
    }
    requirement_details(requirements, record, store, account.user_id)
