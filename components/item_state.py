"""Saving a learner's change to one item, shared by the roadmap and the checklist.

Widgets are seeded from the store once (`seed`) and written back in their `on_change`
callbacks, so a rerun never re-reads a widget's value from two places. Callbacks queue their
confirmation (`confirm`) instead of drawing it: Streamlit does not support drawing from a
callback during a fragment rerun, so the panel shows it (`show_confirmation`) as it redraws; a
write that failed is queued the same way (`report_failure`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import streamlit as st

from pathway.records import ItemProgress, ItemState
from pathway.store import Store

_CONFIRMATION_KEY = "pending_confirmation"
_FAILURE_KEY = "pending_failure"
_SEEDED_KEY = "seeded_widget_keys"


def seed(key: str, value: Any) -> None:
    """Give a widget its stored value the first time it is drawn in this session."""
    if key not in st.session_state:
        st.session_state[key] = value
        st.session_state.setdefault(_SEEDED_KEY, set()).add(key)


def forget_seeded_widgets() -> None:
    """Make every seeded widget take its value from the store again on its next draw.

    Called after a write failed or the data was put back from a backup: the widgets must show
    what is stored, not what the learner tried to save.
    """
    for key in st.session_state.pop(_SEEDED_KEY, set()):
        st.session_state.pop(key, None)


def save_state(
    store: Store, user_id: str, item_id: str, state: ItemState, title: str
) -> ItemProgress:
    """Move one item to `state` in the store and confirm with a toast."""
    saved = store.update_progress(
        user_id, item_id, lambda progress: progress.with_state(state, datetime.now().astimezone())
    )
    confirm(f"Saved: {title} — {state.label.lower()}")
    return saved


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
