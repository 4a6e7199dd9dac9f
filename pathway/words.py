"""The one place where a coded value (a state, a flag, an urgency) becomes words for people.

The domain, the tables and the charts carry enum members; pages, figures, CSV files and the PDF
turn them into text here, and nowhere else. This is the seam for a second language: a Spanish
catalogue is another mapping of the same keys. The English words are also what instructors'
spreadsheets read in the CSV downloads, so they change only on purpose.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import Enum
from typing import TypeVar

from pathway.cohort import DataStatus, Flag
from pathway.credentials import Urgency
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


def words(value: Enum) -> str:
    """`value` as people read it, in English."""
    return ENGLISH[value]


def verified_words(verification: RequirementVerification | None) -> str:
    """A done, verifiable item's state: "Done (self-reported)" or "Verified by NAME on DATE"."""
    if verification is None:
        return words(RequirementCheck.SELF_REPORTED)
    return f"Verified by {verification.actor_name} on {verification.recorded_at:%d %b %Y}"


def hour_entry_words(approved: bool) -> str:
    """Where one externship hours entry stands: approved by the instructor, or self-reported."""
    return "Approved" if approved else "Self-reported, waiting for approval"


Cell = TypeVar("Cell")


def in_words(rows: Iterable[Iterable[Cell]]) -> list[list[Cell | str]]:
    """`rows` with every coded cell turned into words, other cells as they are (for tables)."""
    return [
        [words(cell) if isinstance(cell, CODED_ENUMS) else cell for cell in row] for row in rows
    ]
