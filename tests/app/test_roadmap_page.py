"""The roadmap page: twelve steps, the path figure and a state per task."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from streamlit.testing.v1 import AppTest

from pathway.records import ItemState
from tests.app.test_checklist_page import stored_record


@pytest.fixture
def roadmap(open_page: Callable[[str], AppTest]) -> AppTest:
    """The roadmap page of a freshly signed-up learner."""
    return open_page("pages/roadmap.py")


def step_labels(app: AppTest) -> list[str]:
    """The labels of the step expanders, in page order."""
    return [expander.label for expander in app.expander if expander.label.startswith("Step ")]


def test_all_twelve_steps_are_listed_in_order(roadmap: AppTest, content) -> None:
    labels = step_labels(roadmap)
    assert [label.split(" · ")[0] for label in labels] == [f"Step {n}" for n in range(1, 13)]


def test_path_figure_marks_where_the_learner_is(roadmap: AppTest) -> None:
    figure = json.loads(roadmap.get("plotly_chart")[0].proto.spec)
    annotation = figure["layout"]["annotations"][0]
    assert (annotation["text"], annotation["x"]) == ("You are here", 1)


def test_setting_a_task_in_progress_is_stored(roadmap: AppTest, content, app_data_dir) -> None:
    task = content.roadmap.steps[0].tasks[0]
    roadmap.segmented_control(key=f"task:{task.id}").set_value(ItemState.IN_PROGRESS).run()
    assert stored_record(app_data_dir).item(task.id).state is ItemState.IN_PROGRESS
    assert step_labels(roadmap)[0].endswith("In progress")


def test_only_optional_steps_offer_skipping(roadmap: AppTest, content) -> None:
    for step in content.roadmap.steps:
        control = roadmap.segmented_control(key=f"task:{step.tasks[0].id}")
        assert ("Skipped" in control.options) is step.optional, step.id


def test_finishing_step_one_moves_you_are_here_to_step_two(roadmap: AppTest, content) -> None:
    for task in content.roadmap.steps[0].tasks:
        roadmap.segmented_control(key=f"task:{task.id}").set_value(ItemState.DONE).run()
    figure = json.loads(roadmap.get("plotly_chart")[0].proto.spec)
    assert figure["layout"]["annotations"][0]["x"] == 2


def save_plan(app: AppTest, program_type: str, start: date) -> AppTest:
    """Fill in and submit the My plan form."""
    app.selectbox(key="plan_program").set_value(program_type)
    app.date_input(key="plan_start").set_value(start)
    next(b for b in app.form_submit_button if b.form_id == "plan_form").click()
    return app.run()


def test_without_a_plan_the_page_explains_how_to_set_one(roadmap: AppTest) -> None:
    assert "My plan" in roadmap.info[0].value
    assert len(roadmap.get("plotly_chart")) == 1


def test_saving_a_plan_stores_it_and_draws_the_timeline_with_today(
    roadmap: AppTest, app_data_dir
) -> None:
    save_plan(roadmap, "program.associate", date.today())
    profile = stored_record(app_data_dir).profile
    assert (profile.program_type, profile.plan_start) == ("program.associate", date.today())
    timeline = json.loads(roadmap.get("plotly_chart")[1].proto.spec)
    assert any(note["text"] == "Today" for note in timeline["layout"]["annotations"])


def test_steps_show_their_planned_dates(roadmap: AppTest) -> None:
    save_plan(roadmap, "program.diploma", date(2026, 1, 5))
    step_one = next(e for e in roadmap.expander if e.label.startswith("Step 1 "))
    assert any("Planned: 2026-01-05 – 2026-01-18" in c.value for c in step_one.caption)


def test_unfinished_steps_past_their_planned_end_are_flagged_overdue(roadmap: AppTest) -> None:
    save_plan(roadmap, "program.diploma", date.today() - timedelta(days=120))
    labels = step_labels(roadmap)
    assert labels[0].endswith("overdue")
    assert not labels[-1].endswith("overdue")
    assert "past the planned end date" in roadmap.warning[0].value


def in_washington(open_page: Callable[[str], AppTest]) -> AppTest:
    """The roadmap page of a learner who chose Washington on the Requirements page."""
    open_page("pages/checklist.py").selectbox(key="profile_state").set_value("WA").run()
    return open_page("pages/roadmap.py")


def test_in_washington_the_certification_step_is_required_and_not_skippable(
    open_page: Callable[[str], AppTest], content
) -> None:
    roadmap = in_washington(open_page)
    certify = next(step for step in content.roadmap.steps if step.id == "step.certify")

    assert step_labels(roadmap)[certify.number - 1].startswith(
        "Step 6 · Obtain certification (required in Washington)"
    )
    for task in certify.tasks:
        assert "Skipped" not in roadmap.segmented_control(key=f"task:{task.id}").options


def test_in_washington_other_optional_steps_still_offer_skipping(
    open_page: Callable[[str], AppTest], content
) -> None:
    roadmap = in_washington(open_page)
    maintain = next(step for step in content.roadmap.steps if step.id == "step.maintain")

    assert "Skipped" in roadmap.segmented_control(key=f"task:{maintain.tasks[0].id}").options


def test_durations_say_whether_they_are_an_estimate_or_the_articles(roadmap: AppTest) -> None:
    captions = " ".join(caption.value for caption in roadmap.caption)
    assert "Typical duration (our estimate): 1–2 weeks" in captions
    assert "Typical duration (from the source article): 9–12 months" in captions


def chart_table(page: AppTest, label: str):
    """The table in the expander `label`, under the chart it reads."""
    [expander] = [expander for expander in page.expander if expander.label == label]
    return expander.table[0].value


def test_the_path_has_a_table_with_each_steps_state_and_where_you_are(roadmap: AppTest) -> None:
    table = chart_table(roadmap, "The path as a table")
    assert list(table["Step"]) == list(range(1, 13))
    assert set(table["State"]) == {"Not started"}
    assert list(table["Now"]).index("You are here") == 0


def test_the_plan_has_a_table_with_each_steps_dates_and_state(roadmap: AppTest) -> None:
    save_plan(roadmap, "program.diploma", date(2026, 1, 5))
    table = chart_table(roadmap, "The plan as a table")
    assert len(table) == 12
    first = table.iloc[0].to_dict()
    assert first["Step"].startswith("1. ")
    assert {column: first[column] for column in ("Starts", "Ends", "State", "Overdue")} == {
        "Starts": "2026-01-05",
        "Ends": "2026-01-18",
        "State": "Not started",
        "Overdue": "Overdue",
    }
