"""Specifies competencies.yaml: the shipped list, and every mistake the loader names.

The shipped file must cover every area with at least 40 competencies in all; a broken file
fails with one line naming the file, the entry and the field, as the other content files do.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pathway.content import load_content
from tests.unit.test_content_loader import load_error, valid_parts, write_part

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = load_content(ROOT / "roadmap_data")

BreakFile = Callable[[Callable[[dict[str, Any]], None]], Path]


@pytest.fixture
def break_competencies(tmp_path: Path) -> BreakFile:
    """Write the loader tests' valid content with one change to competencies.yaml, return it."""

    def edit(change: Callable[[dict[str, Any]], None]) -> Path:
        parts = valid_parts()
        change(parts["competencies"])
        for name, data in parts.items():
            write_part(tmp_path, name, data)
        return tmp_path / "competencies.yaml"

    return edit


def test_shipped_competencies_number_at_least_forty() -> None:
    assert len(SHIPPED.competencies.competencies) >= 40


def test_every_shipped_area_has_competencies_of_its_own() -> None:
    used = {competency.area for competency in SHIPPED.competencies.competencies}
    assert used == {area.code for area in SHIPPED.competencies.areas}


def test_shipped_areas_are_the_twelve_of_the_core_curriculum() -> None:
    codes = [area.code for area in SHIPPED.competencies.areas]
    assert codes == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def test_shipped_competencies_include_both_psychomotor_and_affective() -> None:
    domains = {competency.domain for competency in SHIPPED.competencies.competencies}
    assert domains == {"psychomotor", "affective"}


def test_shipped_externship_target_is_160_hours() -> None:
    assert SHIPPED.competencies.externship.hours == 160


def test_shipped_verifiable_items_are_the_cpr_card_immunizations_checks_and_hours() -> None:
    verifiable = set(SHIPPED.competencies.verifiable)
    assert {"req.cpr.card", "req.background.check", "req.background.drug_screen"} <= verifiable
    assert "req.clinical.externship" in verifiable
    assert "req.pre_externship.hepatitis_b" in verifiable


def test_a_competency_without_a_source_is_refused(break_competencies: BreakFile) -> None:
    path = break_competencies(lambda d: d["competencies"][0].pop("source"))
    message = load_error(path.parent)
    assert str(path) in message
    assert "entry 'comp.anatomy.vital_signs'" in message
    assert "field 'competencies.0.source'" in message


def test_a_domain_other_than_psychomotor_or_affective_is_refused(
    break_competencies: BreakFile,
) -> None:
    path = break_competencies(lambda d: d["competencies"][1].update(domain="cognitive"))
    message = load_error(path.parent)
    assert "entry 'comp.infection.compliance' field 'competencies.1.domain'" in message


def test_a_competency_in_an_unknown_area_is_refused(break_competencies: BreakFile) -> None:
    path = break_competencies(lambda d: d["competencies"][1].update(area="IX"))
    message = load_error(path.parent)
    assert message == (
        f"{path}: entry 'comp.infection.compliance' field 'competencies.1.area': unknown area 'IX'"
    )


def test_an_area_without_competencies_is_refused(break_competencies: BreakFile) -> None:
    path = break_competencies(lambda d: d["areas"].append({"code": "IV", "title": "Nutrition"}))
    assert load_error(path.parent) == (
        f"{path}: field 'areas.2.code': area 'IV' has no competencies"
    )


def test_an_area_listed_twice_is_refused(break_competencies: BreakFile) -> None:
    path = break_competencies(lambda d: d["areas"].append(dict(d["areas"][0])))
    assert load_error(path.parent) == (
        f"{path}: field 'areas.0.code': area 'I' is listed more than once"
    )


def test_an_area_code_that_is_not_a_roman_numeral_is_refused(break_competencies: BreakFile) -> None:
    path = break_competencies(lambda d: d["areas"][0].update(code="1"))
    assert "field 'areas.0.code'" in load_error(path.parent)


def test_a_verifiable_id_that_is_not_a_checklist_item_is_refused(
    break_competencies: BreakFile,
) -> None:
    path = break_competencies(lambda d: d["verifiable"].append("req.cpr.missing"))
    assert load_error(path.parent) == (
        f"{path}: field 'verifiable.1': 'req.cpr.missing' is not a checklist item"
    )


def test_a_competency_id_used_twice_is_refused(break_competencies: BreakFile) -> None:
    def duplicate(data: dict[str, Any]) -> None:
        data["competencies"][1]["id"] = data["competencies"][0]["id"]

    path = break_competencies(duplicate)
    assert load_error(path.parent) == (
        f"{path}: entry 'comp.anatomy.vital_signs' field 'id': used more than once"
    )


def test_a_competency_id_taken_by_another_file_is_refused(break_competencies: BreakFile) -> None:
    path = break_competencies(lambda d: d["competencies"][0].update(id="req.cpr.card"))
    message = load_error(path.parent)
    assert "entry 'req.cpr.card' field 'id': used more than once" in message


@pytest.mark.parametrize("hours", [0, -160, 2001])
def test_an_externship_target_out_of_range_is_refused(
    break_competencies: BreakFile, hours: int
) -> None:
    path = break_competencies(lambda d: d["externship"].update(hours=hours))
    assert "field 'externship.hours'" in load_error(path.parent)


def test_a_missing_competencies_file_is_refused(break_competencies: BreakFile) -> None:
    path = break_competencies(lambda d: None)
    path.unlink()
    assert load_error(path.parent) == f"{path}: file is missing"
