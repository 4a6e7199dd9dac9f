"""The row of headline numbers at the top of the dashboard."""

from __future__ import annotations

import streamlit as st

from pathway.progress import Completion


def progress_header(
    overall: Completion, roadmap: Completion, checklist: Completion, skills_met: int, skills: int
) -> None:
    """Overall, roadmap and checklist completion, and skills at target, as metrics."""
    columns = st.columns(4)
    columns[0].metric("Overall", f"{overall.percent}%", help="Roadmap tasks and requirements")
    columns[1].metric("Roadmap", f"{roadmap.percent}%", help=_counted(roadmap, "tasks"))
    columns[2].metric("Checklist", f"{checklist.percent}%", help=_counted(checklist, "items"))
    columns[3].metric("Skills at target", f"{skills_met} of {skills}")


def completion_bar(label: str, completion: Completion, unit: str) -> None:
    """A labelled progress bar, e.g. "Train: 3 of 7 tasks"."""
    st.progress(completion.fraction, text=f"{label}: {_counted(completion, unit)}")


def _counted(completion: Completion, unit: str) -> str:
    return f"{completion.resolved} of {completion.total} {unit} done or skipped"
