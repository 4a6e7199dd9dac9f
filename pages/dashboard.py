"""My dashboard: overall progress, progress per phase, the next step, and what is due."""

from datetime import date

import streamlit as st

from components.credential_panel import credential_alerts
from components.progress_header import completion_bar, progress_header
from components.session import account_or_stop, content_or_stop, record_or_stop
from pathway import progress, skills
from pathway.credentials import alerts, credential_statuses
from pathway.words import day

content = content_or_stop()
account = account_or_stop()
record = record_or_stop(account)

st.title("My dashboard")
st.text(f"Welcome, {account.display_name}.")

today = date.today()
rows = skills.skill_rows(content.skills, record)
progress_header(
    progress.overall_progress(content, record, today),
    progress.roadmap_progress(content, record, today),
    progress.checklist_progress(content, record, today),
    skills.skills_at_target(rows),
    len(rows),
)

# What to do next comes first: on a phone the columns stack, and it must not sit below five bars.
upcoming, phases = st.columns([2, 3], gap="large")
with upcoming:
    st.subheader("Next step")
    action = progress.next_action(content, record, today)
    if action is None:
        st.success(
            "Every roadmap step is done or skipped. Well done!", icon=":material/celebration:"
        )
    else:
        st.markdown(f"**Step {action.step.number}: {action.step.title}**")
        st.write(action.task.text)
        st.page_link("pages/roadmap.py", label="Open the roadmap", icon=":material/route:")

    st.subheader("Due and overdue")
    statuses = credential_statuses(content.credentials, record, today)
    credential_alerts(statuses)
    due = progress.due_items(content, record, today)
    if not due and not alerts(statuses):
        st.info(
            "Nothing due soon. Give a requirement a target date under its details, or add your "
            "credentials, to see deadlines here.",
            icon=":material/event_available:",
        )
    for item in due:
        if item.overdue:
            st.error(
                f"{item.title} — overdue since {day(item.due_on)}", icon=":material/event_busy:"
            )
        else:
            st.warning(
                f"{item.title} — due {day(item.due_on)} ({item.days_left} days)",
                icon=":material/event:",
            )

with phases:
    st.subheader("Progress by phase")
    for phase in progress.phase_progress(content, record, today):
        completion_bar(phase.phase.title, phase.completion, "tasks")
        st.caption(phase.phase.summary)
