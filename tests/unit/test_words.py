"""The one catalogue of words for coded values: complete in every language, the only source."""

from __future__ import annotations

import pytest

from pathway.cohort import Flag
from pathway.i18n import LANGUAGES, catalogue_path, read_catalogue
from pathway.records import ItemState
from pathway.words import CODED_ENUMS, ENGLISH, in_words, word_context, words

MEMBERS = [member for enum in CODED_ENUMS for member in enum]


@pytest.mark.parametrize(
    "member", MEMBERS, ids=lambda member: f"{type(member).__name__}.{member.name}"
)
def test_every_enum_member_has_words(member) -> None:
    assert words(member).strip()


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
@pytest.mark.parametrize(
    "member", MEMBERS, ids=lambda member: f"{type(member).__name__}.{member.name}"
)
def test_every_enum_member_is_translated_in_every_language(language, member) -> None:
    translated = read_catalogue(catalogue_path(language))
    assert translated.get((word_context(member), ENGLISH[member]), "").strip()


def test_words_come_in_the_language_asked_for() -> None:
    assert (words(ItemState.DONE), words(ItemState.DONE, "es")) == ("Done", "Completado")


def test_in_words_writes_coded_cells_in_the_language_asked_for() -> None:
    assert in_words([["Ana", Flag.AT_RISK]], "es") == [["Ana", "En riesgo"]]


def test_the_catalogue_names_only_coded_enums() -> None:
    assert set(ENGLISH) == set(MEMBERS)


def test_no_two_coded_enums_share_a_code() -> None:
    codes = [member.value for member in MEMBERS]
    assert len(codes) == len(set(codes))


def test_codes_are_not_the_words_people_read() -> None:
    assert (Flag.AT_RISK.value, words(Flag.AT_RISK)) == ("at_risk", "At risk")


def test_in_words_turns_only_coded_cells_into_words() -> None:
    assert in_words([["Ana", 3, ItemState.IN_PROGRESS, None]]) == [["Ana", 3, "In progress", None]]
