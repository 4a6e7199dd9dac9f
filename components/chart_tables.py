"""Each chart's figures as a table, in an expander under the chart (WCAG 1.1.1 text alternative).

A screen reader cannot read a Plotly chart, and a reader who cannot tell its colours apart may
not read it either: every chart without a table beside it gets one here, built from the same data
the figure is built from. The builders are plain functions; `chart_as_table` draws one.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from pathway.content.models import Step
from pathway.credentials import RulePart
from pathway.plan import PlannedStep
from pathway.records import ItemState
from pathway.words import day, words

_SHARE_STATES = (ItemState.DONE, ItemState.IN_PROGRESS, ItemState.NOT_STARTED)


def chart_as_table(what: str, table: pd.DataFrame | Styler, *, scrolls: bool = False) -> None:
    """`table` in a collapsed expander named "`what` as a table", next to the chart it reads.

    A plain table (a real <table> for screen readers; a Styler keeps projector-sized text)
    unless `scrolls`: then a data grid, for tables too large to lay out whole (a class's
    learners x requirements).
    """
    with st.expander(f"{what} as a table", icon=":material/table:"):
        if scrolls:
            st.dataframe(table, hide_index=True, width="stretch")
        else:
            st.table(table, hide_index=True)


def roadmap_table(steps: list[Step], states: list[ItemState], current: int | None) -> pd.DataFrame:
    """The roadmap path: each step's number, title and state, and which one the learner is on."""
    return pd.DataFrame(
        {
            "Step": [step.number for step in steps],
            "Title": [step.title for step in steps],
            "State": [words(state) for state in states],
            "Now": ["You are here" if step.number == current else "" for step in steps],
        }
    )


def plan_table(
    planned: list[PlannedStep], states: list[ItemState], overdue: set[str]
) -> pd.DataFrame:
    """The plan timeline: each step's planned start and end, its state, and whether it is late."""
    return pd.DataFrame(
        {
            "Step": [f"{entry.step.number}. {entry.step.title}" for entry in planned],
            "Starts": [day(entry.starts_on) for entry in planned],
            "Ends": [day(entry.ends_on) for entry in planned],
            "State": [words(state) for state in states],
            "Overdue": ["Overdue" if entry.step.id in overdue else "" for entry in planned],
        }
    )


def recertification_table(parts: list[RulePart], unit: str) -> pd.DataFrame:
    """The recertification bars: required, earned and still to go for each part of the rule."""
    return pd.DataFrame(
        {
            "Part": [part.label for part in parts],
            f"Required ({unit})": [f"{part.required:g}" for part in parts],
            f"Earned ({unit})": [f"{part.earned:g}" for part in parts],
            f"To go ({unit})": [f"{part.missing:g}" for part in parts],
        }
    )


def requirement_shares_table(shares: dict[str, Counter[ItemState]]) -> pd.DataFrame:
    """The stacked requirement bars: how many learners are in each state, per requirement."""
    data: dict[str, list[object]] = {"Requirement": list(shares)}
    for state in _SHARE_STATES:
        data[words(state)] = [shares[title][state] for title in shares]
    return pd.DataFrame(data)


def heatmap_table(
    learners: list[str], titles: list[str], states: list[list[ItemState]]
) -> pd.DataFrame:
    """The heatmap: a row per learner, a column per requirement, each cell its state in words."""
    rows = [
        [learner, *(words(state) for state in row)]
        for learner, row in zip(learners, states, strict=True)
    ]
    return pd.DataFrame(rows, columns=["Learner", *titles])
