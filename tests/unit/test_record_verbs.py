"""Specifies the learner record's domain verbs: each returns a new record, validated."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from pathway.records import (
    NOTE_MAX_LENGTH,
    CEEntry,
    CheckOffAction,
    CheckOffEntry,
    DetailsRefused,
    HeldCredential,
    ItemProgress,
    ItemState,
    LearnerRecord,
)

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
CARD = HeldCredential(entry_id="same", credential_id="cred.bls", earned_on=date(2026, 3, 14))
ACTIVITY = CEEntry(
    entry_id="same", completed_on=date(2027, 1, 5), title="Wound care", amount=1, category="c"
)


def test_with_item_state_leaves_the_record_it_was_called_on_unchanged() -> None:
    record = LearnerRecord()
    changed = record.with_item_state("req.cpr.card", ItemState.DONE, NOW)
    assert record.progress == {}
    assert changed.item("req.cpr.card").completed_on == NOW.date()


def test_with_item_details_applies_only_the_changed_fields() -> None:
    record = LearnerRecord().with_item("req.x", ItemProgress(note="kept", due_on=date(2027, 5, 1)))
    changed = record.with_item_details("req.x", {"due_on": None}, NOW)
    assert (changed.item("req.x").note, changed.item("req.x").due_on) == ("kept", None)


def test_with_item_details_marks_an_item_done_on_the_completion_date_given() -> None:
    changed = LearnerRecord().with_item_details("req.x", {"completed_on": date(2027, 2, 1)}, NOW)
    assert (changed.item("req.x").state, changed.item("req.x").completed_on) == (
        ItemState.DONE,
        date(2027, 2, 1),
    )


def test_with_item_details_refuses_a_completion_date_beside_another_chosen_status() -> None:
    with pytest.raises(DetailsRefused, match="choose Done, or clear the date"):
        LearnerRecord().with_item_details(
            "req.x", {"state": ItemState.IN_PROGRESS, "completed_on": date(2027, 2, 1)}, NOW
        )


def test_with_item_details_refuses_a_note_over_the_limit() -> None:
    with pytest.raises(ValidationError, match="note"):
        LearnerRecord().with_item_details("req.x", {"note": "x" * (NOTE_MAX_LENGTH + 1)}, NOW)


def test_with_profile_refuses_a_plan_start_past_the_date_range() -> None:
    with pytest.raises(ValidationError, match="plan_start"):
        LearnerRecord().with_profile(plan_start=date(2200, 1, 1))


def test_without_entry_removes_only_the_entry_of_its_kind() -> None:
    record = LearnerRecord().with_credential(CARD).with_ce_entry(ACTIVITY)
    changed = record.without_entry(ACTIVITY)
    assert (changed.credentials, changed.ce_entries) == ([CARD], [])


def _entry(competency_id: str, action: CheckOffAction = CheckOffAction.PRACTISING) -> CheckOffEntry:
    return CheckOffEntry(
        competency_id=competency_id,
        action=action,
        actor_id="learner",
        actor_name="Learner",
        recorded_at=NOW,
    )


def test_with_check_off_log_appends_entries() -> None:
    first, second = _entry("comp.a"), _entry("comp.b")
    record = LearnerRecord().with_check_off_log([first]).with_check_off_log([first, second])
    assert record.check_offs == [first, second]


def test_with_check_off_log_refuses_to_drop_an_entry() -> None:
    record = LearnerRecord().with_check_off_log([_entry("comp.a")])
    with pytest.raises(ValueError, match="only grows"):
        record.with_check_off_log([])


def test_with_check_off_log_refuses_to_change_an_entry() -> None:
    entry = _entry("comp.a")
    record = LearnerRecord().with_check_off_log([entry])
    rewritten = entry.model_copy(update={"actor_name": "Somebody else"})
    with pytest.raises(ValueError, match="only grows"):
        record.with_check_off_log([rewritten, _entry("comp.b")])
