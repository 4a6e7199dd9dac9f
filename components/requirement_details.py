"""The "Dates and notes" form: status, completion and target dates and a note for one item.

One form for the whole checklist instead of one per row keeps every tick's rerun small: each row
has a "Dates and notes" button, and the chosen item's form opens right under its row, so on a
phone it is next to the item, not at the bottom of a long page. The chooser at the top of the
page picks an item by typing its title. Choosing an item loads its stored values into the form;
saving applies only the fields the learner changed there, so a tick made since the form was
loaded is never undone by it, and redraws the item's group so its row and bar show the change.
It confirms a save under the form, not with a toast: Streamlit keeps a toast through reruns, so
one lingered onto the next page opened. The item's evidence files sit under its form.
"""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from components.checklist_group import tick_key
from components.data_errors import saving
from components.evidence_upload import evidence_upload
from components.item_state import report_failure
from components.plain_text import markdown_literal
from components.session import account_or_stop
from pathway.content.models import Requirement
from pathway.records import (
    EARLIEST_DATE,
    LATEST_DATE,
    NOTE_MAX_LENGTH,
    DetailsRefused,
    ItemProgress,
    ItemState,
    LearnerRecord,
)
from pathway.storage import Storage
from pathway.words import DATE_INPUT_FORMAT, words

ITEM_KEY = "details:item"
STATE_KEY = "details:state"
COMPLETED_KEY = "details:completed_on"
DUE_KEY = "details:due_on"
NOTE_KEY = "details:note"
_SAVED_KEY = "details:saved"
"""The confirmation of the last save, shown once under the form."""
_LOADED_KEY = "details:loaded"
"""The values the form was filled with, to tell which fields the learner changed."""
_FIELDS = {STATE_KEY: "state", COMPLETED_KEY: "completed_on", DUE_KEY: "due_on", NOTE_KEY: "note"}
"""The progress field each form widget edits (`LearnerRecord.with_item_details`)."""


def requirement_chooser(requirements: dict[str, Requirement], store: Storage, user_id: str) -> None:
    """Pick a requirement by its title (type to filter); its form opens under its row."""
    st.subheader("Dates and notes")
    st.selectbox(
        "Requirement",
        list(requirements),
        index=None,
        format_func=lambda chosen: requirements[chosen].title,
        placeholder="Choose a requirement",
        key=ITEM_KEY,
        on_change=_load_item,
        args=(store, user_id),
    )
    st.caption(
        "Choose an item here, or press Dates and notes under it, to set its status, dates and a "
        "note: the form opens under the item."
    )


def details_under(item: Requirement, record: LearnerRecord, store: Storage, user_id: str) -> None:
    """Under one checklist row: a "Dates and notes" button, or the chosen item's form.

    `item.optional` says whether the learner may skip it (their state may require it). Opening
    or closing reruns the whole page: the form leaves another group, and the chooser follows.
    """
    if st.session_state.get(ITEM_KEY) != item.id:
        if st.button(
            "Dates and notes",
            key=f"details:open:{item.id}",
            type="tertiary",
            icon=":material/edit_calendar:",
            help=f"Status, dates and a note for {item.title}",
            on_click=_choose,
            args=(store, user_id, item.id),
        ):
            st.rerun()
        return
    if _LOADED_KEY not in st.session_state or STATE_KEY not in st.session_state:
        _load_item(store, user_id)  # chosen before the form was ever filled in this session
    with st.container(border=True):
        _details_form(item, record, store, user_id)
        saved = st.session_state.pop(_SAVED_KEY, None)
        if saved:
            st.success(markdown_literal(saved), icon=":material/check_circle:")
        evidence_upload(store, account_or_stop(), record, item.id)
        if st.button(
            "Close",
            key="details:close",
            icon=":material/close:",
            on_click=_choose,
            args=(store, user_id, None),
        ):
            st.rerun()


def _details_form(item: Requirement, record: LearnerRecord, store: Storage, user_id: str) -> None:
    with st.form("details_form", border=False):
        st.caption(item.detail)
        if item.credential is not None:
            st.caption(
                "A valid card recorded on Credentials marks this item done, whatever the status "
                "here; an expired one does not."
            )
        stored = record.item(item.id).state
        states = [
            state
            for state in ItemState
            if state is not ItemState.SKIPPED or item.optional or stored is state
        ]
        st.selectbox("Status", states, format_func=words, key=STATE_KEY)
        completed, due = st.columns(2)
        completed.date_input(
            "Completed on",
            min_value=EARLIEST_DATE,
            max_value=LATEST_DATE,
            key=COMPLETED_KEY,
            format=DATE_INPUT_FORMAT,
        )
        due.date_input(
            "Target date",
            min_value=EARLIEST_DATE,
            max_value=LATEST_DATE,
            key=DUE_KEY,
            format=DATE_INPUT_FORMAT,
        )
        st.text_area(
            "Note",
            key=NOTE_KEY,
            max_chars=NOTE_MAX_LENGTH,
            placeholder="Evidence, where the card is kept, who signed off…",
        )
        st.form_submit_button(
            "Save details", type="primary", on_click=_save, args=(store, user_id, item)
        )


def _choose(store: Storage, user_id: str, item_id: str | None) -> None:
    """Make `item_id` the item whose form is open (None closes it), with its stored values."""
    st.session_state[ITEM_KEY] = item_id
    _load_item(store, user_id)


def _load_item(store: Storage, user_id: str) -> None:
    """Fill the form with the chosen item's values as stored now (ticks may be newer)."""
    item_id = st.session_state[ITEM_KEY]
    if item_id is not None:
        _show(store.read(user_id).item(item_id))


def _form_values(progress: ItemProgress) -> dict[str, object]:
    return {
        STATE_KEY: progress.state,
        COMPLETED_KEY: progress.completed_on,
        DUE_KEY: progress.due_on,
        NOTE_KEY: progress.note,
    }


def _show(progress: ItemProgress) -> None:
    values = _form_values(progress)
    st.session_state.update(values)
    st.session_state[_LOADED_KEY] = values


@saving
def _save(store: Storage, user_id: str, item: Requirement) -> None:
    loaded = st.session_state[_LOADED_KEY]
    changed = {key: st.session_state[key] for key in loaded if st.session_state[key] != loaded[key]}

    fields = {_FIELDS[key]: value for key, value in changed.items()}
    now = datetime.now().astimezone()
    try:
        record = store.change(
            user_id, lambda stored: stored.with_item_details(item.id, fields, now)
        )
    except DetailsRefused as error:
        report_failure(markdown_literal(f"Not saved: {error}"))
        return
    saved = record.item(item.id)
    _show(saved)
    st.session_state[tick_key(item.id)] = saved.state is ItemState.DONE
    st.session_state[_SAVED_KEY] = f"Saved details: {item.title}"
