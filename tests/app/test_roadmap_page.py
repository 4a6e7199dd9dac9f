"""The roadmap page: twelve steps, the path figure and a state per task."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from pathway.records import ItemState
from tests.app.test_checklist_page import stored_record


@pytest.fixture
def roadmap(open_page: Callable[[str], AppTest]) -> AppTest:
    """The roadmap page of a freshly signed-up learner."""
    return open_page("pages/roadmap.py")


def test_all_twelve_steps_are_listed_in_order(roadmap: AppTest, content) -> None:
    labels = [expander.label for expander in roadmap.expander]
    assert [label.split(" · ")[0] for label in labels] == [f"Step {n}" for n in range(1, 13)]


def test_path_figure_marks_where_the_learner_is(roadmap: AppTest) -> None:
    figure = json.loads(roadmap.get("plotly_chart")[0].proto.spec)
    annotation = figure["layout"]["annotations"][0]
    assert (annotation["text"], annotation["x"]) == ("You are here", 1)


def test_setting_a_task_in_progress_is_stored(roadmap: AppTest, content, app_data_dir) -> None:
    task = content.roadmap.steps[0].tasks[0]
    roadmap.segmented_control(key=f"task:{task.id}").set_value(ItemState.IN_PROGRESS).run()
    assert stored_record(app_data_dir).item(task.id).state is ItemState.IN_PROGRESS
    assert roadmap.expander[0].label.endswith("In progress")


def test_only_optional_steps_offer_skipping(roadmap: AppTest, content) -> None:
    for step in content.roadmap.steps:
        control = roadmap.segmented_control(key=f"task:{step.tasks[0].id}")
        assert ("Skipped" in control.options) is step.optional, step.id


def test_finishing_step_one_moves_you_are_here_to_step_two(roadmap: AppTest, content) -> None:
    for task in content.roadmap.steps[0].tasks:
        roadmap.segmented_control(key=f"task:{task.id}").set_value(ItemState.DONE).run()
    figure = json.loads(roadmap.get("plotly_chart")[0].proto.spec)
    assert figure["layout"]["annotations"][0]["x"] == 2
