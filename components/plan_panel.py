"""The learner's plan choices: program type and start date (roadmap) and US state (requirements)."""

from __future__ import annotations

from datetime import date

import streamlit as st

from components.data_errors import saving
from components.item_state import confirm, seed
from pathway.content.models import Roadmap, StateNotes
from pathway.records import EARLIEST_DATE, LATEST_DATE, LearnerProfile
from pathway.store import Store

STATE_KEY = "profile_state"


def plan_form(roadmap: Roadmap, profile: LearnerProfile, store: Store, user_id: str) -> None:
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
        )
        if st.form_submit_button("Save plan", icon=":material/event:"):
            store.update_profile(
                user_id,
                lambda stored: stored.model_copy(
                    update={"program_type": program_type, "plan_start": plan_start}
                ),
            )
            confirm("Saved your plan")
            st.rerun()


def state_notes(states: StateNotes, profile: LearnerProfile, store: Store, user_id: str) -> None:
    """Pick a US state and read the notes kept for it, labelled as information, with the source."""
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
    with st.container(border=True):
        st.markdown(f"**{states.states[state]}: information, not legal advice**")
        for note in states.notes_for(state):
            st.markdown(f"- {note}")
        st.caption(
            f"{states.disclaimer} Source: [{states.source.title}]({states.source.url}), "
            f"{states.source.as_of}. {states.source.verify}"
        )


@saving
def _save_state(store: Store, user_id: str) -> None:
    state = st.session_state[STATE_KEY]
    store.update_profile(user_id, lambda stored: stored.model_copy(update={"state": state}))
    confirm("Saved your state")
