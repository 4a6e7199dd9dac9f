"""The one catalogue of words for coded values: complete in every language, the only source."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from pathway.cohort import Flag
from pathway.i18n import LANGUAGES, catalogue_path, read_catalogue
from pathway.records import ItemState
from pathway.words import (
    CODED_ENUMS,
    DATE_INPUT_FORMAT,
    ENGLISH,
    count_of,
    day,
    in_words,
    moment,
    word_context,
    words,
)

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


def test_a_date_is_written_year_month_day() -> None:
    assert day(date(2026, 3, 2)) == "2026-03-02"


def test_the_date_input_format_writes_dates_as_day_does() -> None:
    assert DATE_INPUT_FORMAT == "YYYY-MM-DD"


def test_a_moment_is_written_as_its_day_and_time() -> None:
    assert moment(datetime(2026, 3, 2, 14, 5, tzinfo=UTC)) == "2026-03-02 14:05"


def test_one_of_a_noun_is_singular() -> None:
    assert count_of(1, "skill rating") == "1 skill rating"


def test_other_numbers_of_a_noun_are_plural() -> None:
    assert [count_of(n, "step") for n in (0, 2, 50.5)] == ["0 steps", "2 steps", "50.5 steps"]


def test_an_irregular_plural_is_used_as_given() -> None:
    assert count_of(3, "entry", "entries") == "3 entries"
