"""The shipped content in roadmap_data/ covers everything the source article names."""

from __future__ import annotations

import pytest

from pathway.content import Content, load_content
from pathway.settings import PROJECT_ROOT


@pytest.fixture(scope="module")
def content() -> Content:
    """The real content files, loaded and validated as the app loads them."""
    return load_content(PROJECT_ROOT / "roadmap_data")


def test_roadmap_has_the_twelve_steps_in_order(content: Content) -> None:
    assert [step.number for step in content.roadmap.steps] == list(range(1, 13))


def test_step_seven_is_resume_and_networking(content: Content) -> None:
    step_seven = content.roadmap.steps[6]
    assert "resume" in step_seven.title.lower()
    assert "network" in step_seven.title.lower()


def test_only_certification_steps_are_optional(content: Content) -> None:
    optional = [step.number for step in content.roadmap.steps if step.optional]
    assert optional == [6, 12]


@pytest.mark.parametrize(
    "group_id",
    [
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
    ],
)
def test_checklist_has_every_requirement_group_of_the_article(
    content: Content, group_id: str
) -> None:
    assert group_id in {group.id for group in content.checklist.groups}


def test_cpr_card_is_a_requirement(content: Content) -> None:
    items = {item.id: item for group in content.checklist.groups for item in group.items}
    assert items["req.cpr.card"].title == "CPR / BLS certification card"


def test_the_fifteen_skills_have_targets_on_the_rating_scale(content: Content) -> None:
    targets = [skill.target for skill in content.skills.skills]
    assert len(targets) == 15
    assert all(1 <= target <= 5 for target in targets)


def test_duties_cover_the_four_areas(content: Content) -> None:
    assert [area.id for area in content.learn.duty_areas] == [
        "duties.administrative",
        "duties.clinical",
        "duties.support",
        "duties.clerical",
    ]


def test_the_five_specialties_are_described(content: Content) -> None:
    names = {specialty.name for specialty in content.learn.specialties}
    assert names == {"Ophthalmology", "Podiatry", "Pediatrics", "Cardiology", "Dermatology"}


def test_both_faq_entries_are_answered(content: Content) -> None:
    assert {question.id for question in content.learn.faq} == {"faq.good_job", "faq.ma_vs_cna"}


def test_every_figure_cites_a_dated_source(content: Content) -> None:
    for figure in content.learn.figures:
        assert figure.source.url.startswith("https://"), figure.id
        assert figure.source.as_of, figure.id
