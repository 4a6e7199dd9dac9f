"""Roadmap: the twelve steps in order, where the learner is on them, and a state per task."""

from datetime import date

import streamlit as st

from components.chart_tables import chart_as_table, plan_table, roadmap_table
from components.figures import plan_figure, roadmap_figure
from components.item_state import show_confirmation
from components.plan_panel import plan_form
from components.progress_header import completion_bar
from components.session import account_or_stop, content_or_stop, record_or_stop, store_or_stop
from components.step_card import step_card
from pathway import progress
from pathway.plan import learner_plan, overdue_step_ids
from pathway.words import count_of

content = content_or_stop()
account = account_or_stop()
store = store_or_stop()

st.title("Roadmap")
st.write(
    "Twelve steps from exploring the job to keeping your credential current. Set each task to "
    "in progress, done or, on optional steps, skipped. Skipped counts as resolved. A step your "
    "state requires (set your state under Requirements) cannot be skipped."
)


record = record_or_stop(account)
with st.expander("My plan: program type and start date", icon=":material/event:"):
    plan_form(content.roadmap, record.profile, store, account.user_id)


@st.fragment
def roadmap_panel() -> None:
    """The path, the dated plan and the steps; a task change reruns only this panel."""
    show_confirmation()
    record = record_or_stop(account)
    today = date.today()
    counted = progress.counted_record(content, record, today)
    required = progress.required_in_state(content, record.profile.state)
    state_name = content.states.states.get(record.profile.state or "")
    steps = content.roadmap.steps
    states = [progress.step_state(step, counted) for step in steps]
    action = progress.next_action(content, record, today)
    current = action.step.number if action else None
    completion_bar("Roadmap", progress.roadmap_progress(content, record, today), "tasks")
    st.plotly_chart(
        roadmap_figure(steps, states, current), width="stretch", theme=None, key="roadmap_path"
    )
    chart_as_table("The path", roadmap_table(steps, states, current))
    plan = learner_plan(content.roadmap, record) or []
    overdue = overdue_step_ids(plan, counted, today)
    if plan:
        if overdue:
            st.warning(
                f"{count_of(len(overdue), 'step')} past the planned end date.",
                icon=":material/schedule:",
            )
        st.plotly_chart(
            plan_figure(plan, states, overdue, today),
            width="stretch",
            theme=None,
            key="plan",
        )
        chart_as_table("The plan", plan_table(plan, states, overdue))
        st.caption(
            "Planned dates use the program length you chose and MA Pathway's own estimate of "
            "how long each other step takes."
        )
    else:
        st.info(
            "Set a program type and start date under My plan to see planned dates for every step.",
            icon=":material/event:",
        )
    planned_by_step = {entry.step.id: entry for entry in plan}
    for step in steps:
        step_card(
            step,
            record,
            counted,
            store,
            account.user_id,
            expanded=step.number == current,
            planned=planned_by_step.get(step.id),
            overdue=step.id in overdue,
            required_in=state_name if step.id in required else None,
        )


roadmap_panel()
