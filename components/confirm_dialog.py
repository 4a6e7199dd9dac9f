"""A question in a modal dialog before an action one click should not do alone.

Leaving a class hides your progress from its instructor, and removing a credential or an
activity deletes it; a stray click must not do either. The page opens the dialog when its
button is clicked (`ask_first`); only the dialog's own button acts.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st


@st.dialog("Please confirm")
def ask_first(question: str, action: str, act: Callable[[], None]) -> None:
    """Show `question` (plain text); the `action` button runs `act`, Cancel only closes.

    The dialog reruns on its own when a button in it is clicked, with the arguments it was
    opened with: `act` must carry what it acts on (a `functools.partial`), not read it from
    the page's variables, which by then hold another loop's values.
    """
    st.text(question)
    do, cancel = st.columns(2)
    if do.button(action, type="primary", key="confirm_dialog_act", width="stretch"):
        act()
        st.rerun()
    if cancel.button("Cancel", key="confirm_dialog_cancel", width="stretch"):
        st.rerun()
