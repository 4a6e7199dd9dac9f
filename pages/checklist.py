"""Requirements: the checklist of what a medical assistant needs, grouped, with dates and notes."""

from functools import partial

import streamlit as st

from components.checklist_group import checklist_group
from components.plan_panel import state_notes
from components.requirement_details import details_under, requirement_chooser
from components.session import account_or_stop, content_or_stop, record_or_stop, store_or_stop
from pathway.progress import required_in_state

content = content_or_stop()
account = account_or_stop()
store = store_or_stop()

st.title("Requirements")
st.write(
    "Tick what you have. Under each item, Dates and notes sets its status, the date you "
    "completed it, a target date, and a note such as where the card is kept or who signed off."
)

record = record_or_stop(account)

st.subheader("State rules")
state_notes(content, record.profile, store, account.user_id)

# Overall progress is on My dashboard; here each group's bar follows its ticks, and a tick
# reruns only its own group (see components/checklist_group.py).
# Optional items the learner's state requires are shown as required and cannot be skipped.
required = required_in_state(content, record.profile.state)
state_name = content.states.states.get(record.profile.state or "", "")
required_in = {item_id: state_name for item_id in required}
requirement_chooser(
    {item.id: item for group in content.checklist.groups for item in group.items},
    store,
    account.user_id,
)
# Under each row, its Dates and notes button, or the form when the item is the one chosen.
details = partial(details_under, store=store, user_id=account.user_id)
for group in content.checklist.groups:
    checklist_group(content, group, account, store, required_in, details)
