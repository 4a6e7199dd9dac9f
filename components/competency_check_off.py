"""The instructor's check-off forms: a lab day for many learners, one learner's view, requests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

from components.competency_list import log_frame, state_line
from components.data_errors import write_accepted
from components.item_state import confirm
from components.plain_text import markdown_literal
from pathway import check_offs
from pathway.accounts import Account
from pathway.check_offs import ClassCheckOffs, LearnerCheckOffs
from pathway.classes import AccessDenied
from pathway.content.models import Competency, Content
from pathway.records import SCORE_MAX, SCORE_MIN
from pathway.storage import Storage
from pathway.verification import CompetencyStatus, VerificationError
from pathway.words import DATE_INPUT_FORMAT, words


def competency_label(competency: Competency) -> str:
    """How a competency is picked from a list: its area, title and domain."""
    return f"{competency.area} · {competency.title} ({competency.domain})"


def lab_day_form(
    store: Storage, content: Content, instructor: Account, class_view: ClassCheckOffs
) -> None:
    """Pick one competency and a date, tick the learners who passed, and check them all off."""
    competencies = content.competencies.competencies
    competency = st.selectbox(
        "Competency", competencies, format_func=competency_label, key="lab_day_competency"
    )
    with st.form("lab_day_form"):
        shown_on = st.date_input(
            "Date shown", value=date.today(), max_value=date.today(), format=DATE_INPUT_FORMAT
        )
        score = st.number_input(
            "Score (optional)", min_value=SCORE_MIN, max_value=SCORE_MAX, value=None, step=1
        )
        note = st.text_input("Note for every learner ticked (optional)", max_chars=200)
        st.write("Learners who passed")
        ticked = []
        for learner in class_view.learners:
            state = learner.states[competency.id]
            already = state.status is CompetencyStatus.CHECKED_OFF
            label = markdown_literal(
                learner.account.display_name + (" (already checked off)" if already else "")
            )
            if st.checkbox(
                label, key=f"lab_day:{competency.id}:{learner.account.user_id}", disabled=already
            ):
                ticked.append(learner.account.user_id)
        if st.form_submit_button("Check off the learners ticked", type="primary"):
            _check_off_many(
                store, content, instructor, class_view, competency, ticked, shown_on, score, note
            )


def _check_off_many(
    store: Storage,
    content: Content,
    instructor: Account,
    class_view: ClassCheckOffs,
    competency: Competency,
    ticked: list[str],
    shown_on: date,
    score: float | None,
    note: str,
) -> None:
    """Write a lab day and say who was checked off and who was not, and why."""
    if not ticked:
        st.warning("Tick at least one learner who passed.", icon=":material/info:")
        return
    names = {
        learner.account.user_id: learner.account.display_name for learner in class_view.learners
    }
    outcomes: list[check_offs.LabDayOutcome] = []
    accepted = write_accepted(
        lambda: outcomes.append(
            check_offs.lab_day(
                store,
                content,
                instructor,
                ticked,
                competency.id,
                shown_on,
                None if score is None else int(score),
                note,
            )
        )
    )
    if not accepted or not outcomes:
        return
    (outcome,) = outcomes
    for user_id, reason in outcome.refused.items():
        st.error(
            markdown_literal(f"{names.get(user_id, user_id)}: {reason}"), icon=":material/error:"
        )
    if outcome.saved:
        confirm(f"Checked off {len(outcome.saved)} learner(s): {competency.title}")
        st.rerun()


def learner_view(
    store: Storage, content: Content, instructor: Account, class_view: ClassCheckOffs
) -> None:
    """One learner's competencies and log, with check-off and undo for one competency."""
    learner = st.selectbox(
        "Learner",
        class_view.learners,
        format_func=lambda entry: entry.account.display_name,
        key="check_off_learner",
    )
    if learner is None:
        return
    by_id = {c.id: c for c in content.competencies.competencies}
    rows = [
        {
            "Area": by_id[competency_id].area,
            "Competency": by_id[competency_id].title,
            "State": state_line(state),
        }
        for competency_id, state in learner.states.items()
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True)
    checked = [
        by_id[c_id]
        for c_id, s in learner.states.items()
        if s.status is CompetencyStatus.CHECKED_OFF
    ]
    open_ = [by_id[c_id] for c_id in learner.states if by_id[c_id] not in checked]
    check, undo = st.columns(2)
    with check.form("check_off_one_form"):
        st.write("Check off")
        competency = st.selectbox("Competency", open_, format_func=competency_label)
        shown_on = st.date_input(
            "Date shown", value=date.today(), max_value=date.today(), format=DATE_INPUT_FORMAT
        )
        score = st.number_input(
            "Score (optional)", min_value=SCORE_MIN, max_value=SCORE_MAX, value=None, step=1
        )
        note = st.text_input("Note (optional)", max_chars=200)
        if st.form_submit_button("Check off", type="primary") and competency is not None:
            _act(
                lambda: check_offs.check_off_learner(
                    store,
                    content,
                    instructor,
                    learner.account.user_id,
                    competency.id,
                    shown_on,
                    None if score is None else int(score),
                    note,
                ),
                f"Checked off: {competency.title}",
            )
    with undo.form("undo_check_off_form"):
        st.write("Undo a check-off")
        undone = st.selectbox("Checked-off competency", checked, format_func=competency_label)
        reason = st.text_input("Why (required)", max_chars=200)
        if st.form_submit_button("Undo check-off") and undone is not None:
            _act(
                lambda: check_offs.undo(
                    store, content, instructor, learner.account.user_id, undone.id, reason
                ),
                f"Undid the check-off: {undone.title}",
            )
    st.write("Log")
    if learner.log:
        st.dataframe(log_frame(content, learner.log), hide_index=True)
    else:
        st.caption("Nothing logged yet for this learner.")


def requests_list(content: Content, learners: list[LearnerCheckOffs]) -> None:
    """The learners' open requests for a check-off, oldest first."""
    requests = check_offs.open_requests(content, learners)
    if not requests:
        st.caption("No open requests.")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Learner": request.learner.display_name,
                    "Competency": competency_label(request.competency),
                    "Asked": f"{request.asked_at:%Y-%m-%d %H:%M}",
                    "State": words(CompetencyStatus.REQUESTED),
                }
                for request in requests
            ]
        ),
        hide_index=True,
    )


def _act(write: Callable[[], None], done: str) -> None:
    """Run one check-off write; a refusal is shown in one line, a success confirmed."""
    try:
        accepted = write_accepted(write)
    except (AccessDenied, VerificationError) as refusal:
        st.error(markdown_literal(f"Not saved: {refusal}"), icon=":material/error:")
        return
    if accepted:
        confirm(done)
        st.rerun()
