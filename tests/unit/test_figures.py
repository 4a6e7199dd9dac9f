"""The plotly builders, checked as data without Streamlit."""

from __future__ import annotations

from datetime import date, timedelta

from components.figures import plan_figure, radar_figure, roadmap_figure
from pathway.content.models import Step, Task
from pathway.plan import PlannedStep
from pathway.records import ItemState
from pathway.skills import SkillRow

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
