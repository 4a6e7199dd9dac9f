"""One roadmap step: what it involves, how long it takes, and a state control per task.

A step's duration says whether it is MA Pathway's estimate or the source article's figure. An
optional step that the learner's state makes required is labelled so and offers no skip.
"""

from __future__ import annotations

import streamlit as st

from components.data_errors import saving
from components.item_state import save_state, seed
from components.sources import facts_list
from pathway.content.models import Step
from pathway.plan import PlannedStep
from pathway.progress import as_counted, step_state
from pathway.records import ItemState, LearnerRecord
from pathway.storage import Storage
from pathway.words import words

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
    store: Storage,
    user_id: str,
    *,
    expanded: bool,
    planned: PlannedStep | None = None,
    overdue: bool = False,
    required_in: str | None = None,
) -> None:
    """The step in an expander whose title shows its state (and "overdue"), tasks inside.

    `record` is the stored record, which seeds the task controls; the step's state is counted
    by the progress rules, so a skip the learner's state does not allow counts as not started.
    `required_in` names that state when it makes this optional step required.
    """
    skippable = step.optional and required_in is None
    required = frozenset(task.id for task in step.tasks) if required_in else frozenset()
    state = step_state(step, as_counted(record, required))
    optional = " (optional)" if skippable else ""
    if required_in:
        optional = f" (required in {required_in})"
    late = " · overdue" if overdue else ""
    label = f"Step {step.number} · {step.title}{optional} — {words(state)}{late}"
    icon = ":material/schedule:" if overdue else STATE_ICONS[state]
    # Keyed by step: the label changes with the state, and a keyless expander would be redrawn
    # (and shut) on every task change.
    with st.expander(label, expanded=expanded, icon=icon, key=f"step:{step.id}"):
        st.write(step.summary)
        basis = "from the source article" if step.duration_from == "article" else "our estimate"
        lines = [f"Typical duration ({basis}): {step.duration}", f"Done when: {step.done_when}"]
        if planned is not None:
            lines.append(f"Planned: {planned.starts_on:%d %b %Y} – {planned.ends_on:%d %b %Y}")
        st.caption("  \n".join(lines))
        facts_list(step.facts)
        for task in step.tasks:
            stored = record.item(task.id).state
            _task_control(task.id, task.text, stored, skippable, store, user_id)
            if required_in and stored is ItemState.SKIPPED:
                st.caption(f"Required in {required_in}: this skip counts as not started.")


def _task_control(
    task_id: str, text: str, stored: ItemState, skippable: bool, store: Storage, user_id: str
) -> None:
    key = f"task:{task_id}"
    seed(key, stored)
    # Only skippable steps offer "skipped"; a stored skip stays selectable so it can be undone.
    options = [s for s in ItemState if s is not ItemState.SKIPPED or skippable or stored is s]
    st.segmented_control(
        text,
        options,
        format_func=words,
        key=key,
        required=True,
        on_change=_on_task_change,
        args=(store, user_id, task_id, key, text),
    )


@saving
def _on_task_change(store: Storage, user_id: str, task_id: str, key: str, text: str) -> None:
    save_state(store, user_id, task_id, st.session_state[key], text)
