"""Class progress, competencies: check-offs per learner and per competency, as tables."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from pathway.check_offs import cohort_competencies
from pathway.content.models import Content
from pathway.records import LearnerRecord
from pathway.verification import CompetencyStatus
from pathway.words import words


def competencies_section(
    content: Content, labels: Sequence[str], records: Sequence[LearnerRecord]
) -> None:
    """How far each learner is with check-offs, and which competencies the class still lacks."""
    counts = cohort_competencies(content, records)
    listed = content.competencies.competencies
    totals = {d: sum(c.domain == d for c in listed) for d in ("psychomotor", "affective")}
    st.dataframe(
        pd.DataFrame(
            {
                "Learner": labels,
                f"Psychomotor (of {totals['psychomotor']})": [
                    row["psychomotor"] for row in counts.per_learner
                ],
                f"Affective (of {totals['affective']})": [
                    row["affective"] for row in counts.per_learner
                ],
                "Open requests": [row["requests"] for row in counts.per_learner],
            }
        ),
        hide_index=True,
        width="stretch",
        key="cohort_competencies_learners",
    )
    by_competency = pd.DataFrame(
        [
            {
                "Area": c.area,
                "Competency": c.title,
                words(CompetencyStatus.CHECKED_OFF): counts.per_competency[c.id][
                    CompetencyStatus.CHECKED_OFF
                ],
                words(CompetencyStatus.REQUESTED): counts.per_competency[c.id][
                    CompetencyStatus.REQUESTED
                ],
                "Not yet": len(records) - counts.per_competency[c.id][CompetencyStatus.CHECKED_OFF],
            }
            for c in listed
        ]
    )
    with st.expander("By competency", icon=":material/task_alt:"):
        st.dataframe(by_competency, hide_index=True, width="stretch")
