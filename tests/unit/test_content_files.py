"""The shipped content in roadmap_data/ loads and covers everything the source article names.

These tests read the real YAML files, as the app does at start-up, and check the roadmap, the
requirement checklist, the skills and the reading pages against the article's structure.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pathway.content import Content
from pathway.content.models import Credential, Requirement

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


def test_every_figure_states_its_period(content: Content) -> None:
    assert content.learn.figures
    for figure in content.learn.figures:
        assert figure.period.strip(), figure.id


def test_median_pay_is_the_latest_figure_the_sources_give_may_2025(content: Content) -> None:
    figures = {figure.id: figure for figure in content.learn.figures}
    assert figures["figure.median_pay"].value.startswith("$45,690")
    assert figures["figure.median_pay"].period.startswith("May 2025")
    assert "verify with the issuer" in figures["figure.median_pay"].source.verify


def test_skills_carry_the_names_the_source_article_gives_them(content: Content) -> None:
    names = {skill.id: skill.name for skill in content.skills.skills}
    assert names["skill.communication"] == "Communication Skills"
    assert names["skill.empathy"] == "Empathy and Compassion"
    assert names["skill.organization"] == "Organizational Skills"
    assert names["skill.compliance"] == "Legal and Regulatory Compliance"


def test_skill_names_are_the_fifteen_headings_of_the_source_article(content: Content) -> None:
    assert [skill.name for skill in content.skills.skills] == [
        "Communication Skills",
        "Empathy and Compassion",
        "Attention to Detail",
        "Technical Proficiency",
        "Medical Knowledge",
        "Organizational Skills",
        "Problem-Solving",
        "Customer Service",
        "Teamwork",
        "Adaptability",
        "Medical Ethics",
        "Phlebotomy",
        "Infection Control",
        "Time Management",
        "Legal and Regulatory Compliance",
    ]


def requirements(content: Content) -> dict[str, Requirement]:
    return {item.id: item for group in content.checklist.groups for item in group.items}


def test_externship_item_gives_the_160_contact_hours(content: Content) -> None:
    externship = requirements(content)["req.clinical.externship"]
    assert "160 contact hours" in externship.title
    assert any("160 contact hours" in fact.text for fact in externship.facts)


@pytest.mark.parametrize(
    "item_id",
    [
        "req.pre_externship.hepatitis_b",
        "req.pre_externship.mmr",
        "req.pre_externship.varicella",
        "req.pre_externship.tdap",
        "req.pre_externship.flu",
        "req.pre_externship.tb_test",
        "req.pre_externship.physical",
        "req.pre_externship.hipaa",
        "req.pre_externship.bloodborne_pathogens",
    ],
)
def test_each_pre_externship_requirement_is_a_sourced_checklist_item(
    content: Content, item_id: str
) -> None:
    item = requirements(content)[item_id]
    assert item.facts
    assert not item.optional


def test_bloodborne_pathogens_training_cites_the_osha_standard_yearly(content: Content) -> None:
    item = requirements(content)["req.pre_externship.bloodborne_pathogens"]
    assert "every year" in item.detail
    assert any("29 CFR 1910.1030" in fact.text for fact in item.facts)


def test_drug_screen_is_required_by_the_program_not_only_at_hiring(content: Content) -> None:
    assert "program requires" in requirements(content)["req.background.drug_screen"].detail


def test_cpr_item_asks_for_the_healthcare_provider_bls_card(content: Content) -> None:
    assert "healthcare-provider level (BLS)" in requirements(content)["req.cpr.card"].detail


def test_washington_makes_the_certification_step_required(content: Content) -> None:
    washington = content.states.note_for("WA")
    assert washington is not None
    assert {"step.certify", "req.state.exam"} <= set(washington.requires)


def test_south_dakota_note_says_registration_was_repealed(content: Content) -> None:
    south_dakota = content.states.note_for("SD")
    assert south_dakota is not None
    assert "1 July 2021" in south_dakota.notes[0].text
    assert "no longer requires" in south_dakota.notes[0].text


def test_arizona_note_applies_before_employment_and_accepts_the_ccma(content: Content) -> None:
    arizona = content.states.note_for("AZ")
    assert arizona is not None
    assert "before anyone is employed" in arizona.notes[0].text
    assert "CCMA" in arizona.notes[0].text


def credentials(content: Content) -> dict[str, Credential]:
    return {credential.id: credential for credential in content.credentials.credentials}


def test_cma_has_four_eligibility_routes_and_early_testing(content: Content) -> None:
    cma = credentials(content)["cred.cma"]
    assert len(cma.eligibility) == 4
    assert "up to 30 days before" in cma.eligibility[0].text
    assert "560 academic contact hours" in cma.eligibility[3].text


def test_cma_recertification_needs_no_cpr_and_lapses_to_the_exam_after_90_days(
    content: Content,
) -> None:
    cma = credentials(content)["cred.cma"]
    assert any("no longer needed" in fact.text for fact in cma.upkeep)
    assert cma.lapse is not None
    assert cma.lapse.after_days == 90


def test_rma_routes_and_annual_fee(content: Content) -> None:
    rma = credentials(content)["cred.rma"]
    assert "720 clock hours including a 160-hour externship" in rma.eligibility[0].text
    assert any("5 of the last 7 years" in fact.text for fact in rma.eligibility)
    assert "annual fee" in rma.renewal


def test_ncma_renews_yearly_with_14_clock_hours_verified_with_the_issuer(
    content: Content,
) -> None:
    ncma = credentials(content)["cred.ncma"]
    rule = ncma.continuing_education
    assert rule is not None
    assert (rule.cycle_months, rule.total) == (12, 14)
    assert "verify with the issuer (NCCT)" in ncma.source.verify


def test_step_durations_from_the_article_are_the_program_lengths_only(content: Content) -> None:
    from_article = [step.id for step in content.roadmap.steps if step.duration_from == "article"]
    assert from_article == ["step.enroll"]
