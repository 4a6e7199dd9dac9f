"""The learner's externship hours: totals against the target, the log form, and the entries.

Only approved hours count toward the target; the bar says so beside the hours logged. An entry
waits for the instructor's approval and can be removed until then; an approved one is theirs.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from components.item_state import report_failure
from components.refusals import refused_or_confirmed
from pathway.accounts import Account
from pathway.records import (
    ACTIVITIES_MAX_LENGTH,
    HOURS_PER_DAY_MAX,
    SITE_MAX_LENGTH,
    SUPERVISOR_MAX_LENGTH,
    HourEntry,
)
from pathway.storage import Storage
from pathway.verification import HoursTotals
from pathway.verifying import log_hours, remove_hour_entry
from pathway.words import DATE_INPUT_FORMAT, hour_entry_words

HOURS_STEP = 0.25
"""Hours are logged to the quarter hour, as most time sheets are."""


def hours_bar(totals: HoursTotals) -> None:
    """Approved hours against the target as a bar, with what was logged and what is missing."""
    st.progress(
        min(1.0, totals.approved / totals.target),
        text=f"{totals.approved:g} of {totals.target} hours approved "
        f"({totals.logged:g} logged, {totals.remaining:g} still to approve or work)",
    )


def hours_form(store: Storage, learner: Account) -> None:
    """Log one day's hours: date, site, hours, supervisor and what was done.

    A refused entry keeps what was typed; a saved one keeps the site and supervisor.
    """
    with st.form("hours_form"):
        st.date_input(
            "Date worked",
            value=date.today(),
            max_value=date.today(),
            key="hours:date",
            format=DATE_INPUT_FORMAT,
        )
        st.text_input("Site", max_chars=SITE_MAX_LENGTH, key="hours:site")
        st.number_input(
            "Hours",
            min_value=HOURS_STEP,
            max_value=float(HOURS_PER_DAY_MAX),
            value=None,
            step=HOURS_STEP,
            key="hours:hours",
        )
        st.text_input("Site supervisor", max_chars=SUPERVISOR_MAX_LENGTH, key="hours:supervisor")
        st.text_area("Activities", max_chars=ACTIVITIES_MAX_LENGTH, key="hours:activities")
        st.form_submit_button(
            "Log hours", type="primary", on_click=_log, args=(store, learner), key="hours:log"
        )


def _log(store: Storage, learner: Account) -> None:
    hours = st.session_state["hours:hours"]
    if hours is None:
        report_failure("Not saved: give the hours worked that day.")
        return
    saved = refused_or_confirmed(
        lambda: log_hours(
            store,
            learner,
            st.session_state["hours:date"],
            st.session_state["hours:site"],
            float(hours),
            st.session_state["hours:supervisor"],
            st.session_state["hours:activities"],
        ),
        f"Logged {hours:g} hours",
    )
    if saved:  # the next day is usually at the same site with the same supervisor
        st.session_state["hours:hours"] = None
        st.session_state["hours:activities"] = ""


def hours_entries(store: Storage, learner: Account, entries: list[HourEntry]) -> None:
    """Every entry, newest day first, approved or waiting; an unapproved one can be removed."""
    if not entries:
        st.caption("No hours logged yet.")
        return
    newest_first = sorted(entries, key=lambda entry: entry.worked_on, reverse=True)
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Date": entry.worked_on.isoformat(),
                    "Site": entry.site,
                    "Hours": entry.hours,
                    "Supervisor": entry.supervisor,
                    "Activities": entry.activities,
                    "Status": hour_entry_words(entry.approved),
                }
                for entry in newest_first
            ]
        ),
        hide_index=True,
    )
    waiting = [entry for entry in newest_first if not entry.approved]
    if not waiting:
        return
    chosen, button = st.columns([3, 1], vertical_alignment="bottom")
    entry = chosen.selectbox(
        "Remove an entry waiting for approval",
        waiting,
        format_func=entry_label,
        key="hours:remove_entry",
    )
    button.button(
        "Remove",
        icon=":material/delete:",
        key="hours:remove",
        on_click=_remove,
        args=(store, learner, entry),
    )


def _remove(store: Storage, learner: Account, entry: HourEntry) -> None:
    refused_or_confirmed(
        lambda: remove_hour_entry(store, learner, entry.entry_id), f"Removed {entry_label(entry)}"
    )


def entry_label(entry: HourEntry) -> str:
    """One entry on one line, for a list to pick from: date, hours and site."""
    return f"{entry.worked_on.isoformat()}: {entry.hours:g} h at {entry.site}"
