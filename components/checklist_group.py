"""One requirement group of the checklist: a tick per item, with dates and a note behind it."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from components.data_errors import saving
from components.item_state import confirm, save_state, seed
from components.progress_header import completion_bar
from pathway.content.models import Requirement, RequirementGroup
from pathway.credentials import CredentialStatus, Urgency
from pathway.progress import completion
from pathway.records import NOTE_MAX_LENGTH, ItemProgress, ItemState, LearnerRecord
from pathway.store import Store


def checklist_group(
    group: RequirementGroup,
    record: LearnerRecord,
    store: Store,
    user_id: str,
    expiries: dict[str, CredentialStatus],
) -> None:
    """The group's title, its progress bar, and one row per requirement.

    `expiries` maps credential ids to the learner's current status of that credential, so an
    item linked to one (the CPR card) shows when it expires.
    """
    with st.container(border=True):
        st.subheader(group.title)
        st.caption(group.summary)
        completion_bar("Progress", completion([item.id for item in group.items], record), "items")
        for item in group.items:
            expiry = expiries.get(item.credential) if item.credential else None
            _requirement_row(item, record.item(item.id), expiry, store, user_id)


def _requirement_row(
    item: Requirement,
    progress: ItemProgress,
    expiry: CredentialStatus | None,
    store: Store,
    user_id: str,
) -> None:
    keys = _WidgetKeys(item.id)
    keys.seed_from(progress)
    optional = " (optional)" if item.optional else ""
    tick, details = st.columns([4, 1], vertical_alignment="top")
    tick.checkbox(
        f"{item.title}{optional}",
        key=keys.done,
        help=item.detail,
        on_change=_on_tick,
        args=(store, user_id, item, keys),
    )
    status = _status_line(progress, expiry)
    if status:
        tick.caption(status)
    with (
        details.popover("Details", icon=":material/edit_note:", width="stretch"),
        st.form(keys.form, border=False),
    ):
        st.markdown(f"**{item.title}**")
        st.caption(item.detail)
        states = [
            s
            for s in ItemState
            if s is not ItemState.SKIPPED or item.optional or progress.state is s
        ]
        st.selectbox("Status", states, format_func=lambda state: state.label, key=keys.state)
        completed, due = st.columns(2)
        completed.date_input("Completed on", key=keys.completed_on, format="YYYY-MM-DD")
        due.date_input("Target date", key=keys.due_on, format="YYYY-MM-DD")
        st.text_area(
            "Note",
            key=keys.note,
            max_chars=NOTE_MAX_LENGTH,
            placeholder="Evidence, where the card is kept, who signed off…",
        )
        st.form_submit_button(
            "Save details", on_click=_on_save_details, args=(store, user_id, item, keys)
        )


class _WidgetKeys:
    """Session-state keys of one requirement's widgets, derived from its id."""

    def __init__(self, item_id: str) -> None:
        self.done = f"req:{item_id}:done"
        self.form = f"req:{item_id}:form"
        self.state = f"req:{item_id}:state"
        self.completed_on = f"req:{item_id}:completed_on"
        self.due_on = f"req:{item_id}:due_on"
        self.note = f"req:{item_id}:note"

    def seed_from(self, progress: ItemProgress) -> None:
        """Seed every widget from the stored progress, where this session has no value yet."""
        for key, value in self._values(progress).items():
            seed(key, value)

    def reset_to(self, progress: ItemProgress) -> None:
        """Show what was just saved in every widget of the item (only from a callback)."""
        st.session_state.update(self._values(progress))

    def _values(self, progress: ItemProgress) -> dict[str, object]:
        return {
            self.done: progress.state is ItemState.DONE,
            self.state: progress.state,
            self.completed_on: progress.completed_on,
            self.due_on: progress.due_on,
            self.note: progress.note,
        }


@saving
def _on_tick(store: Store, user_id: str, item: Requirement, keys: _WidgetKeys) -> None:
    state = ItemState.DONE if st.session_state[keys.done] else ItemState.NOT_STARTED
    keys.reset_to(save_state(store, user_id, item.id, state, item.title))


@saving
def _on_save_details(store: Store, user_id: str, item: Requirement, keys: _WidgetKeys) -> None:
    state: ItemState = st.session_state[keys.state]
    fields = {"due_on": st.session_state[keys.due_on], "note": st.session_state[keys.note]}
    entered_completion = st.session_state[keys.completed_on]
    if state is ItemState.DONE and entered_completion:
        fields["completed_on"] = entered_completion

    def apply_form(progress: ItemProgress) -> ItemProgress:
        return progress.with_state(state, datetime.now().astimezone()).model_copy(update=fields)

    keys.reset_to(store.update_progress(user_id, item.id, apply_form))
    confirm(f"Saved details: {item.title}")


def _status_line(progress: ItemProgress, expiry: CredentialStatus | None) -> str:
    parts = []
    if progress.state is not ItemState.NOT_STARTED:
        parts.append(progress.state.label)
    if progress.completed_on:
        parts.append(f"completed {progress.completed_on:%d %b %Y}")
    if progress.due_on and not progress.state.resolved:
        parts.append(f"target {progress.due_on:%d %b %Y}")
    if progress.note:
        parts.append("has a note")
    if expiry is not None:
        verb = "expired" if expiry.urgency is Urgency.EXPIRED else "expires"
        parts.append(f"card {verb} {expiry.expires_on:%d %b %Y} (from Credentials)")
    return " · ".join(parts)
