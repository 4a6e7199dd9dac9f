"""One roadmap step: what it involves, how long it takes, and a state control per task.

A step's duration says whether it is MA Pathway's estimate or the source article's figure. An
optional step that the learner's state makes required is labelled so and offers no skip. A task
linked to a requirement (the diploma) shows that requirement's state and records its changes
there (`pathway.links`), so the roadmap and the checklist never disagree.
"""

from __future__ import annotations

import streamlit as st

from components.data_errors import saving
from components.item_state import save_state, seed
from components.sources import facts_list
from pathway.content.models import Step
from pathway.plan import PlannedStep
from pathway.progress import step_state
from pathway.records import ItemState, LearnerRecord
from pathway.storage import Storage
from pathway.words import day, words

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
    counted: LearnerRecord,
    store: Storage,
    user_id: str,
    *,
    expanded: bool,
    planned: PlannedStep | None = None,
    overdue: bool = False,
    required_in: str | None = None,
) -> None:
    """The step in an expander whose title shows its state (and "overdue"), tasks inside.

    `record` is the stored record, which seeds the task controls; `counted` is the same record
    as the progress rules count it (`progress.counted_record`), which gives the step's state
    (a skip the learner's state does not allow counts as not started) and a linked task's.
    `required_in` names that state when it makes this optional step required.
    """
    skippable = step.optional and required_in is None
    state = step_state(step, counted)
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
            lines.append(f"Planned: {day(planned.starts_on)} – {day(planned.ends_on)}")
        st.caption("  \n".join(lines))
        facts_list(step.facts)
        for task in step.tasks:
            stored = record.item(task.id).state
            if task.requirement is None:
                _task_control(task.id, task.id, task.text, stored, skippable, store, user_id)
            else:
                shown = counted.item(task.id).state
                _task_control(
                    task.id, task.requirement, task.text, shown, skippable, store, user_id
                )
                st.caption("The same as an item on Requirements: set it here or there.")
            if required_in and stored is ItemState.SKIPPED:
                st.caption(f"Required in {required_in}: this skip counts as not started.")


def _task_control(
    task_id: str,
    recorded_under: str,
    text: str,
    shown: ItemState,
    skippable: bool,
    store: Storage,
    user_id: str,
) -> None:
    """The task's state control, showing `shown` and saving changes under `recorded_under`."""
    key = f"task:{task_id}"
    seed(key, shown)
    # Only skippable steps offer "skipped"; a stored skip stays selectable so it can be undone.
    options = [s for s in ItemState if s is not ItemState.SKIPPED or skippable or shown is s]
    st.segmented_control(
        text,
        options,
        format_func=words,
        key=key,
        required=True,
        on_change=_on_task_change,
        args=(store, user_id, recorded_under, key, text),
    )


@saving
def _on_task_change(store: Storage, user_id: str, item_id: str, key: str, text: str) -> None:
    save_state(store, user_id, item_id, st.session_state[key], text)
