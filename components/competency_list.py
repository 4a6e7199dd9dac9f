"""The learner's competencies by area: each one's state, and the buttons to practise or ask."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st

from components.data_errors import saving
from components.item_state import confirm, report_failure
from components.plain_text import markdown_literal
from pathway import check_offs
from pathway.accounts import Account
from pathway.content.models import Competency, Content
from pathway.records import CheckOffEntry, LearnerRecord
from pathway.storage import Storage
from pathway.verification import CompetencyState, CompetencyStatus, VerificationError
from pathway.words import words

STATUS_ICONS = {
    CompetencyStatus.NOT_ATTEMPTED: ":material/radio_button_unchecked:",
    CompetencyStatus.PRACTISING: ":material/pending:",
    CompetencyStatus.REQUESTED: ":material/front_hand:",
    CompetencyStatus.CHECKED_OFF: ":material/verified:",
    CompetencyStatus.UNDONE: ":material/undo:",
}
"""An icon beside each state's words, so the state is not told by colour alone."""


def state_line(state: CompetencyState) -> str:
    """One line saying where a competency stands, with who and when where an instructor acted."""
    line = words(state.status)
    if state.status is CompetencyStatus.CHECKED_OFF and state.checked_on is not None:
        line += f" on {state.checked_on.isoformat()} by {state.evaluator}"
        if state.score is not None:
            line += f", score {state.score}"
        if state.note:
            line += f": {state.note}"
    elif state.status is CompetencyStatus.UNDONE:
        line += f" by {state.evaluator}: {state.undo_reason}"
    return line


def log_frame(
    content: Content, log: Sequence[CheckOffEntry], *, with_learner: str | None = None
) -> pd.DataFrame:
    """The check-off log as a table, newest first: when, competency, what, by whom, details."""
    titles = {c.id: c.title for c in content.competencies.competencies}
    rows = [
        {
            **({"Learner": with_learner} if with_learner else {}),
            "Recorded": f"{entry.recorded_at:%Y-%m-%d %H:%M}",
            "Competency": titles.get(entry.competency_id, entry.competency_id),
            "What": words(CompetencyStatus(entry.action.value)),
            "Date shown": entry.checked_on.isoformat() if entry.checked_on else "",
            "By": entry.actor_name,
            "Score": entry.score,
            "Note or reason": entry.reason or entry.note,
        }
        for entry in reversed(log)
    ]
    return pd.DataFrame(rows)


def competency_list(
    content: Content, record: LearnerRecord, store: Storage, learner: Account
) -> None:
    """Every competency grouped by area, with its state and the learner's two actions."""
    states = check_offs.states_of(content, record)
    by_area: dict[str, list[Competency]] = {}
    for competency in content.competencies.competencies:
        by_area.setdefault(competency.area, []).append(competency)
    for area in content.competencies.areas:
        listed = by_area.get(area.code, [])
        done = sum(states[c.id].status is CompetencyStatus.CHECKED_OFF for c in listed)
        with st.expander(f"{area.code}. {area.title} — {done} of {len(listed)} checked off"):
            for competency in listed:
                _competency_row(competency, states[competency.id], store, content, learner)


def _competency_row(
    competency: Competency,
    state: CompetencyState,
    store: Storage,
    content: Content,
    learner: Account,
) -> None:
    text, practise, ask = st.columns([6, 2, 2], vertical_alignment="center")
    text.markdown(
        f"{STATUS_ICONS[state.status]} **{markdown_literal(competency.title)}** "
        f"({competency.domain})  \n{markdown_literal(state_line(state))}"
    )
    closed = state.status is CompetencyStatus.CHECKED_OFF
    practise.button(
        "I'm practising",
        key=f"practise:{competency.id}",
        disabled=closed or state.status is CompetencyStatus.PRACTISING,
        on_click=_acting,
        args=(check_offs.practise, store, content, learner, competency, "Marked as practising"),
    )
    ask.button(
        "Ask for check-off",
        key=f"ask:{competency.id}",
        disabled=closed or state.status is CompetencyStatus.REQUESTED,
        on_click=_acting,
        args=(check_offs.ask_for_check_off, store, content, learner, competency, "Asked"),
    )


@saving
def _acting(
    action: Callable[[Storage, Content, Account, str], None],
    store: Storage,
    content: Content,
    learner: Account,
    competency: Competency,
    done: str,
) -> None:
    """Run one of the learner's actions; a refusal is shown, a success confirmed."""
    try:
        action(store, content, learner, competency.id)
    except VerificationError as refusal:
        report_failure(markdown_literal(f"Not saved: {refusal}"))
    else:
        confirm(f"{done}: {competency.title}")
