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

LEARNER_COLUMNS = (
    "Learner", "Overall %", "Step reached", "Requirements done", "Last active", "Status", "Why",
)  # fmt: skip


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
