"""The skills page: rating, the radar against the target, the table, and growth."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.test_checklist_page import stored_record


@pytest.fixture
def skills_page(open_page: Callable[[str], AppTest]) -> AppTest:
    """The skills page of a freshly signed-up learner."""
    return open_page("pages/skills.py")


def rate(app: AppTest, ratings: dict[str, int]) -> AppTest:
    """Set the given sliders and save the form."""
    for skill_id, value in ratings.items():
        app.select_slider(key=f"rating:{skill_id}").set_value(value)
    next(button for button in app.button if button.label == "Save ratings").click()
    return app.run()


def test_nothing_rated_shows_the_friendly_empty_state(skills_page: AppTest) -> None:
    assert "Nothing rated yet" in skills_page.info[0].value
    assert not skills_page.get("plotly_chart")


def test_saving_ratings_stores_a_snapshot(skills_page: AppTest, content, app_data_dir) -> None:
    first_skill = content.skills.skills[0].id
    rate(skills_page, {first_skill: 4})
    snapshots = stored_record(app_data_dir).snapshots
    assert [snapshot.ratings for snapshot in snapshots] == [{first_skill: 4}]


def test_radar_shows_rating_against_target(skills_page: AppTest, content) -> None:
    first = content.skills.skills[0]
    rate(skills_page, {first.id: 2})
    figure = json.loads(skills_page.get("plotly_chart")[0].proto.spec)
    series = {trace["name"]: trace["r"] for trace in figure["data"]}
    assert series["My latest rating"][0] == 2
    assert series["Entry-level target"][0] == first.target


def test_table_gives_the_same_numbers_as_the_radar(skills_page: AppTest, content) -> None:
    first = content.skills.skills[0]
    rate(skills_page, {first.id: 2})
    row = skills_page.table[0].value.loc[first.name]
    assert (row["Mine"], row["Target"], row["Gap"]) == (2, first.target, first.target - 2)


def test_growth_view_overlays_the_first_ratings(skills_page: AppTest, content) -> None:
    first = content.skills.skills[0].id
    rate(skills_page, {first: 1})
    rate(skills_page, {first: 3})
    skills_page.toggle(key="show_first_ratings").set_value(True).run()
    figure = json.loads(skills_page.get("plotly_chart")[0].proto.spec)
    series = {trace["name"]: trace["r"][0] for trace in figure["data"]}
    assert (series["First rating"], series["My latest rating"]) == (1, 3)
