"""The shipped content in roadmap_data/ loads and covers everything the source article names.

These tests read the real YAML files, as the app does at start-up, and check the roadmap, the
requirement checklist, the skills and the reading pages against the article's structure.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pathway.content import Content

CONTENT_DIR = Path(__file__).parents[2] / "roadmap_data"

REQUIREMENT_GROUPS = [
    "reqgroup.education",
    "reqgroup.high_school",
    "reqgroup.clinical",
    "reqgroup.certification",
    "reqgroup.state",
    "reqgroup.soft_skills",
    "reqgroup.cpr",
    "reqgroup.background",
    "reqgroup.continuing_education",
    "reqgroup.legal_ethics",
]


def test_roadmap_has_exactly_twelve_steps_numbered_in_order(content: Content) -> None:
    assert [step.number for step in content.roadmap.steps] == list(range(1, 13))


def test_step_seven_is_resume_and_networking(content: Content) -> None:
    step_seven = content.roadmap.steps[6]
    assert step_seven.number == 7
    assert "resume" in step_seven.title.lower()
    assert "network" in step_seven.title.lower()


def test_only_steps_six_and_twelve_are_optional(content: Content) -> None:
    optional = [step.number for step in content.roadmap.steps if step.optional]
    assert optional == [6, 12]


@pytest.mark.parametrize("group_id", REQUIREMENT_GROUPS)
def test_checklist_has_every_requirement_group_of_the_article(
    content: Content, group_id: str
) -> None:
    assert group_id in {group.id for group in content.checklist.groups}


def test_cpr_card_is_a_requirement(content: Content) -> None:
    items = {item.id: item for group in content.checklist.groups for item in group.items}
    assert items["req.cpr.card"].title == "CPR / BLS certification card"


def test_there_are_fifteen_skills_with_targets_on_the_rating_scale(content: Content) -> None:
    targets = [skill.target for skill in content.skills.skills]
    assert len(targets) == 15
    assert all(1 <= target <= 5 for target in targets)


def test_the_four_duty_areas_exist(content: Content) -> None:
    assert {area.id for area in content.learn.duty_areas} == {
        "duties.administrative",
        "duties.clinical",
        "duties.support",
        "duties.clerical",
    }


def test_the_five_specialties_exist(content: Content) -> None:
    assert {specialty.id for specialty in content.learn.specialties} == {
        "specialty.ophthalmology",
        "specialty.podiatry",
        "specialty.pediatrics",
        "specialty.cardiology",
        "specialty.dermatology",
    }


def test_both_faq_entries_exist(content: Content) -> None:
    assert {question.id for question in content.learn.faq} == {"faq.good_job", "faq.ma_vs_cna"}


def test_every_figure_cites_a_source_url_and_date(content: Content) -> None:
    assert content.learn.figures
    for figure in content.learn.figures:
        assert figure.source.url.startswith("https://"), figure.id
        assert figure.source.as_of.strip(), figure.id
