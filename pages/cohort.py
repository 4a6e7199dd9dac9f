"""Class progress (instructors): a class at a glance, by learner and by requirement."""

from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from pandas.io.formats.style import Styler

from components.chart_tables import chart_as_table, heatmap_table, requirement_shares_table
from components.cohort_competencies import competencies_section
from components.data_errors import LOG
from components.downloads import download_on_request
from components.figures import (
    class_radar_figure,
    enlarged,
    requirement_heatmap,
    requirement_shares_figure,
)
from components.session import content_or_stop, instructor_or_stop, store_or_stop
from components.skill_ratings import radar_with_table
from pathway.classes import classes_owned
from pathway.cohort import FLAG_RULES, Flag, class_view
from pathway.cohort_tables import (
    LEARNER_COLUMNS,
    learner_label,
    learner_rows,
    requirement_matrix,
    requirement_matrix_export,
    requirement_shares,
    verification_matrix,
)
from pathway.csv_export import to_csv
from pathway.skills import class_skills, skill_rows
from pathway.verifying import RequirementCheck
from pathway.words import in_words, words

# Rows the learners x requirements grid draws: more cannot be read, and they slow the browser.
HEATMAP_MAX_LEARNERS = 150
# Projector mode draws tables as plain tables in this text size (a data grid's text cannot grow)
# and figures with text 1.5 times larger, for the back of a classroom.
PROJECTOR_FONT = "1.5rem"
# A learners row tall enough for the "Why" column to wrap onto two lines instead of being cut.
ROW_HEIGHT = 60


def projected(frame: pd.DataFrame, formats: dict[str, str], *, projector: bool) -> Styler:
    """`frame` styled for a plain table: numbers formatted as given, projector-sized text."""
    styler = frame.style.format(formats, na_rep="—")
    return styler.set_properties(**{"font-size": PROJECTOR_FONT}) if projector else styler


def sized(figure: go.Figure, *, projector: bool) -> go.Figure:
    """`figure` as it is, or with larger text in projector mode."""
    return enlarged(figure) if projector else figure


content = content_or_stop()
instructor = instructor_or_stop()
store = store_or_stop()

st.title("Class progress")
classes = classes_owned(store, instructor)
if not classes:
    st.info("No classes yet — create one on My classes.", icon=":material/groups:")
    st.stop()

chosen, mode = st.columns([3, 1], vertical_alignment="bottom")
classroom = chosen.selectbox("Class", classes, format_func=lambda c: c.name, key="cohort_class")
projector = mode.toggle("Projector mode", key="projector", help="Hides names for a shared screen")
view = class_view(content, store, instructor, classroom.class_id, date.today())
if not view.summaries and not view.attention:
    st.info(
        f"No learners yet. Share the join code {classroom.join_code} with your class.",
        icon=":material/group_add:",
    )
    st.stop()
summaries, records = view.summaries, view.records

counts = st.columns(3)
for column, flag in zip(counts, Flag, strict=True):
    column.metric(words(flag), sum(summary.flag is flag for summary in summaries))
for learner in view.attention:
    LOG.error("Class progress, learner %s: %s", learner.account.username, learner.problem)
if view.attention:
    st.warning(
        f"Data needs attention for {len(view.attention)} learner(s): their rows say so, and the "
        "server's console names the file. The rest of the class is shown.",
        icon=":material/warning:",
    )

st.header("Learners")
flags, awaiting = st.columns([3, 1], vertical_alignment="bottom")
shown = flags.multiselect("Show", list(Flag), default=list(Flag), format_func=words, key="flags")
awaiting_only = awaiting.toggle(
    "Only what awaits verification",
    key="awaiting_only",
    help="Learners with requirements marked done but not verified, or hours not approved",
)
visible = [
    summary
    for summary in summaries
    if summary.flag in shown and (summary.awaiting or not awaiting_only)
]
table = pd.DataFrame(
    in_words(learner_rows(visible, projector=projector, attention=view.attention)),
    columns=list(LEARNER_COLUMNS),
)
if projector:
    st.table(
        projected(table.drop(columns=["Why"]), {"Overall %": "{:.0f}%"}, projector=True),
        hide_index=True,
    )
else:
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        row_height=ROW_HEIGHT,
        column_config={
            "Overall %": st.column_config.ProgressColumn(min_value=0, max_value=100, format="%d%%"),
            "Step reached": st.column_config.NumberColumn(format="%d"),
            # A set width and a tall row make the grid wrap the reasons instead of cutting them.
            "Why": st.column_config.TextColumn(width="large"),
        },
    )
with st.expander("How the status is decided", icon=":material/rule:"):
    for rule in FLAG_RULES:
        st.markdown(f"- {rule}")
if not summaries:
    st.stop()

st.header("Requirements")
shares = requirement_shares(content, records)
st.plotly_chart(
    sized(requirement_shares_figure(shares), projector=projector),
    width="stretch",
    theme=None,
    key="requirement_shares",
)
chart_as_table(
    "Learners per requirement",
    projected(requirement_shares_table(shares), {}, projector=projector),
)
titles, states = requirement_matrix(content, records)
labels = [
    learner_label(s.account, n, projector=projector) for n, s in enumerate(summaries, start=1)
]
grid = labels[:HEATMAP_MAX_LEARNERS], titles, states[:HEATMAP_MAX_LEARNERS]
st.plotly_chart(
    sized(requirement_heatmap(*grid), projector=projector),
    width="stretch",
    theme=None,
    key="heatmap",
)
chart_as_table("The grid", heatmap_table(*grid), scrolls=True)
if len(labels) > HEATMAP_MAX_LEARNERS:
    st.caption(
        f"The grid shows the first {HEATMAP_MAX_LEARNERS} of {len(labels)} learners, at risk "
        "first; "
        "the requirement matrix export below has everyone."
    )

st.subheader("Verified or self-reported")
st.caption(
    "The requirements an instructor verifies, for each learner who marked them done. "
    "Verify them on the Verify page."
)
verifiable_titles, checks = verification_matrix(content, records)
check_rows = [
    [label, *row]
    for label, row in zip(labels, checks, strict=True)
    if not awaiting_only or RequirementCheck.SELF_REPORTED in row
]
if check_rows:
    st.dataframe(
        pd.DataFrame(in_words(check_rows), columns=["Learner", *verifiable_titles]),
        hide_index=True,
        width="stretch",
    )
else:
    st.caption("Nothing awaits verification.")

st.header("Competencies")
competencies_section(content, labels, records)

st.header("Skills")
class_rows = class_skills(content.skills, records)
chart, numbers = st.columns([5, 4], gap="small")
chart.plotly_chart(
    sized(class_radar_figure(class_rows), projector=projector),
    width="stretch",
    theme=None,
    key="class_radar",
)
numbers.table(
    projected(
        pd.DataFrame(
            {
                "Skill": [row.name for row in class_rows],
                "Average": [row.average for row in class_rows],
                "Lowest": [row.lowest for row in class_rows],
                "Highest": [row.highest for row in class_rows],
                "Target": [row.target for row in class_rows],
                "Rated by": [row.rated_by for row in class_rows],
            }
        ).set_index("Skill"),
        {"Average": "{:.1f}", "Lowest": "{:.0f}", "Highest": "{:.0f}"},
        projector=projector,
    )
)
one = st.selectbox(
    "Open one learner's radar",
    range(len(summaries)),
    index=None,
    format_func=lambda position: labels[position],
    key="one_learner",
)
if one is not None:
    radar_with_table(skill_rows(content.skills, records[one]), show_first=True)

if not projector:
    st.header("Export")
    left, right = st.columns(2)
    matrix_header, matrix_rows = requirement_matrix_export(
        labels, (titles, states), (verifiable_titles, checks)
    )
    with left:
        download_on_request(
            "Learners (CSV)",
            lambda: to_csv(
                LEARNER_COLUMNS,
                in_words(learner_rows(summaries, projector=False, attention=view.attention)),
            ),
            file_name=f"{classroom.join_code}-learners.csv",
            mime="text/csv",
            icon=":material/download:",
        )
    with right:
        download_on_request(
            "Requirement matrix (CSV)",
            lambda: to_csv(matrix_header, in_words(matrix_rows)),
            file_name=f"{classroom.join_code}-requirements.csv",
            mime="text/csv",
            icon=":material/download:",
        )
