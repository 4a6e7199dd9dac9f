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
    requirement_matrix_export,
    requirement_shares,
    verification_matrix,
)
from pathway.content import Content
from pathway.records import (
    HourEntry,
    ItemProgress,
    ItemState,
    LearnerRecord,
    RequirementVerification,
    VerificationAction,
)
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
    assert rows[-1][:7] == [
        "Sam", None, None, "", "", DataStatus.NEEDS_ATTENTION, NEEDS_ATTENTION_REASON,
    ]  # fmt: skip
    assert set(rows[-1][7:]) == {None}
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
    assert LEARNER_COLUMNS[:7] == (
        "Learner", "Overall %", "Step reached", "Requirements done", "Last active", "Status", "Why",
    )  # fmt: skip


# Verified against self-reported ---------------------------------------------------------------

CPR, TB = "req.cpr.card", "req.pre_externship.tb_test"
DONE = ItemProgress(state=ItemState.DONE)


def verified_by_rivera(item_id: str) -> RequirementVerification:
    return RequirementVerification(
        item_id=item_id,
        action=VerificationAction.VERIFIED,
        actor_id="rivera",
        actor_name="Ana Rivera",
        recorded_at=datetime(2027, 6, 1, tzinfo=UTC),
    )


def test_the_learners_row_counts_verified_and_self_reported_apart(content: Content) -> None:
    record = LearnerRecord(progress={CPR: DONE, TB: DONE}, verifications=[verified_by_rivera(CPR)])
    (row,) = learner_rows([summarize(content, account("Maria"), record, TODAY)], projector=False)
    cells = dict(zip(LEARNER_COLUMNS, row, strict=True))
    assert (cells["Verified"], cells["Self-reported"], cells["Awaiting verification"]) == (1, 1, 1)


def test_the_learners_row_has_hours_logged_approved_and_the_class_target(
    content: Content,
) -> None:
    hours = [
        HourEntry(worked_on=TODAY, site="Clinic", hours=6, supervisor="Dr. Lee", approved=True),
        HourEntry(worked_on=TODAY, site="Clinic", hours=2, supervisor="Dr. Lee"),
    ]
    summary = summarize(content, account("Maria"), LearnerRecord(hours=hours), TODAY, 200)
    (row,) = learner_rows([summary], projector=False)
    cells = dict(zip(LEARNER_COLUMNS, row, strict=True))
    assert (cells["Hours logged"], cells["Hours approved"], cells["Hours target"]) == (8, 6, 200)
    assert cells["Awaiting verification"] == 1


def test_the_verification_matrix_says_verified_or_self_reported_for_done_items(
    content: Content,
) -> None:
    record = LearnerRecord(progress={CPR: DONE, TB: DONE}, verifications=[verified_by_rivera(CPR)])
    titles, (row,) = verification_matrix(content, [record])
    cells = dict(zip(titles, in_words([row])[0], strict=True))
    assert cells["CPR / BLS certification card"] == "Verified"
    assert "Done (self-reported)" in cells.values()
    assert sum(cell is None for cell in cells.values()) == len(titles) - 2


def test_the_matrix_export_keeps_the_state_columns_and_adds_one_verified_column_each(
    content: Content,
) -> None:
    record = LearnerRecord(progress={CPR: DONE}, verifications=[verified_by_rivera(CPR)])
    matrix = requirement_matrix(content, [record])
    header, (row,) = requirement_matrix_export(
        ["Maria"], matrix, verification_matrix(content, [record])
    )
    titles, _ = matrix
    assert header[: len(titles) + 1] == ["Learner", *titles]
    cells = dict(zip(header, in_words([row])[0], strict=True))
    assert cells["CPR / BLS certification card"] == "Done"
    assert cells["CPR / BLS certification card: verified"] == "Verified"
    assert len(header) == 1 + len(titles) + len(content.competencies.verifiable)
