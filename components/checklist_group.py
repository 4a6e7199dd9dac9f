"""One requirement group of the checklist: a tick and a status line per item.

Each group is a fragment: a tick reruns only its own group (a few rows and the group's progress
bar), not the whole page, so it renders about as fast as a bare checkbox. Dates and notes are
edited in one form, opened under the chosen row (`requirement_details`), not a form per row. The
outside facts behind a group's items, with their sources, sit in an expander under its summary,
drawn with the page rather than on every tick. Rows show states as the progress rules count them
(`progress.counted_record`): a requirement a held, unexpired credential satisfies (the CPR card)
is ticked from Credentials; an expired one says it no longer counts. Either way the credential
is the fact, so such a row's tick is set on Credentials, not here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

import streamlit as st

from components.data_errors import saving
from components.item_state import save_state, seed, show_confirmation
from components.plain_text import markdown_literal
from components.progress_header import completion_bar
from components.session import record_or_stop
from components.sources import facts_list
from pathway.accounts import Account
from pathway.content.models import Content, Requirement, RequirementGroup
from pathway.credentials import CredentialStatus
from pathway.links import credential_holdings, satisfies
from pathway.progress import completion, counted_record, is_optional_for
from pathway.records import ItemProgress, ItemState, LearnerRecord
from pathway.storage import Storage
from pathway.verifying import current_verifications
from pathway.words import day, verified_words, words


def tick_key(item_id: str) -> str:
    """Session-state key of a requirement's checkbox."""
    return f"req:{item_id}:done"


def checklist_group(
    content: Content,
    group: RequirementGroup,
    account: Account,
    store: Storage,
    required_in: Mapping[str, str] | None = None,
    details: Callable[[Requirement, LearnerRecord], None] | None = None,
) -> None:
    """The group's title and summary, then its progress bar and rows (rerun on their own).

    `required_in` maps the ids of optional items that the learner's state makes required to
    that state's name. A done item the content lets an instructor verify says whether one
    verified it or it is self-reported.
    `details` draws what goes under each row (the Dates and notes button or form), given the
    item, optional only if the learner may skip it, and the record.
    """
    with st.container(border=True):
        st.subheader(group.title)
        st.caption(group.summary)
        facts = list(dict.fromkeys(fact for item in group.items for fact in item.facts))
        if facts:
            with st.expander("What programs and rules set, with sources"):
                facts_list(facts)
        _group_progress(content, group, account, store, dict(required_in or {}), details)


@st.fragment
def _group_progress(
    content: Content,
    group: RequirementGroup,
    account: Account,
    store: Storage,
    required_in: dict[str, str],
    details: Callable[[Requirement, LearnerRecord], None] | None,
) -> None:
    """The part a tick changes: the bar and the rows, redrawn from the record on every run.

    The record is read from memory (no file is parsed), so the bar counts the tick that caused
    the rerun; a skip of an item the learner's state requires counts as not started.
    """
    show_confirmation()
    record = record_or_stop(account)
    today = date.today()
    counted = counted_record(content, record, today)
    holdings = credential_holdings(content, record, today)
    completion_bar("Progress", completion([item.id for item in group.items], counted), "items")
    standing = current_verifications(record.verifications)
    verifiable = content.competencies.verifiable
    for item in group.items:
        _requirement_row(
            item,
            stored=record.item(item.id),
            shown=counted.item(item.id),
            holding=holdings.get(item.id),
            store=store,
            user_id=account.user_id,
            required_in=required_in.get(item.id),
            done_as=verified_words(standing.get(item.id)) if item.id in verifiable else None,
        )
        if details is not None:
            optional = is_optional_for(item, frozenset(required_in))
            details(item.model_copy(update={"optional": optional}), record)


def _requirement_row(
    item: Requirement,
    *,
    stored: ItemProgress,
    shown: ItemProgress,
    holding: CredentialStatus | None,
    store: Storage,
    user_id: str,
    required_in: str | None,
    done_as: str | None,
) -> None:
    """One requirement's tick and status line: `shown` is its counted state, `stored` its tick."""
    key = tick_key(item.id)
    seed(key, shown.state is ItemState.DONE)
    optional = " (optional)" if item.optional else ""
    if required_in:
        optional = f" (required in {required_in})"
    st.checkbox(
        f"{item.title}{optional}",
        key=key,
        help=item.detail,
        # The credential is the one record of this fact: it is changed on Credentials.
        disabled=holding is not None,
        on_change=_on_tick,
        args=(store, user_id, item),
    )
    # A skip the state refuses is shown as stored, then said not to count.
    refused_skip = required_in is not None and stored.state is ItemState.SKIPPED
    done_as = markdown_literal(done_as) if done_as else None
    status = status_line(stored if refused_skip else shown, holding, done_as)
    if refused_skip:
        status += f" · required in {required_in}: counts as not started"
    if status:
        st.caption(status)


@saving
def _on_tick(store: Storage, user_id: str, item: Requirement) -> None:
    key = tick_key(item.id)
    state = ItemState.DONE if st.session_state[key] else ItemState.NOT_STARTED
    saved = save_state(store, user_id, item.id, state, item.title)
    st.session_state[key] = saved.state is ItemState.DONE


def status_line(
    progress: ItemProgress, holding: CredentialStatus | None, done_as: str | None = None
) -> str:
    """The item's state, dates, whether it has a note and its card's expiry, on one line.

    An expired card says that it no longer satisfies the item, and where to record the new one.
    `done_as` replaces the word "Done" for an item an instructor verifies ("Done
    (self-reported)", "Verified by ... on ...").
    """
    parts = []
    if progress.state is ItemState.DONE and done_as:
        parts.append(done_as)
    elif progress.state is not ItemState.NOT_STARTED:
        parts.append(words(progress.state))
    if progress.completed_on:
        parts.append(f"completed {day(progress.completed_on)}")
    if progress.due_on and not progress.state.resolved:
        parts.append(f"target {day(progress.due_on)}")
    if progress.note:
        parts.append("has a note")
    if holding is not None and satisfies(holding):
        parts.append(f"card expires {day(holding.expires_on)} (from Credentials)")
    elif holding is not None:
        parts.append(
            f"card expired {day(holding.expires_on)}, so it no longer counts: "
            "record the renewed card on Credentials"
        )
    return " · ".join(parts)
