"""Credentials: what expires when, the continuing education log, and recertification progress."""

from datetime import date, datetime

import streamlit as st

from components.credential_panel import (
    add_credential_form,
    ce_entry_form,
    ce_log_table,
    credential_alerts,
    credential_evidence,
    credentials_table,
    recertification_panel,
    remove_entry_form,
)
from components.downloads import download_on_request
from components.item_state import show_confirmation
from components.session import account_or_stop, content_or_stop, record_or_stop, store_or_stop
from pathway.calendar_export import deadlines_calendar, open_targets
from pathway.credentials import credential_statuses, recertification_progress

content = content_or_stop()
account = account_or_stop()
store = store_or_stop()
record = record_or_stop(account)
credentials = content.credentials
names = {credential.id: credential.name for credential in credentials.credentials}

show_confirmation()
st.title("Credentials")
st.write(
    "Record your CPR card and certifications to see when each expires, and log continuing "
    "education to track recertification. Dates follow each issuer's rule unless you enter the "
    "date printed on your card. This is a planning aid: confirm dates with the issuer."
)

statuses = credential_statuses(credentials, record, date.today())
credential_alerts(statuses)

st.header("My credentials")
if statuses:
    credentials_table(statuses)
else:
    st.info(
        "No credentials yet — add your CPR card or certification below.", icon=":material/badge:"
    )
targets = open_targets(content, record, date.today())
if statuses or targets:  # target dates set on the roadmap or checklist belong in it too
    download_on_request(
        "Add deadlines to my calendar (.ics)",
        lambda: deadlines_calendar(statuses, datetime.now().astimezone(), targets),
        file_name="ma-pathway-deadlines.ics",
        mime="text/calendar",
        icon=":material/calendar_month:",
    )
with st.expander("Add a credential", expanded=not statuses, icon=":material/add_card:"):
    add_credential_form(credentials, store, account.user_id)
if record.credentials:
    with st.expander("Remove a credential", icon=":material/delete:"):
        remove_entry_form(
            "remove_credential_form",
            record.credentials,
            lambda held: (
                f"{names.get(held.credential_id, held.credential_id)}, earned {held.earned_on}"
            ),
            store,
            account.user_id,
        )

if record.credentials or record.evidence:
    with st.expander("Attach a card or certificate", icon=":material/attach_file:"):
        credential_evidence(credentials, record, store, account)

st.header("Continuing education")
with st.expander("Log an activity", expanded=not record.ce_entries, icon=":material/school:"):
    ce_entry_form(credentials, store, account.user_id)
if record.ce_entries:
    ce_log_table(record)
    with st.expander("Remove an activity", icon=":material/delete:"):
        remove_entry_form(
            "remove_ce_form",
            record.ce_entries,
            lambda entry: f"{entry.completed_on}: {entry.title} ({entry.amount:g})",
            store,
            account.user_id,
        )
for status in statuses:
    progress = recertification_progress(status, record.ce_entries)
    if progress is not None:
        recertification_panel(status, progress)
