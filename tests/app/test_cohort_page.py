"""Class progress as the instructor reads it: no stray text, readable tables, keyed charts."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from bench.fixtures import demo_class
from pathway.content import load_content
from pathway.demo import INSTRUCTOR_USERNAME
from pathway.settings import content_dir
from pathway.store import Store
from tests.app.conftest import new_session


@pytest.fixture
def cohort(app_data_dir: Path) -> AppTest:
    """The demo class with six learners, on Class progress as its instructor."""
    store = Store(app_data_dir)
    try:
        demo_class(store, load_content(content_dir()), learners=6, today=date.today())
    finally:
        store.close()
    return new_session(INSTRUCTOR_USERNAME).switch_page("pages/cohort.py").run()


def projector_on(cohort: AppTest) -> AppTest:
    """The same page with projector mode switched on."""
    return cohort.toggle(key="projector").set_value(True).run()


def figure(cohort: AppTest, key: str) -> dict:
    """The plotly figure drawn under `key`, as JSON."""
    [chart] = [chart for chart in cohort.get("plotly_chart") if chart.proto.id.endswith(key)]
    return json.loads(chart.proto.spec)


def shown_column(table, column: str) -> list[str]:
    """A column of a styled st.table as the browser shows it (the Styler's display values)."""
    frame = pa.ipc.open_stream(table.proto.arrow_data.styler.display_values).read_all()
    return [str(cell) for cell in frame.column(column).to_pylist()]


@pytest.mark.parametrize("projector", [False, True], ids=["normal", "projector"])
def test_no_code_docstring_is_drawn_on_the_page(cohort: AppTest, projector: bool) -> None:
    page = projector_on(cohort) if projector else cohort
    texts = [element.value for element in (*page.markdown, *page.caption)]
    assert not [text for text in texts if "Rows the learners" in text]


def test_the_why_column_wraps_instead_of_being_cut_off(cohort: AppTest) -> None:
    grid = cohort.dataframe[0].proto
    assert json.loads(grid.columns)["Why"]["width"] == "large"
    assert grid.row_height >= 60


def test_class_averages_show_one_decimal(cohort: AppTest) -> None:
    [skills] = [table for table in cohort.table if "Average" in table.value.columns]
    shown = shown_column(skills, "Average")
    assert shown
    assert all(re.fullmatch(r"\d\.\d|—", cell) for cell in shown), shown


def test_the_heatmap_has_a_colour_key_naming_each_state(cohort: AppTest) -> None:
    [heatmap] = figure(cohort, "heatmap")["data"]
    assert heatmap.get("showscale", True)
    assert heatmap["colorbar"]["ticktext"] == ["Not started", "… In progress", "✓ Done"]


def test_projector_mode_draws_figures_with_larger_text(cohort: AppTest) -> None:
    normal = figure(cohort, "heatmap")["layout"].get("font", {}).get("size", 12)
    enlarged = figure(projector_on(cohort), "heatmap")["layout"]["font"]["size"]
    assert enlarged > normal


def test_projector_mode_draws_tables_with_larger_text(cohort: AppTest) -> None:
    page = projector_on(cohort)
    assert page.table  # plain tables, whose text can grow, not a data grid
    assert all("font-size: 1.5rem" in t.proto.arrow_data.styler.styles for t in page.table)


def chart_table(page: AppTest, label: str):
    """The table in the expander `label`, under the chart it reads."""
    [expander] = [expander for expander in page.expander if expander.label == label]
    return (expander.table or expander.dataframe)[0].value


def test_the_requirement_bars_have_a_table_of_the_same_counts(cohort: AppTest) -> None:
    bars = figure(cohort, "requirement_shares")["data"]
    table = chart_table(cohort, "Learners per requirement as a table").set_index("Requirement")
    for trace in bars:
        assert list(table[trace["name"]]) == trace["x"], trace["name"]


def test_the_heatmap_has_a_table_naming_each_cells_state(cohort: AppTest) -> None:
    [heatmap] = figure(cohort, "heatmap")["data"]
    table = chart_table(cohort, "The grid as a table")
    assert list(table.columns) == ["Learner", *heatmap["x"]]
    assert list(table["Learner"]) == heatmap["y"]
    assert [list(row[1:]) for row in table.itertuples(index=False)] == heatmap["text"]
