"""The learner's plan choices: program type and start date (roadmap) and US state (requirements)."""

from __future__ import annotations

from datetime import date

import streamlit as st

from components.data_errors import saving
from components.item_state import confirm, seed
from components.plain_text import markdown_literal
from components.sources import facts_list
from pathway.content.models import Content, Roadmap
from pathway.records import EARLIEST_DATE, LATEST_DATE, LearnerProfile
from pathway.storage import Storage
from pathway.words import DATE_INPUT_FORMAT

STATE_KEY = "profile_state"


def plan_form(roadmap: Roadmap, profile: LearnerProfile, store: Storage, user_id: str) -> None:
    """Pick a program type and a start date; the roadmap then shows planned dates per step."""
    programs = {program.id: program for program in roadmap.program_types}
    choices = list(programs)
    chosen = choices.index(profile.program_type) if profile.program_type in programs else 0
    with st.form("plan_form"):
        program_type = st.selectbox(
            "Program type",
            choices,
            index=chosen,
            format_func=lambda program_id: (
                f"{programs[program_id].name} ({programs[program_id].typical})"
            ),
            key="plan_program",
        )
        plan_start = st.date_input(
            "Plan start date",
            value=profile.plan_start or date.today(),
            min_value=EARLIEST_DATE,
            max_value=LATEST_DATE,
            key="plan_start",
            format=DATE_INPUT_FORMAT,
        )
        if st.form_submit_button("Save plan", icon=":material/event:"):
            _save_plan(store, user_id, program_type, plan_start)
            st.rerun()


def state_notes(content: Content, profile: LearnerProfile, store: Storage, user_id: str) -> None:
    """Pick a US state and read its notes, each with its source, labelled as information.

    Where the state makes optional steps or requirements required, they are listed too: the
    roadmap and checklist then show them as required and no longer offer to skip them.
    """
    states = content.states
    seed(STATE_KEY, profile.state)
    codes = sorted(states.states, key=states.states.__getitem__)
    st.selectbox(
        "Your state",
        codes,
        index=None,
        format_func=states.states.__getitem__,
        placeholder="Choose the state you will work in",
        key=STATE_KEY,
        on_change=_save_state,
        args=(store, user_id),
    )
    state = st.session_state[STATE_KEY]
    if state is None:
        return
    note = states.note_for(state)
    with st.container(border=True):
        st.markdown(f"**{states.states[state]}: information, not legal advice**")
        if note is None:
            st.markdown(markdown_literal(states.default_note))
        else:
            facts_list(note.notes)
            required = required_titles(content, note.requires)
            if required:
                st.warning(
                    f"In {states.states[state]} these are required, not optional, so MA Pathway "
                    f"does not count them as skipped: {markdown_literal('; '.join(required))}.",
                    icon=":material/gavel:",
                )
        st.caption(markdown_literal(states.disclaimer))


def required_titles(content: Content, item_ids: list[str]) -> list[str]:
    """How people know each required step or requirement: "Step 6: Obtain certification"."""
    titles = {step.id: f"Step {step.number}: {step.title}" for step in content.roadmap.steps}
    titles |= {item.id: item.title for group in content.checklist.groups for item in group.items}
    return [titles[item_id] for item_id in item_ids]


@saving
def _save_plan(store: Storage, user_id: str, program_type: str, plan_start: date) -> None:
    store.change(
        user_id,
        lambda record: record.with_profile(program_type=program_type, plan_start=plan_start),
    )
    confirm("Saved your plan")


@saving
def _save_state(store: Storage, user_id: str) -> None:
    state = st.session_state[STATE_KEY]
    store.change(user_id, lambda record: record.with_profile(state=state))
    confirm("Saved your state")
