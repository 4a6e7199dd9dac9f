"""Specifies the content loader: valid YAML loads; a broken file fails naming file and field.

Each test writes small valid content files (one per part) into a temporary folder, breaks one thing,
and checks that the ContentError message names the file and the field (and the entry's id
where there is one), so a coordinator editing YAML by hand can find the mistake.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from pathway.content import Content, ContentError, load_content

READ_ON = date(2026, 12, 2)
AAMA = {"title": "AAMA", "url": "https://aama.example", "as_of": READ_ON}


def valid_parts() -> dict[str, dict[str, Any]]:
    """The smallest content that passes every check, one mapping per file."""
    return {
        "roadmap": {
            "program_types": [
                {"id": "program.diploma", "name": "Diploma", "typical": "9–12 months", "weeks": 48}
            ],
            "phases": [
                {"id": "phase.explore", "title": "Explore", "summary": "Find out about the work."},
                {"id": "phase.train", "title": "Train", "summary": "Learn the skills."},
            ],
            "steps": [
                {
                    "id": "step.research",
                    "number": 1,
                    "title": "Research the role",
                    "phase": "phase.explore",
                    "summary": "What medical assistants do.",
                    "duration": "1–2 weeks",
                    "done_when": "You can describe a typical day.",
                    "plan_weeks": 2,
                    "tasks": [{"id": "task.research.read", "text": "Read the duties page"}],
                },
                {
                    "id": "step.program",
                    "number": 2,
                    "title": "Choose a program",
                    "phase": "phase.train",
                    "summary": "Accredited programs only.",
                    "duration": "1 month",
                    "done_when": "You are enrolled.",
                    "plan_weeks": "program",
                    "optional": False,
                    "tasks": [
                        {"id": "task.program.compare", "text": "Compare three programs"},
                        {"id": "task.program.enrol", "text": "Enrol"},
                    ],
                },
            ],
        },
        "checklist": {
            "groups": [
                {
                    "id": "req.cpr",
                    "title": "CPR",
                    "summary": "Basic life support.",
                    "items": [
                        {"id": "req.cpr.card", "title": "BLS card", "detail": "A current card."},
                        {
                            "id": "req.cpr.instructor",
                            "title": "BLS instructor card",
                            "detail": "Only where asked.",
                            "optional": True,
                        },
                    ],
                }
            ]
        },
        "skills": {
            "levels": {1: "New", 2: "Learning", 3: "Able", 4: "Confident", 5: "Can teach"},
            "target_profile": "An entry-level medical assistant.",
            "skills": [
                {"id": "skill.vitals", "name": "Vital signs", "description": "BP.", "target": 3},
                {"id": "skill.charting", "name": "Charting", "description": "EHR.", "target": 3},
                {
                    "id": "skill.phlebotomy",
                    "name": "Phlebotomy",
                    "description": "Draws.",
                    "target": 2,
                },
            ],
        },
        "learn": {
            "about": ["Medical assistants work in clinics."],
            "duty_areas": [
                {
                    "id": "duty.admin",
                    "title": "Administrative",
                    "duties": [{"title": "Scheduling", "detail": "Books visits."}],
                }
            ],
            "scope_note": "Scope of practice varies by state.",
            "specialties": [{"id": "spec.peds", "name": "Pediatrics", "detail": "Children."}],
            "faq": [{"id": "faq.cert", "question": "Must I certify?", "answer": ["Usually."]}],
            "figures": [
                {
                    "id": "fig.pay",
                    "label": "Median pay",
                    "value": "$42,000 a year",
                    "period": "May 2024",
                    "source": {"title": "BLS", "url": "https://www.bls.gov", "as_of": READ_ON},
                }
            ],
        },
        "states": {
            "disclaimer": "Not legal advice.",
            "default_note": "Check your state's rules.",
            "notes": {
                "WA": {
                    "notes": [{"text": "Needs a state credential.", "source": AAMA}],
                    "requires": ["req.cpr.instructor"],
                }
            },
            "states": {"WA": "Washington", "OR": "Oregon"},
        },
        "credentials": {
            "ce_categories": ["administrative", "clinical"],
            "credentials": [
                {
                    "id": "cred.cma",
                    "name": "CMA",
                    "kind": "certification",
                    "validity": {"months": 60, "counts_from": "end_of_month"},
                    "renewal": "Exam or 60 points.",
                    "continuing_education": {
                        "cycle_months": 60,
                        "total": 60,
                        "unit": "points",
                        "category_minimums": {"administrative": 10, "clinical": 10},
                    },
                    "source": AAMA,
                }
            ],
        },
        "competencies": {
            "areas": [
                {"code": "I", "title": "Anatomy and physiology"},
                {"code": "III", "title": "Infection control"},
            ],
            "competencies": [
                {
                    "id": "comp.anatomy.vital_signs",
                    "title": "Take vital signs",
                    "area": "I",
                    "domain": "psychomotor",
                    "source": AAMA,
                },
                {
                    "id": "comp.infection.compliance",
                    "title": "Take infection control seriously",
                    "area": "III",
                    "domain": "affective",
                    "source": AAMA,
                },
            ],
            "externship": {"hours": 160, "source": AAMA},
            "verifiable": ["req.cpr.card"],
        },
    }


def write_part(folder: Path, name: str, data: object) -> Path:
    """Write one content file as YAML and return its path."""
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def valid_content_dir(tmp_path: Path) -> Path:
    """A folder holding every content file, all valid."""
    folder = tmp_path / "roadmap_data"
    folder.mkdir()
    for name, data in valid_parts().items():
        write_part(folder, name, data)
    return folder


@pytest.fixture
def break_part(valid_content_dir: Path) -> Callable[[str, Callable[[dict[str, Any]], None]], Path]:
    """Apply one change to one file of the valid content and return that file's path."""

    def edit(name: str, change: Callable[[dict[str, Any]], None]) -> Path:
        data = valid_parts()[name]
        change(data)
        return write_part(valid_content_dir, name, data)

    return edit


def load_error(folder: Path) -> str:
    """The message of the ContentError that loading `folder` raises."""
    with pytest.raises(ContentError) as raised:
        load_content(folder)
    return str(raised.value)


# Valid content ----------------------------------------------------------------------------


def test_valid_content_loads_into_typed_models(valid_content_dir: Path) -> None:
    content = load_content(valid_content_dir)

    assert isinstance(content, Content)
    assert [step.number for step in content.roadmap.steps] == [1, 2]
    assert content.roadmap.steps[1].tasks[1].id == "task.program.enrol"
    assert content.skills.levels[5] == "Can teach"
    assert content.learn.figures[0].source.as_of == READ_ON


def test_surrounding_whitespace_in_text_is_stripped(break_part, valid_content_dir) -> None:
    break_part("checklist", lambda data: data["groups"][0].update(title="  CPR \n"))

    assert load_content(valid_content_dir).checklist.groups[0].title == "CPR"


# Unreadable files -------------------------------------------------------------------------


def test_missing_file_is_named(valid_content_dir: Path) -> None:
    path = valid_content_dir / "skills.yaml"
    path.unlink()

    assert load_error(valid_content_dir) == f"{path}: file is missing"


def test_yaml_syntax_error_names_the_file_and_line(valid_content_dir: Path) -> None:
    path = valid_content_dir / "checklist.yaml"
    path.write_text(
        "groups:\n  - id: req.cpr\n    title: CPR\n   summary: indented one space too few\n",
        encoding="utf-8",
    )

    message = load_error(valid_content_dir)

    assert message.startswith(f"{path}: YAML syntax error at line 4, column 4: ")


def test_non_utf8_bytes_are_reported_with_their_position(valid_content_dir: Path) -> None:
    path = valid_content_dir / "learn.yaml"
    text = path.read_text(encoding="utf-8").replace("Pediatrics", "Pédiatrie")
    path.write_bytes(text.encode("latin-1"))
    position = text.encode("latin-1").index("é".encode("latin-1"))

    message = load_error(valid_content_dir)

    assert message.startswith(f"{path}: not UTF-8 text")
    assert f"at byte {position}" in message


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("- a list\n- of steps\n", "list"),
        ("just a sentence\n", "str"),
        ("", "nothing (empty file)"),
        ("# only a comment\n", "nothing (empty file)"),
    ],
)
def test_top_level_that_is_not_a_mapping_is_refused(
    valid_content_dir: Path, text: str, found: str
) -> None:
    path = valid_content_dir / "roadmap.yaml"
    path.write_text(text, encoding="utf-8")

    assert load_error(valid_content_dir) == (
        f"{path}: expected a mapping of fields at the top, found {found}"
    )


# Fields -----------------------------------------------------------------------------------


def test_missing_field_names_file_entry_and_field(break_part, valid_content_dir) -> None:
    path = break_part("roadmap", lambda data: data["steps"][1].pop("done_when"))

    assert load_error(valid_content_dir) == (
        f"{path}: entry 'step.program' field 'steps.1.done_when': Field required"
    )


def test_missing_top_level_field_is_named(break_part, valid_content_dir) -> None:
    path = break_part("skills", lambda data: data.pop("target_profile"))

    assert load_error(valid_content_dir) == f"{path}: field 'target_profile': Field required"


def test_missing_field_of_a_nested_entry_names_the_innermost_id(
    break_part, valid_content_dir
) -> None:
    path = break_part("roadmap", lambda data: data["steps"][1]["tasks"][1].pop("text"))

    assert load_error(valid_content_dir) == (
        f"{path}: entry 'task.program.enrol' field 'steps.1.tasks.1.text': Field required"
    )


def test_wrong_type_names_file_entry_and_field(break_part, valid_content_dir) -> None:
    path = break_part("roadmap", lambda data: data["steps"][0].update(number="one"))

    message = load_error(valid_content_dir)

    assert message.startswith(f"{path}: entry 'step.research' field 'steps.0.number': ")
    assert "valid integer" in message


def test_text_instead_of_a_list_is_refused(break_part, valid_content_dir) -> None:
    path = break_part("learn", lambda data: data["faq"][0].update(answer="Usually."))

    message = load_error(valid_content_dir)

    assert message.startswith(f"{path}: entry 'faq.cert' field 'faq.0.answer': ")
    assert "valid list" in message


def test_source_read_on_a_month_instead_of_a_day_is_refused(valid_content_dir: Path) -> None:
    path = valid_content_dir / "learn.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("as_of: 2026-12-02", "as_of: 2026-12"), encoding="utf-8")

    message = load_error(valid_content_dir)

    assert message.startswith(f"{path}: entry 'fig.pay' field 'figures.0.source.as_of': ")
    assert "valid date" in message


def test_blank_text_is_refused(break_part, valid_content_dir) -> None:
    path = break_part("checklist", lambda data: data["groups"][0]["items"][0].update(title="  "))

    message = load_error(valid_content_dir)

    assert message.startswith(f"{path}: entry 'req.cpr.card' field 'groups.0.items.0.title': ")


def test_skill_target_above_5_is_refused(break_part, valid_content_dir) -> None:
    path = break_part("skills", lambda data: data["skills"][2].update(target=6))

    message = load_error(valid_content_dir)

    assert message.startswith(f"{path}: entry 'skill.phlebotomy' field 'skills.2.target': ")
    assert "less than or equal to 5" in message


def test_id_not_in_dotted_lower_case_is_refused(break_part, valid_content_dir) -> None:
    path = break_part("checklist", lambda data: data["groups"][0].update(id="CPR"))

    message = load_error(valid_content_dir)

    assert message.startswith(f"{path}: entry 'CPR' field 'groups.0.id': ")
    assert "should match pattern" in message


def test_unknown_extra_field_is_refused(break_part, valid_content_dir) -> None:
    path = break_part("checklist", lambda data: data["groups"][0]["items"][0].update(colour="red"))

    assert load_error(valid_content_dir) == (
        f"{path}: entry 'req.cpr.card' field 'groups.0.items.0.colour': "
        "Extra inputs are not permitted"
    )


def test_misspelt_top_level_key_is_refused(break_part, valid_content_dir) -> None:
    path = break_part("learn", lambda data: data.update(specialities=data.pop("specialties")))

    message = load_error(valid_content_dir)

    assert message == f"{path}: field 'specialties': Field required"


# Cross-checks -----------------------------------------------------------------------------


@pytest.mark.parametrize("numbers", [(2, 1), (1, 3), (1, 1)])
def test_steps_numbered_out_of_order_are_refused(
    break_part, valid_content_dir, numbers: tuple[int, int]
) -> None:
    def renumber(data: dict[str, Any]) -> None:
        for step, number in zip(data["steps"], numbers, strict=True):
            step["number"] = number

    path = break_part("roadmap", renumber)
    wrong = next(i for i, n in enumerate(numbers) if n != i + 1)

    message = load_error(valid_content_dir)

    assert message.startswith(f"{path}: entry '{('step.research', 'step.program')[wrong]}' ")
    assert f"field 'number': is {numbers[wrong]}" in message
    assert f"expected {wrong + 1}" in message


def test_step_in_an_unknown_phase_is_refused(break_part, valid_content_dir) -> None:
    path = break_part("roadmap", lambda data: data["steps"][1].update(phase="phase.work"))

    assert load_error(valid_content_dir) == (
        f"{path}: entry 'step.program' field 'phase': unknown phase 'phase.work'"
    )


def test_duplicate_id_within_a_file_is_refused(break_part, valid_content_dir) -> None:
    path = break_part(
        "roadmap", lambda data: data["steps"][1]["tasks"][1].update(id="task.program.compare")
    )

    assert load_error(valid_content_dir) == (
        f"{path}: entry 'task.program.compare' field 'id': used more than once"
    )


def test_duplicate_id_across_files_is_refused(break_part, valid_content_dir) -> None:
    break_part("skills", lambda data: data["skills"][0].update(id="req.cpr.card"))

    message = load_error(valid_content_dir)

    assert message == (
        f"{valid_content_dir / 'checklist.yaml'}: entry 'req.cpr.card' field 'id': "
        "used more than once"
    )


@pytest.mark.parametrize(
    "levels", [[1, 2, 3, 4], [0, 1, 2, 3, 4], [1, 2, 3, 4, 5, 6]], ids=["1-4", "0-4", "1-6"]
)
def test_levels_other_than_1_to_5_are_refused(
    break_part, valid_content_dir, levels: list[int]
) -> None:
    path = break_part("skills", lambda data: data.update(levels={n: f"Level {n}" for n in levels}))

    message = load_error(valid_content_dir)

    assert message.startswith(f"{path}: field 'levels': must name exactly the levels 1 to 5")
    assert message.endswith(f"found {levels}")


def test_error_names_only_the_first_problem_on_one_line(break_part, valid_content_dir) -> None:
    def break_twice(data: dict[str, Any]) -> None:
        data["steps"][0].pop("title")
        data["steps"][1].pop("summary")

    break_part("roadmap", break_twice)

    message = load_error(valid_content_dir)

    assert "\n" not in message
    assert re.search(r"field 'steps\.0\.title': Field required$", message)


def test_credential_minimum_in_an_unknown_category_is_refused(
    break_part, valid_content_dir
) -> None:
    path = break_part(
        "credentials",
        lambda data: data["credentials"][0]["continuing_education"]["category_minimums"].update(
            clinicl=5
        ),
    )

    assert load_error(valid_content_dir) == (
        f"{path}: entry 'cred.cma' field 'continuing_education.category_minimums': "
        "unknown category 'clinicl' (ce_categories are administrative, clinical)"
    )


def test_validity_rule_must_be_a_known_kind(break_part, valid_content_dir) -> None:
    path = break_part(
        "credentials", lambda data: data["credentials"][0]["validity"].update(counts_from="week")
    )

    message = load_error(valid_content_dir)

    assert message.startswith(
        f"{path}: entry 'cred.cma' field 'credentials.0.validity.counts_from': "
    )


def test_plan_weeks_must_be_weeks_or_program(break_part, valid_content_dir) -> None:
    path = break_part("roadmap", lambda data: data["steps"][0].update(plan_weeks="soon"))

    message = load_error(valid_content_dir)

    assert message.startswith(f"{path}: entry 'step.research' field 'steps.0.plan_weeks")


def test_state_note_for_an_unlisted_state_is_refused(break_part, valid_content_dir) -> None:
    path = break_part(
        "states", lambda data: data["notes"].update(XX={"notes": [{"text": "?", "source": AAMA}]})
    )

    assert load_error(valid_content_dir) == (
        f"{path}: field 'notes.XX': not a state listed under 'states'"
    )


def test_requirement_linked_to_an_unknown_credential_is_refused(
    break_part, valid_content_dir
) -> None:
    path = break_part(
        "checklist", lambda data: data["groups"][0]["items"][0].update(credential="cred.gone")
    )

    assert load_error(valid_content_dir) == (
        f"{path}: entry 'req.cpr.card' field 'credential': unknown credential 'cred.gone'"
    )


def link_task(data: dict[str, Any], requirement: str, task: int = 0) -> None:
    """Make the second step's task number `task` name `requirement` as its requirement."""
    data["steps"][1]["tasks"][task]["requirement"] = requirement


def test_task_linked_to_its_requirement_loads(break_part, valid_content_dir) -> None:
    break_part("roadmap", lambda data: link_task(data, "req.cpr.card"))

    tasks = load_content(valid_content_dir).roadmap.steps[1].tasks

    assert tasks[0].requirement == "req.cpr.card"


def test_task_linked_to_an_unknown_requirement_is_refused(break_part, valid_content_dir) -> None:
    path = break_part("roadmap", lambda data: link_task(data, "req.gone"))

    assert load_error(valid_content_dir) == (
        f"{path}: entry 'task.program.compare' field 'requirement': unknown requirement 'req.gone'"
    )


def test_task_linked_to_another_task_is_refused(break_part, valid_content_dir) -> None:
    path = break_part("roadmap", lambda data: link_task(data, "task.research.read"))

    assert load_error(valid_content_dir) == (
        f"{path}: entry 'task.program.compare' field 'requirement': "
        "'task.research.read' is a task, not a requirement"
    )


def test_requirement_linked_to_a_requirement_instead_of_a_credential_is_refused(
    break_part, valid_content_dir
) -> None:
    path = break_part(
        "checklist",
        lambda data: data["groups"][0]["items"][0].update(credential="req.cpr.instructor"),
    )

    assert load_error(valid_content_dir) == (
        f"{path}: entry 'req.cpr.card' field 'credential': "
        "'req.cpr.instructor' is a requirement, not a credential"
    )


def test_two_tasks_linked_to_one_requirement_are_refused(break_part, valid_content_dir) -> None:
    def link_both(data: dict[str, Any]) -> None:
        link_task(data, "req.cpr.card", task=0)
        link_task(data, "req.cpr.card", task=1)

    path = break_part("roadmap", link_both)

    assert load_error(valid_content_dir) == (
        f"{path}: entry 'task.program.enrol' field 'requirement': "
        "'req.cpr.card' is already linked from 'task.program.compare'"
    )


def test_task_of_a_required_step_linked_to_an_optional_requirement_is_refused(
    break_part, valid_content_dir
) -> None:
    path = break_part("roadmap", lambda data: link_task(data, "req.cpr.instructor"))

    assert load_error(valid_content_dir) == (
        f"{path}: entry 'task.program.compare' field 'requirement': 'req.cpr.instructor' is "
        "optional but step 'step.program' is not optional; a linked task and requirement are "
        "one fact, so both are optional or neither is"
    )


def test_state_requiring_an_item_that_is_not_optional_is_refused(
    break_part, valid_content_dir
) -> None:
    path = break_part("states", lambda data: data["notes"]["WA"].update(requires=["req.cpr.card"]))

    assert load_error(valid_content_dir) == (
        f"{path}: entry 'WA' field 'notes.WA.requires.0': "
        "'req.cpr.card' is not an optional step or requirement"
    )


def test_state_requiring_an_unknown_id_is_refused(break_part, valid_content_dir) -> None:
    path = break_part("states", lambda data: data["notes"]["WA"].update(requires=["step.gone"]))

    assert load_error(valid_content_dir) == (
        f"{path}: entry 'WA' field 'notes.WA.requires.0': "
        "'step.gone' is not an optional step or requirement"
    )


def test_state_note_without_a_source_is_refused(break_part, valid_content_dir) -> None:
    path = break_part("states", lambda data: data["notes"]["WA"]["notes"][0].pop("source"))

    message = load_error(valid_content_dir)

    assert message.startswith(f"{path}: field 'notes.WA.notes.0.source': ")
    assert "Field required" in message


def test_requirement_fact_without_the_day_it_was_read_is_refused(
    break_part, valid_content_dir
) -> None:
    fact = {"text": "160 hours.", "source": {"title": "MAERB", "url": "https://maerb.example"}}
    path = break_part("checklist", lambda data: data["groups"][0]["items"][0].update(facts=[fact]))

    message = load_error(valid_content_dir)

    assert message.startswith(
        f"{path}: entry 'req.cpr.card' field 'groups.0.items.0.facts.0.source.as_of': "
    )
    assert "Field required" in message


def test_source_url_that_is_not_a_web_address_is_refused(break_part, valid_content_dir) -> None:
    path = break_part(
        "credentials", lambda data: data["credentials"][0]["source"].update(url="aama-ntl.org")
    )

    message = load_error(valid_content_dir)

    assert message.startswith(f"{path}: entry 'cred.cma' field 'credentials.0.source.url': ")


def test_figure_value_too_long_to_show_whole_is_refused(break_part, valid_content_dir) -> None:
    long_value = "+12% (much faster than average)"
    path = break_part("learn", lambda data: data["figures"][0].update(value=long_value))

    message = load_error(valid_content_dir)

    assert message == (
        f"{path}: entry 'fig.pay' field 'figures.0.value': String should have at most 14 characters"
    )


def test_figure_without_the_period_it_covers_is_refused(break_part, valid_content_dir) -> None:
    path = break_part("learn", lambda data: data["figures"][0].pop("period"))

    message = load_error(valid_content_dir)

    assert message.startswith(f"{path}: entry 'fig.pay' field 'figures.0.period': ")
