"""The one place where a coded value (a state, a flag, an urgency) becomes words for people.

The domain, the tables and the charts carry enum members; pages, figures, CSV files and the PDF
turn them into text here, and nowhere else. Dates, times and counted nouns are worded here too,
so every page writes a date one way and "1 skill rating" in the singular. The English words
are the gettext messages of the interface catalogue (pathway/i18n.py), each with its enum's
name as context, so another language translates the same keys in
`locales/<language>/LC_MESSAGES/messages.po`. The English words are also what instructors'
spreadsheets read in the CSV downloads, so they change only on purpose, and the CSV files stay
in English whatever the instructor's language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from enum import Enum
from typing import TypeVar

from pathway.cohort import DataStatus, Flag
from pathway.credentials import Urgency
from pathway.i18n import ENGLISH as ENGLISH_LANGUAGE
from pathway.i18n import Language, translator
from pathway.records import ItemState, RequirementVerification
from pathway.verification import CompetencyStatus
from pathway.verifying import RequirementCheck

CODED_ENUMS: tuple[type[Enum], ...] = (
    ItemState,
    Flag,
    DataStatus,
    Urgency,
    CompetencyStatus,
    RequirementCheck,
)
"""Every enum whose members have words; `ENGLISH` must name each member (a test checks)."""

ENGLISH: Mapping[Enum, str] = {
    ItemState.NOT_STARTED: "Not started",
    ItemState.IN_PROGRESS: "In progress",
    ItemState.DONE: "Done",
    ItemState.SKIPPED: "Skipped",
    Flag.ON_TRACK: "On track",
    Flag.SOME_CONCERNS: "Some concerns",
    Flag.AT_RISK: "At risk",
    DataStatus.NEEDS_ATTENTION: "Data needs attention",
    Urgency.EXPIRED: "expired",
    Urgency.DUE_30: "due within 30 days",
    Urgency.DUE_90: "due within 90 days",
    Urgency.CURRENT: "current",
    CompetencyStatus.NOT_ATTEMPTED: "Not attempted",
    CompetencyStatus.PRACTISING: "Practising (self-reported)",
    CompetencyStatus.REQUESTED: "Check-off requested",
    CompetencyStatus.CHECKED_OFF: "Checked off",
    CompetencyStatus.UNDONE: "Check-off undone",
    RequirementCheck.SELF_REPORTED: "Done (self-reported)",
    RequirementCheck.VERIFIED: "Verified",
}
"""The English catalogue, keyed by enum member. A StrEnum member equals its code, so two enums
here must never share a code (a test checks): their words would overwrite each other."""


def words(value: Enum, language: Language = ENGLISH_LANGUAGE) -> str:
    """`value` as people read it, in `language` (English unless told)."""
    return translator(language).pgettext(word_context(value), ENGLISH[value])


def word_context(value: Enum) -> str:
    """The gettext context of `value`'s words, its enum: "Done" may need other words elsewhere."""
    return type(value).__name__


def verified_words(verification: RequirementVerification | None) -> str:
    """A done, verifiable item's state: "Done (self-reported)" or "Verified by NAME on DATE"."""
    if verification is None:
        return words(RequirementCheck.SELF_REPORTED)
    return f"Verified by {verification.actor_name} on {day(verification.recorded_at.date())}"


def hour_entry_words(approved: bool) -> str:
    """Where one externship hours entry stands: approved by the instructor, or self-reported."""
    return "Approved" if approved else "Self-reported, waiting for approval"


Cell = TypeVar("Cell")


def in_words(
    rows: Iterable[Iterable[Cell]], language: Language = ENGLISH_LANGUAGE
) -> list[list[Cell | str]]:
    """`rows` with every coded cell turned into words, other cells as they are (for tables)."""
    return [
        [words(cell, language) if isinstance(cell, CODED_ENUMS) else cell for cell in row]
        for row in rows
    ]


DATE_INPUT_FORMAT = "YYYY-MM-DD"
"""The `format=` of every `st.date_input`, so a date is typed the way `day` shows it."""


def day(value: date) -> str:
    """A date as the app writes it everywhere, 2026-03-02: one order, read alike everywhere."""
    return value.isoformat()


def moment(value: datetime) -> str:
    """A date and time of day as the app writes them, 2026-03-02 14:05."""
    return f"{day(value.date())} {value:%H:%M}"


def count_of(number: float, noun: str, plural: str | None = None) -> str:
    """`number` and `noun`, in the plural unless the number is one: "1 skill rating", "2 steps".

    `plural` is for nouns that do not just add an "s" ("1 entry", "3 entries").
    """
    shown = f"{number:g}"
    return f"{shown} {noun if number == 1 else plural or noun + 's'}"
