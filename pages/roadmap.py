"""Roadmap: the twelve steps in order, where the learner is on them, and a state per task."""

import streamlit as st

from components.figures import roadmap_figure
from components.item_state import show_confirmation
from components.progress_header import completion_bar
from components.session import account_or_stop, content_or_stop, record_or_stop, store_or_stop
from components.step_card import step_card
from pathway import progress

content = content_or_stop()
account = account_or_stop()
store = store_or_stop()

st.title("Roadmap")
st.write(
    "Twelve steps from exploring the job to keeping your credential current. Set each task to "
    "in progress, done or, on optional steps, skipped. Skipped counts as resolved."
)


@st.fragment
def roadmap_panel() -> None:
    """The path figure and the steps; a task change reruns only this panel."""
    show_confirmation()
    record = record_or_stop(account)
    steps = content.roadmap.steps
    states = [progress.step_state(step, record) for step in steps]
    action = progress.next_action(content, record)
    current = action.step.number if action else None
    completion_bar("Roadmap", progress.roadmap_progress(content, record), "tasks")
    st.plotly_chart(
        roadmap_figure(steps, states, current), width="stretch", theme=None, key="roadmap_path"
    )
    for step in steps:
        step_card(step, record, store, account.user_id, expanded=step.number == current)


roadmap_panel()
