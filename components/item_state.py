"""Saving a learner's change to one item, shared by the roadmap and the checklist.

Widgets are seeded from the store once (`seed`) and written back in their `on_change`
callbacks, so a rerun never re-reads a widget's value from two places. Callbacks queue their
confirmation (`confirm`) instead of drawing it: Streamlit does not support drawing from a
callback during a fragment rerun, so the panel shows it (`show_confirmation`) as it redraws; a
write that failed is queued the same way (`report_failure`).

After every write, accepted or refused, the seeded widgets are marked to take the stored value
again on their next draw (`forget_seeded_widgets`). They are marked, never deleted: a fragment
rerun redraws only its own widgets, and deleting the others' state made Streamlit see a change
in them on the next click, run their callbacks on a missing key and drop the click itself.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import streamlit as st

from pathway.records import ItemProgress, ItemState
from pathway.storage import Storage
from pathway.words import words

_CONFIRMATION_KEY = "pending_confirmation"
_FAILURE_KEY = "pending_failure"
_SEEDED_KEY = "seeded_widget_keys"
_STALE_KEY = "stale_widget_keys"


def seed(key: str, value: Any) -> None:
    """Give a widget its stored value when first drawn, and again after a write marked it stale.

    Call it just before drawing the widget, with the value read from the store in this run.
    """
    stale: set[str] = st.session_state.get(_STALE_KEY, set())
    if key not in st.session_state or key in stale:
        st.session_state[key] = value
        st.session_state.setdefault(_SEEDED_KEY, set()).add(key)
        stale.discard(key)


def forget_seeded_widgets() -> None:
    """Make every seeded widget take its value from the store again on its next draw.

    Called after every write (`data_errors.saving`) and after the data was put back from a
    backup: the widgets must show what is stored, not what the learner tried to save. Widget
    state is kept until each widget is redrawn (see the module docstring for why).
    """
    st.session_state[_STALE_KEY] = set(st.session_state.get(_SEEDED_KEY, set()))


def save_state(
    store: Storage, user_id: str, item_id: str, state: ItemState, title: str
) -> ItemProgress:
    """Move one item to `state` in the store and confirm with a toast; the stored progress."""
    now = datetime.now().astimezone()
    saved = store.change(user_id, lambda record: record.with_item_state(item_id, state, now))
    confirm(f"Saved: {title} — {words(state).lower()}")
    return saved.item(item_id)


def confirm(message: str) -> None:
    """Queue a "saved" toast for the next redraw of the panel."""
    st.session_state[_CONFIRMATION_KEY] = message


def report_failure(message: str) -> None:
    """Queue an error (a change that was not saved) for the next redraw of the panel."""
    st.session_state[_FAILURE_KEY] = message


def show_confirmation() -> None:
    """Show the queued toast and the queued error, if any, once."""
    message = st.session_state.pop(_CONFIRMATION_KEY, None)
    if message:
        st.toast(message, icon=":material/check_circle:")
    failure = st.session_state.pop(_FAILURE_KEY, None)
    if failure:
        st.error(failure, icon=":material/error:")
