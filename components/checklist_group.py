"""One requirement group of the checklist: a tick and a status line per item.

Each group is a fragment: a tick reruns only its own group (a few rows and the group's progress
bar), not the whole page, so it renders about as fast as a bare checkbox. Dates and notes are
edited in one form, opened under the chosen row (`requirement_details`), not a form per row. The
outside facts behind a group's items, with their sources, sit in an expander under its summary,
drawn with the page rather than on every tick.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st

from components.data_errors import saving
from components.item_state import save_state, seed, show_confirmation
from components.progress_header import completion_bar
from components.session import record_or_stop
from components.sources import facts_list
from pathway.accounts import Account
from pathway.content.models import Requirement, RequirementGroup
from pathway.credentials import CredentialStatus, Urgency
from pathway.progress import as_counted, completion, is_optional_for
from pathway.records import ItemProgress, ItemState, LearnerRecord
from pathway.storage import Storage
from pathway.words import words


def tick_key(item_id: str) -> str:
    """Session-state key of a requirement's checkbox."""
    return f"req:{item_id}:done"


def checklist_group(
    group: RequirementGroup,
    account: Account,
    store: Storage,
    expiries: dict[str, CredentialStatus],
    required_in: Mapping[str, str] | None = None,
    details: Callable[[Requirement, LearnerRecord], None] | None = None,
) -> None:
    """The group's title and summary, then its progress bar and rows (rerun on their own).

    `expiries` maps credential ids to the learner's status of that credential, so an item
    linked to one (the CPR card) shows when it expires. `required_in` maps the ids of optional
    items that the learner's state makes required to that state's name. `details` draws what
    goes under each row (the Dates and notes button or form), given the item, optional only if
    the learner may skip it, and the record.
    """
    with st.container(border=True):
        st.subheader(group.title)
        st.caption(group.summary)
        facts = list(dict.fromkeys(fact for item in group.items for fact in item.facts))
        if facts:
            with st.expander("What programs and rules set, with sources"):
                facts_list(facts)
        _group_progress(group, account, store, expiries, dict(required_in or {}), details)


@st.fragment
def _group_progress(
    group: RequirementGroup,
    account: Account,
    store: Storage,
    expiries: dict[str, CredentialStatus],
    required_in: dict[str, str],
    details: Callable[[Requirement, LearnerRecord], None] | None,
) -> None:
    """The part a tick changes: the bar and the rows, redrawn from the record on every run.

    The record is read from memory (no file is parsed), so the bar counts the tick that caused
    the rerun; a skip of an item the learner's state requires counts as not started.
    """
    show_confirmation()
    record = record_or_stop(account)
    counted = as_counted(record, frozenset(required_in))
    completion_bar("Progress", completion([item.id for item in group.items], counted), "items")
    for item in group.items:
        expiry = expiries.get(item.credential) if item.credential else None
        state_name = required_in.get(item.id)
        _requirement_row(item, record.item(item.id), expiry, store, account.user_id, state_name)
        if details is not None:
            optional = is_optional_for(item, frozenset(required_in))
            details(item.model_copy(update={"optional": optional}), record)


def _requirement_row(
    item: Requirement,
    progress: ItemProgress,
    expiry: CredentialStatus | None,
    store: Storage,
    user_id: str,
    required_in: str | None,
) -> None:
    key = tick_key(item.id)
    seed(key, progress.state is ItemState.DONE)
    optional = " (optional)" if item.optional else ""
    if required_in:
        optional = f" (required in {required_in})"
    st.checkbox(
        f"{item.title}{optional}",
        key=key,
        help=item.detail,
        on_change=_on_tick,
        args=(store, user_id, item),
    )
    status = status_line(progress, expiry)
    if required_in and progress.state is ItemState.SKIPPED:
        status += f" · required in {required_in}: counts as not started"
    if status:
        st.caption(status)


@saving
def _on_tick(store: Storage, user_id: str, item: Requirement) -> None:
    key = tick_key(item.id)
    state = ItemState.DONE if st.session_state[key] else ItemState.NOT_STARTED
    saved = save_state(store, user_id, item.id, state, item.title)
    st.session_state[key] = saved.state is ItemState.DONE


def status_line(progress: ItemProgress, expiry: CredentialStatus | None) -> str:
    """The item's state, dates, whether it has a note and its card's expiry, on one line."""
    parts = []
    if progress.state is not ItemState.NOT_STARTED:
        parts.append(words(progress.state))
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
