"""One roadmap step: what it involves, how long it takes, and a state control per task."""

from __future__ import annotations

import streamlit as st

from components.data_errors import saving
from components.item_state import save_state, seed
from pathway.content.models import Step
from pathway.plan import PlannedStep
from pathway.progress import step_state
from pathway.records import ItemState, LearnerRecord
from pathway.store import Store

STATE_ICONS = {
    ItemState.DONE: ":material/check_circle:",
    ItemState.IN_PROGRESS: ":material/pending:",
    ItemState.NOT_STARTED: ":material/radio_button_unchecked:",
    ItemState.SKIPPED: ":material/skip_next:",
}
"""An icon per state, so state never relies on colour alone."""


def step_card(
    step: Step,
    record: LearnerRecord,
    store: Store,
    user_id: str,
    *,
    expanded: bool,
    planned: PlannedStep | None = None,
    overdue: bool = False,
) -> None:
    """The step in an expander whose title shows its state (and "overdue"), tasks inside."""
    state = step_state(step, record)
    optional = " (optional)" if step.optional else ""
    late = " · overdue" if overdue else ""
    label = f"Step {step.number} · {step.title}{optional} — {state.label}{late}"
    icon = ":material/schedule:" if overdue else STATE_ICONS[state]
    # Keyed by step: the label changes with the state, and a keyless expander would be redrawn
    # (and shut) on every task change.
    with st.expander(label, expanded=expanded, icon=icon, key=f"step:{step.id}"):
        st.write(step.summary)
        lines = [f"Typical duration: {step.duration}", f"Done when: {step.done_when}"]
        if planned is not None:
            lines.append(f"Planned: {planned.starts_on:%d %b %Y} – {planned.ends_on:%d %b %Y}")
        st.caption("  \n".join(lines))
        for task in step.tasks:
            _task_control(step, task.id, task.text, record.item(task.id).state, store, user_id)


def _task_control(
    step: Step, task_id: str, text: str, stored: ItemState, store: Store, user_id: str
) -> None:
    key = f"task:{task_id}"
    seed(key, stored)
    # Only optional steps offer "skipped"; a stored skip stays selectable so it can be undone.
    options = [s for s in ItemState if s is not ItemState.SKIPPED or step.optional or stored is s]
    st.segmented_control(
        text,
        options,
        format_func=lambda state: state.label,
        key=key,
        required=True,
        on_change=_on_task_change,
        args=(store, user_id, task_id, key, text),
    )


@saving
def _on_task_change(store: Store, user_id: str, task_id: str, key: str, text: str) -> None:
    save_state(store, user_id, task_id, st.session_state[key], text)
