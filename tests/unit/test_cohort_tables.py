"""The cohort's rows: one per learner in the order given, and those needing attention last."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from pathway.accounts import Account
from pathway.cohort import NEEDS_ATTENTION_REASON, DataStatus, Flag, NeedsAttention, summarize
from pathway.cohort_tables import (
    LEARNER_COLUMNS,
    learner_rows,
    requirement_matrix,
    requirement_shares,
)
from pathway.content import Content
from pathway.records import ItemProgress, ItemState, LearnerRecord
from pathway.words import in_words

TODAY = date(2027, 6, 15)


def account(name: str) -> Account:
    """An account that is only a name in a row."""
    return Account(
        user_id=uuid.uuid4().hex,
        username=name.lower(),
        display_name=name,
        passphrase_hash="scrypt$x",
        created_at=datetime(2027, 1, 1, tzinfo=UTC),
    )


def test_learner_needing_attention_comes_last_with_only_that_status(content: Content) -> None:
    summaries = [summarize(content, account("Maria"), LearnerRecord(), TODAY)]
    attention = [NeedsAttention(account("Sam"), "Data file x holds a value ...")]
    rows = learner_rows(summaries, projector=False, attention=attention)
    assert rows[-1] == [
        "Sam", None, None, "", "", DataStatus.NEEDS_ATTENTION, NEEDS_ATTENTION_REASON,
    ]  # fmt: skip
    assert all(len(row) == len(LEARNER_COLUMNS) for row in rows)


def test_learner_needing_attention_is_numbered_after_the_others_on_the_projector(
    content: Content,
) -> None:
    summaries = [summarize(content, account("Maria"), LearnerRecord(), TODAY)]
    attention = [NeedsAttention(account("Sam"), "problem")]
    rows = learner_rows(summaries, projector=True, attention=attention)
    assert [row[0] for row in rows] == ["Learner 1", "Learner 2"]


def test_the_reason_shown_never_carries_the_server_path(content: Content) -> None:
    attention = [NeedsAttention(account("Sam"), "Data file /srv/data/learners/x.json is bad")]
    [row] = learner_rows([], projector=False, attention=attention)
    assert "/srv" not in " ".join(str(cell) for cell in row)


def test_learner_rows_carry_the_flag_as_the_enum_member(content: Content) -> None:
    [row] = learner_rows(
        [summarize(content, account("Maria"), LearnerRecord(), TODAY)], projector=False
    )
    assert row[LEARNER_COLUMNS.index("Status")] is Flag.SOME_CONCERNS


def test_requirement_matrix_and_shares_carry_states_not_words(content: Content) -> None:
    first = content.checklist.groups[0].items[0].id
    record = LearnerRecord(progress={first: ItemProgress(state=ItemState.SKIPPED)})
    titles, [row] = requirement_matrix(content, [record])
    assert row[0] is ItemState.SKIPPED
    assert requirement_shares(content, [record])[titles[0]] == {ItemState.DONE: 1}


def test_csv_cells_keep_the_words_instructors_spreadsheets_read(content: Content) -> None:
    attention = [NeedsAttention(account("Sam"), "problem")]
    summaries = [summarize(content, account("Maria"), LearnerRecord(), TODAY)]
    rows = in_words(learner_rows(summaries, projector=False, attention=attention))
    status = LEARNER_COLUMNS.index("Status")
    assert [row[status] for row in rows] == ["Some concerns", "Data needs attention"]
    assert LEARNER_COLUMNS == (
        "Learner", "Overall %", "Step reached", "Requirements done", "Last active", "Status", "Why",
    )  # fmt: skip
