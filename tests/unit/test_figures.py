"""The plotly builders, checked as data without Streamlit."""

from __future__ import annotations

from datetime import date, timedelta

from components.figures import (
    STATE_STYLE,
    enlarged,
    plan_figure,
    radar_figure,
    requirement_heatmap,
    roadmap_figure,
)
from pathway.content.models import Step, Task
from pathway.plan import PlannedStep
from pathway.records import ItemState
from pathway.skills import SkillRow
from pathway.words import words

ROWS = [
    SkillRow("skill.a", "Communication", target=4, rating=2, first_rating=1),
    SkillRow("skill.b", "Phlebotomy", target=3, rating=None, first_rating=None),
    SkillRow("skill.c", "Teamwork", target=3, rating=5, first_rating=3),
]


def series(figure) -> dict[str, list]:
    """Each trace's radial values by legend name."""
    return {trace.name: list(trace.r) for trace in figure.data}


def test_radar_closes_each_shape_by_repeating_the_first_point() -> None:
    latest = series(radar_figure(ROWS))["My latest rating"]
    assert latest == [2, 0, 5, 2]


def test_radar_draws_unrated_skills_at_zero() -> None:
    assert series(radar_figure(ROWS))["My latest rating"][1] == 0


def test_radar_shows_target_and_latest_but_first_only_on_request() -> None:
    assert set(series(radar_figure(ROWS))) == {"Entry-level target", "My latest rating"}
    with_growth = series(radar_figure(ROWS, show_first=True))
    assert with_growth["First rating"] == [1, 0, 3, 1]


def test_radar_axis_is_fixed_from_zero_to_five_so_charts_compare() -> None:
    assert list(radar_figure(ROWS).layout.polar.radialaxis.range) == [0, 5]


def test_radar_series_differ_in_dash_not_only_colour() -> None:
    dashes = [trace.line.dash for trace in radar_figure(ROWS, show_first=True).data]
    assert len(set(dashes)) == 3


def make_steps(count: int) -> list[Step]:
    """Minimal consecutive steps for the path figure."""
    return [
        Step(
            id=f"step.s{n}",
            number=n,
            title=f"Step {n}",
            phase="phase.p",
            summary="s",
            duration="d",
            done_when="w",
            plan_weeks=1,
            tasks=[Task(id=f"task.s{n}.t", text="t")],
        )
        for n in range(1, count + 1)
    ]


def test_roadmap_path_places_each_step_under_its_state() -> None:
    states = [ItemState.DONE, ItemState.IN_PROGRESS, ItemState.NOT_STARTED, ItemState.SKIPPED]
    figure = roadmap_figure(make_steps(4), states, current=2)
    by_state = {trace.name: list(trace.x) for trace in figure.data if trace.name}
    assert by_state == {"Done": [1], "In progress": [2], "Not started": [3], "Skipped": [4]}


def test_roadmap_path_legend_lists_every_state_even_when_unused() -> None:
    figure = roadmap_figure(make_steps(3), [ItemState.NOT_STARTED] * 3, current=1)
    assert [trace.name for trace in figure.data if trace.name] == [
        "Done",
        "In progress",
        "Not started",
        "Skipped",
    ]


def test_roadmap_path_marks_the_current_step() -> None:
    annotation = roadmap_figure(
        make_steps(3), [ItemState.NOT_STARTED] * 3, current=3
    ).layout.annotations[0]
    assert (annotation.text, annotation.x) == ("You are here", 3)


def test_roadmap_path_has_no_marker_when_everything_is_resolved() -> None:
    figure = roadmap_figure(make_steps(2), [ItemState.DONE] * 2, current=None)
    assert not figure.layout.annotations


def test_plan_timeline_has_a_bar_per_step_and_a_today_line() -> None:
    steps = make_steps(2)
    start = date(2026, 1, 5)
    planned = [
        PlannedStep(steps[0], start, start + timedelta(days=6)),
        PlannedStep(steps[1], start + timedelta(days=7), start + timedelta(days=13)),
    ]
    figure = plan_figure(planned, [ItemState.DONE, ItemState.NOT_STARTED], {"step.s2"}, start)
    bars = {trace.name: list(trace.y) for trace in figure.data if trace.y != (None,)}
    assert bars == {"Done": ["1. Step 1"], "Not started": ["2. Step 2"]}
    not_started = next(trace for trace in figure.data if trace.name == "Not started")
    assert list(not_started.marker.pattern.shape) == ["x"]
    assert list(not_started.x) == [7 * 86_400_000]
    assert figure.layout.annotations[0].text == "Today"


def plan_of(count: int) -> list[PlannedStep]:
    """`count` one-week steps planned back to back from 5 January 2026."""
    start = date(2026, 1, 5)
    return [
        PlannedStep(step, start + timedelta(weeks=n), start + timedelta(weeks=n, days=6))
        for n, step in enumerate(make_steps(count))
    ]


def test_plan_timeline_lists_every_step_on_a_category_axis_before_any_is_done() -> None:
    # Regression: with no step done the legend's empty "Done" trace came first, the axis was
    # typed numeric and no bar was drawn, only the axis and the Today line.
    planned = plan_of(3)
    figure = plan_figure(planned, [ItemState.NOT_STARTED] * 3, set(), date(2026, 1, 5))
    assert figure.layout.yaxis.type == "category"
    assert list(figure.layout.yaxis.categoryarray) == ["1. Step 1", "2. Step 2", "3. Step 3"]
    not_started = next(trace for trace in figure.data if trace.name == "Not started")
    assert list(not_started.y) == ["1. Step 1", "2. Step 2", "3. Step 3"]


def test_plan_timeline_keeps_step_order_whatever_the_state() -> None:
    # Regression: a skipped step 6 was drawn below step 12, after the not-started steps.
    states = [ItemState.DONE] * 5 + [ItemState.SKIPPED] + [ItemState.NOT_STARTED] * 6
    figure = plan_figure(plan_of(12), states, set(), date(2026, 1, 5))
    order = list(figure.layout.yaxis.categoryarray)
    assert order.index("6. Step 6") < order.index("12. Step 12")
    assert order == [f"{n}. Step {n}" for n in range(1, 13)]


def test_plan_timeline_legend_names_every_state_by_colour() -> None:
    figure = plan_figure(plan_of(1), [ItemState.NOT_STARTED], set(), date(2026, 1, 5))
    legend = {trace.name: trace.marker.color for trace in figure.data}
    assert legend == {words(state): colour for state, (colour, _) in STATE_STYLE.items()}


def test_heatmap_colours_skipped_as_done_but_names_it_skipped() -> None:
    figure = requirement_heatmap(["Ana"], ["CPR", "BLS"], [[ItemState.SKIPPED, ItemState.DONE]])
    [heatmap] = figure.data
    assert [list(row) for row in heatmap.z] == [[2, 2]]
    assert [list(row) for row in heatmap.text] == [["Skipped", "Done"]]


def test_enlarged_figure_has_larger_text_and_room_for_it() -> None:
    figure = radar_figure(ROWS)
    height = figure.layout.height
    enlarged(figure)
    assert figure.layout.font.size > 12
    assert figure.layout.polar.angularaxis.tickfont.size > 11
    assert figure.layout.height > height


def test_heatmap_cells_carry_a_mark_so_states_read_without_colour() -> None:
    states = [ItemState.DONE, ItemState.IN_PROGRESS, ItemState.NOT_STARTED, ItemState.SKIPPED]
    figure = requirement_heatmap(["Ana"], ["A", "B", "C", "D"], [states])
    [heatmap] = figure.data
    assert heatmap.texttemplate == "%{customdata}"
    assert [list(row) for row in heatmap.customdata] == [["✓", "…", "", "✓"]]
    assert list(heatmap.colorbar.ticktext) == ["Not started", "… In progress", "✓ Done"]


def test_radar_breaks_long_skill_names_onto_two_lines_so_the_edge_cuts_none() -> None:
    rows = [SkillRow("skill.l", "Legal and Regulatory Compliance", 3, rating=2, first_rating=1)]
    figure = radar_figure(rows + ROWS)
    assert list(figure.data[0].theta)[:2] == ["Legal and Regulatory<br>Compliance", "Communication"]
