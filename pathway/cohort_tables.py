"""The cohort's tables as plain rows: per learner, and learners x requirements.

Shared by the cohort page and its CSV downloads. In projector mode names become anonymous
labels, so the same rows can go on a classroom screen. Learners whose data needs attention
come last, numbered after the others. States and flags stay enum members here; whoever shows
or writes the rows turns them into words (pathway/words.py `in_words`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from pathway.accounts import Account
from pathway.cohort import (
    NEEDS_ATTENTION_REASON,
    DataStatus,
    LearnerSummary,
    NeedsAttention,
    requirements,
)
from pathway.content.models import Content
from pathway.records import ItemState, LearnerRecord
from pathway.verifying import RequirementCheck, requirement_checks, verifiable_items

LEARNER_COLUMNS = (
    "Learner", "Overall %", "Step reached", "Requirements done", "Last active", "Status", "Why",
    "Verified", "Self-reported", "Awaiting verification", "Hours logged", "Hours approved",
    "Hours target",
)  # fmt: skip
"""The learners table and its CSV. Columns are only ever added at the end: instructors'
spreadsheets read them by name. "Verified" and "Self-reported" count the requirements an
instructor verifies that the learner marked done, verified or not; "Awaiting verification"
adds the hour entries not yet approved; only approved hours count toward the target."""

VERIFIED_COLUMN_SUFFIX = ": verified"
"""The requirement matrix CSV's extra column per verifiable item ("CPR / BLS certification
card: verified"), after the existing state columns, holding "Verified", "Done (self-reported)"
or nothing when the item is not done."""


def learner_label(account: Account, position: int, *, projector: bool) -> str:
    """The learner's display name, or "Learner 3" on the projector."""
    return f"Learner {position}" if projector else account.display_name


def learner_rows(
    summaries: list[LearnerSummary],
    *,
    projector: bool,
    attention: Sequence[NeedsAttention] = (),
) -> list[list[object]]:
    """One row per learner, in the order given, matching LEARNER_COLUMNS.

    Learners whose data needs attention follow, with no numbers, only that status.
    """
    rows: list[list[object]] = [
        [
            learner_label(summary.account, position, projector=projector),
            summary.overall.percent,
            summary.step_reached,
            f"{summary.requirements.resolved} of {summary.requirements.total}",
            summary.last_active.date().isoformat() if summary.last_active else "never",
            summary.flag,
            "; ".join(summary.reasons),
            summary.verified,
            summary.self_reported,
            summary.awaiting,
            summary.hours.logged,
            summary.hours.approved,
            summary.hours.target,
        ]
        for position, summary in enumerate(summaries, start=1)
    ]
    rows += [
        [
            learner_label(learner.account, position, projector=projector),
            None,
            None,
            "",
            "",
            DataStatus.NEEDS_ATTENTION,
            NEEDS_ATTENTION_REASON,
            *[None] * (len(LEARNER_COLUMNS) - LEARNER_COLUMNS.index("Verified")),
        ]
        for position, learner in enumerate(attention, start=len(summaries) + 1)
    ]
    return rows


def requirement_matrix(
    content: Content, records: list[LearnerRecord]
) -> tuple[list[str], list[list[ItemState]]]:
    """Requirement titles, and per learner the state of each requirement."""
    items = requirements(content)
    rows = [[record.item(item.id).state for item in items] for record in records]
    return [item.title for item in items], rows


def verification_matrix(
    content: Content, records: list[LearnerRecord]
) -> tuple[list[str], list[list[RequirementCheck | None]]]:
    """Verifiable requirement titles, and per learner whether each done one is verified.

    None where the learner has not marked the item done: there is nothing to verify yet.
    """
    items = verifiable_items(content)
    rows = []
    for record in records:
        checks = requirement_checks(content, record)
        rows.append([checks.get(item.id) for item in items])
    return [item.title for item in items], rows


def requirement_matrix_export(
    labels: Sequence[str],
    matrix: tuple[list[str], list[list[ItemState]]],
    verified: tuple[list[str], list[list[RequirementCheck | None]]],
) -> tuple[list[str], list[list[object]]]:
    """The requirement matrix CSV's header and rows: states, then verified or self-reported.

    From the page's own `requirement_matrix` and `verification_matrix`, so a class is not
    counted twice. The state columns come first and keep their names and words; one column per
    verifiable item follows, named with VERIFIED_COLUMN_SUFFIX.
    """
    (titles, states), (verifiable_titles, checks) = matrix, verified
    header = ["Learner", *titles, *(f"{t}{VERIFIED_COLUMN_SUFFIX}" for t in verifiable_titles)]
    rows: list[list[object]] = [
        [label, *state_row, *check_row]
        for label, state_row, check_row in zip(labels, states, checks, strict=True)
    ]
    return header, rows


def requirement_shares(
    content: Content, records: list[LearnerRecord]
) -> dict[str, Counter[ItemState]]:
    """Per requirement title, how many learners are done, in progress or not started.

    Skipped counts with done, as everywhere else in the app.
    """
    shares: dict[str, Counter[ItemState]] = {}
    for item in requirements(content):
        counts: Counter[ItemState] = Counter()
        for record in records:
            state = record.item(item.id).state
            counts[ItemState.DONE if state.resolved else state] += 1
        shares[item.title] = counts
    return shares
