"""Credentials: expiry alerts, the learner's credentials, the CE log and recertification."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from datetime import date
from typing import TypeVar

import pandas as pd
import streamlit as st

from components.chart_tables import chart_as_table, recertification_table
from components.confirm_dialog import ask_first
from components.data_errors import saving
from components.evidence_upload import evidence_upload
from components.figures import recertification_figure
from components.item_state import confirm
from components.plain_text import markdown_literal
from components.sources import source_note
from pathway.accounts import Account
from pathway.content.models import CredentialSet
from pathway.credentials import CredentialStatus, RecertificationProgress, Urgency
from pathway.records import (
    EARLIEST_DATE,
    LATEST_DATE,
    TITLE_MAX_LENGTH,
    CEEntry,
    HeldCredential,
    LearnerRecord,
)
from pathway.storage import Storage
from pathway.words import DATE_INPUT_FORMAT, day

_ALERT_STYLE = {
    Urgency.EXPIRED: (st.error, ":material/event_busy:"),
    Urgency.DUE_30: (st.warning, ":material/event_upcoming:"),
    Urgency.DUE_90: (st.info, ":material/event:"),
}


Entry = TypeVar("Entry", HeldCredential, CEEntry)
"""A kind of dated entry a learner may remove: a held credential or an education entry."""


def credential_alerts(statuses: list[CredentialStatus]) -> None:
    """One alert per credential that is expired or due within 90 days."""
    for status in statuses:
        if status.urgency is Urgency.CURRENT:
            continue
        show, icon = _ALERT_STYLE[status.urgency]
        when = (
            f"expired on {day(status.expires_on)}"
            if status.urgency is Urgency.EXPIRED
            else f"expires on {day(status.expires_on)} ({status.days_left} days)"
        )
        lapse = status.credential.lapse
        if status.exam_required and lapse is not None:
            show(
                f"{status.credential.name} {when}, more than {lapse.after_days} days ago. "
                f"{lapse.consequence} {source_note(lapse.source)}",
                icon=icon,
            )
            continue
        show(f"{status.credential.name} {when}. {status.credential.renewal}", icon=icon)


def credentials_table(statuses: list[CredentialStatus]) -> None:
    """The learner's current credentials with their expiry and status."""
    rows = [
        {
            "Credential": status.credential.name,
            "Earned": status.held.earned_on,
            "Expires": status.expires_on,
            "Expiry source": (
                "printed on the card"
                if status.held.printed_expiry
                else f"{status.credential.validity.months} months from when earned"
            ),
            "Status": status.urgency.value.capitalize(),
        }
        for status in statuses
    ]
    st.table(pd.DataFrame(rows).set_index("Credential"))


def add_credential_form(credentials: CredentialSet, store: Storage, user_id: str) -> None:
    """Record a credential: which one, when it was earned, and the printed expiry if any."""
    names = {credential.id: credential.name for credential in credentials.credentials}
    with st.form("add_credential_form", clear_on_submit=True):
        credential_id = st.selectbox(
            "Credential", list(names), format_func=names.__getitem__, key="new_credential"
        )
        earned, printed = st.columns(2)
        earned_on = earned.date_input(
            "Date earned (course or exam date)",
            value=None,
            min_value=EARLIEST_DATE,
            max_value=LATEST_DATE,
            key="new_credential_earned",
            format=DATE_INPUT_FORMAT,
        )
        printed_expiry = printed.date_input(
            "Expiry printed on the card (optional)",
            value=None,
            min_value=EARLIEST_DATE,
            max_value=LATEST_DATE,
            key="new_credential_expiry",
            help="Leave empty to compute it from the issuer's rule.",
            format=DATE_INPUT_FORMAT,
        )
        if st.form_submit_button("Add credential", icon=":material/add:"):
            if earned_on is None:
                st.error("Enter the date you earned it.", icon=":material/error:")
                return
            _add_credential(
                store, user_id, names[credential_id], credential_id, earned_on, printed_expiry
            )
            st.rerun()


def credential_evidence(
    credentials: CredentialSet, record: LearnerRecord, store: Storage, learner: Account
) -> None:
    """Pick one of the learner's credentials, then attach its card or certificate.

    A credential removed from the list but still holding files stays offered, so its files
    can still be downloaded or removed.
    """
    names = {credential.id: credential.name for credential in credentials.credentials}
    offered = list(
        dict.fromkeys(
            [
                *(entry.credential_id for entry in record.credentials),
                *(evidence.item_id for evidence in record.evidence if evidence.item_id in names),
            ]
        )
    )
    if not offered:
        st.caption("Add a credential first, then attach its card here.")
        return
    chosen = st.selectbox(
        "Credential", offered, format_func=lambda i: names.get(i, i), key="evidence_credential"
    )
    if chosen is not None:
        evidence_upload(store, learner, record, chosen)


def ce_entry_form(credentials: CredentialSet, store: Storage, user_id: str) -> None:
    """Log one continuing education activity."""
    with st.form("add_ce_form", clear_on_submit=True):
        title, provider = st.columns(2)
        title.text_input("Title", max_chars=TITLE_MAX_LENGTH, key="ce_title")
        provider.text_input("Provider", max_chars=TITLE_MAX_LENGTH, key="ce_provider")
        when, amount, category = st.columns(3)
        when.date_input(
            "Completed on",
            value=date.today(),
            min_value=EARLIEST_DATE,
            max_value=LATEST_DATE,
            key="ce_date",
            format=DATE_INPUT_FORMAT,
        )
        amount.number_input(
            "Credits or points",
            min_value=0.25,
            max_value=100.0,
            value=1.0,
            step=0.25,
            key="ce_amount",
        )
        category.selectbox(
            "Category", credentials.ce_categories, format_func=str.capitalize, key="ce_category"
        )
        st.checkbox("Approved by the certifying body (e.g. AAMA-approved)", key="ce_approved")
        if st.form_submit_button("Add to my log", icon=":material/add:"):
            title_text = st.session_state["ce_title"].strip()
            if not title_text:
                st.error("Give the activity a title.", icon=":material/error:")
                return
            _add_ce_entry(store, user_id, title_text)
            st.rerun()


def ce_log_table(record: LearnerRecord) -> None:
    """Every logged activity, newest first, in three columns that wrap to fit a phone.

    Six columns (date, title, provider, amount, category, approved) did not fit 390 px: a data
    grid showed three and hid the rest past its edge. `st.table` renders its cells as
    Markdown, so titles and providers, user text, are escaped (`markdown_literal`).
    """
    entries = sorted(record.ce_entries, key=lambda entry: entry.completed_on, reverse=True)
    rows = [
        {
            "Date": entry.completed_on,
            "Activity": markdown_literal(
                f"{entry.title} ({entry.provider})" if entry.provider else entry.title
            ),
            "Amount": f"{entry.amount:g} · {entry.category.capitalize()}"
            + (" · approved" if entry.approved else ""),
        }
        for entry in entries
    ]
    st.table(pd.DataFrame(rows), hide_index=True)


def recertification_panel(status: CredentialStatus, progress: RecertificationProgress) -> None:
    """Numbers and a chart of what is earned and still missing for one credential."""
    unit = progress.rule.unit
    with st.container(border=True):
        st.subheader(status.credential.name)
        st.caption(
            f"Cycle {day(progress.cycle_start)} – {day(progress.cycle_end)}. "
            f"Source: {status.credential.source.title}. {status.credential.source.verify}"
        )
        if progress.complete:
            st.success(
                "Every part of the continuing education rule is met.", icon=":material/task_alt:"
            )
        columns = st.columns(len(progress.parts))
        for part, column in zip(progress.parts, columns, strict=True):
            # No arrow: what is still missing is neither a rise nor a fall.
            column.metric(
                part.label,
                f"{part.earned:g} of {part.required:g}",
                f"{part.missing:g} to go" if part.missing else "Met",
                delta_color="off",
                delta_arrow="off",
            )
        st.plotly_chart(
            recertification_figure(progress.parts, unit),
            width="stretch",
            theme=None,
            key=f"recertification:{status.credential.id}",
        )
        chart_as_table("Earned and required", recertification_table(progress.parts, unit))


def remove_entry_form(
    form_key: str,
    entries: Sequence[Entry],
    describe: Callable[[Entry], str],
    store: Storage,
    user_id: str,
) -> None:
    """Pick one entry and delete it once confirmed, for mistakes; `describe` names each entry."""
    with st.form(form_key, border=False):
        chosen = st.selectbox(
            "Remove an entry", entries, format_func=describe, index=None, key=f"{form_key}:chosen"
        )
        submitted = st.form_submit_button("Remove", icon=":material/delete:")
    if submitted and chosen is not None:  # a dialog cannot open inside a form
        description = describe(chosen)
        ask_first(
            f"Remove {description}? It is deleted from your records.",
            "Remove",
            functools.partial(_remove_entry, store, user_id, chosen, description),
        )


@saving
def _add_credential(
    store: Storage,
    user_id: str,
    name: str,
    credential_id: str,
    earned_on: date,
    printed_expiry: date | None,
) -> None:
    held = HeldCredential(
        credential_id=credential_id, earned_on=earned_on, printed_expiry=printed_expiry
    )
    store.change(user_id, lambda record: record.with_credential(held))
    confirm(f"Saved: {name}")


@saving
def _add_ce_entry(store: Storage, user_id: str, title: str) -> None:
    entry = CEEntry(
        completed_on=st.session_state["ce_date"],
        title=title,
        provider=st.session_state["ce_provider"].strip(),
        amount=st.session_state["ce_amount"],
        category=st.session_state["ce_category"],
        approved=st.session_state["ce_approved"],
    )
    store.change(user_id, lambda record: record.with_ce_entry(entry))
    confirm(f"Logged {entry.amount:g} for {markdown_literal(entry.title)}")


@saving
def _remove_entry(
    store: Storage, user_id: str, entry: HeldCredential | CEEntry, description: str
) -> None:
    store.change(user_id, lambda record: record.without_entry(entry))
    confirm(f"Removed: {markdown_literal(description)}")
