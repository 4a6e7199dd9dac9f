"""The skills form (a rating per skill) and the radar with its table alternative."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from components.data_errors import saving
from components.figures import radar_figure
from components.item_state import confirm, seed
from pathway.content.models import SkillSet
from pathway.records import LearnerRecord
from pathway.skills import HIGHEST_RATING, LOWEST_RATING, SkillRow, latest_ratings, new_snapshot
from pathway.storage import Storage
from pathway.words import count_of

RATING_OPTIONS: list[int | None] = [None, *range(LOWEST_RATING, HIGHEST_RATING + 1)]


def ratings_form(skills: SkillSet, record: LearnerRecord, store: Storage, user_id: str) -> None:
    """A rating slider per skill, seeded with the latest ratings; saving keeps a dated snapshot.

    After a save, accepted or refused, the sliders show the ratings stored (`saving`).
    """
    latest = latest_ratings(record)
    with st.form("skill_ratings_form"):
        for skill in skills.skills:
            key = rating_key(skill.id)
            seed(key, latest.get(skill.id))
            st.select_slider(
                skill.name,
                options=RATING_OPTIONS,
                format_func=lambda level: _level_label(skills, level),
                help=skill.description,
                key=key,
            )
        st.form_submit_button(
            "Save ratings", type="primary", on_click=_save_ratings, args=(skills, store, user_id)
        )


def rating_key(skill_id: str) -> str:
    """Session-state key of a skill's rating slider."""
    return f"rating:{skill_id}"


@saving
def _save_ratings(skills: SkillSet, store: Storage, user_id: str) -> None:
    ratings = {skill.id: st.session_state[rating_key(skill.id)] for skill in skills.skills}
    snapshot = new_snapshot(skills, ratings, datetime.now().astimezone())
    store.change(user_id, lambda record: record.with_snapshot(snapshot))
    confirm(f"Saved {count_of(len(snapshot.ratings), 'skill rating')}")


def radar_with_table(rows: list[SkillRow], *, show_first: bool) -> None:
    """The radar chart and the same numbers as a table beside it."""
    chart, table = st.columns([5, 4], gap="small")
    chart.plotly_chart(
        radar_figure(rows, show_first=show_first), width="stretch", theme=None, key="radar"
    )
    # A plain table, not a data grid: fifteen short rows read at a glance and a screen reader
    # meets a real <table>.
    table.table(
        skill_table(rows, show_first=show_first).set_index("Skill"),
        alt="Each skill's rating, target and gap: the numbers drawn on the radar",
    )


def skill_table(rows: list[SkillRow], *, show_first: bool) -> pd.DataFrame:
    """The radar's numbers: my rating, target and gap per skill (and first rating for growth)."""
    data = {
        "Skill": [row.name for row in rows],
        "Mine": [row.rating for row in rows],
        "Target": [row.target for row in rows],
        "Gap": [row.gap for row in rows],
    }
    if show_first:
        data["First"] = [row.first_rating for row in rows]
    return pd.DataFrame(data)


def _level_label(skills: SkillSet, level: int | None) -> str:
    return "Not rated" if level is None else f"{level} · {skills.levels[level]}"
