"""Competencies: the check-offs of the core curriculum, where each stands, and the log."""

import streamlit as st

from components.competency_list import competency_list, log_frame
from components.item_state import show_confirmation
from components.session import account_or_stop, content_or_stop, record_or_stop, store_or_stop
from pathway.check_offs import checked_off_count, states_of

content = content_or_stop()
account = account_or_stop()
store = store_or_stop()
record = record_or_stop(account)

show_confirmation()
st.title("Competencies")
st.write(
    "Your program's instructor checks you off on each competency when they see you do it. "
    "Mark what you are practising, and ask for a check-off when you are ready."
)
states = states_of(content, record)
listed = content.competencies.competencies
totals = st.columns(3)
totals[0].metric("Checked off", f"{checked_off_count(content, states)} of {len(listed)}")
for column, domain in zip(totals[1:], ("psychomotor", "affective"), strict=True):
    of_domain = sum(c.domain == domain for c in listed)
    column.metric(
        f"{domain.capitalize()}", f"{checked_off_count(content, states, domain)} of {of_domain}"
    )
competency_list(content, record, store, account)

st.subheader("My check-off log")
if record.check_offs:
    st.dataframe(log_frame(content, record.check_offs), hide_index=True)
else:
    st.caption("Nothing logged yet. Every step you or your instructor take is kept here.")
