"""Saving a learner's change to one item, shared by the roadmap and the checklist.

Widgets are seeded from the store once (`seed`) and written back in their `on_change`
callbacks, so a rerun never re-reads a widget's value from two places. Callbacks queue their
confirmation (`confirm`) instead of drawing it: Streamlit does not support drawing from a
callback during a fragment rerun, so the panel shows it (`show_confirmation`) as it redraws.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import streamlit as st

from pathway.records import ItemProgress, ItemState
from pathway.store import Store

_CONFIRMATION_KEY = "pending_confirmation"


def seed(key: str, value: Any) -> None:
    """Give a widget its stored value the first time it is drawn in this session."""
    if key not in st.session_state:
        st.session_state[key] = value


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


def show_confirmation() -> None:
    """Show the queued toast, if any, once."""
    message = st.session_state.pop(_CONFIRMATION_KEY, None)
    if message:
        st.toast(message, icon=":material/check_circle:")
