"""The one catalogue of words for coded values: complete, and the only source of shown text."""

from __future__ import annotations

import pytest

from pathway.cohort import Flag
from pathway.records import ItemState
from pathway.words import CODED_ENUMS, ENGLISH, in_words, words

MEMBERS = [member for enum in CODED_ENUMS for member in enum]


@pytest.mark.parametrize(
    "member", MEMBERS, ids=lambda member: f"{type(member).__name__}.{member.name}"
)
def test_every_enum_member_has_words(member) -> None:
    assert words(member).strip()


def test_the_catalogue_names_only_coded_enums() -> None:
    assert set(ENGLISH) == set(MEMBERS)


def test_no_two_coded_enums_share_a_code() -> None:
    codes = [member.value for member in MEMBERS]
    assert len(codes) == len(set(codes))


def test_codes_are_not_the_words_people_read() -> None:
    assert (Flag.AT_RISK.value, words(Flag.AT_RISK)) == ("at_risk", "At risk")


def test_in_words_turns_only_coded_cells_into_words() -> None:
    assert in_words([["Ana", 3, ItemState.IN_PROGRESS, None]]) == [["Ana", 3, "In progress", None]]
