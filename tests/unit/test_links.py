"""Specifies the one rule of an item's state: linked tasks, requirements and credentials agree.

Over the shipped content: the roadmap task "high school diploma" is the same fact as the
checklist item, and the BLS card recorded on Credentials satisfies the CPR requirement.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

from pypdf import PdfReader

from pathway.accounts import Account
from pathway.calendar_export import open_targets
from pathway.content import Content
from pathway.links import recorded_under
from pathway.progress import checklist_progress, counted_record, due_items, required_in_state
from pathway.records import HeldCredential, ItemProgress, ItemState, LearnerRecord
from pathway.report import progress_report

TODAY = date(2026, 12, 3)
DIPLOMA_TASK, DIPLOMA = "task.high_school.diploma", "req.high_school.diploma"
CPR, CPR_TITLE = "req.cpr.card", "CPR / BLS certification card"
DONE, NOT_STARTED, IN_PROGRESS = ItemState.DONE, ItemState.NOT_STARTED, ItemState.IN_PROGRESS


def at(hour: int) -> datetime:
    """A moment on TODAY, so which of two records came later is plain."""
    return datetime(2026, 12, 3, hour, tzinfo=UTC)


def recorded(state: ItemState, hour: int, **fields: object) -> ItemProgress:
    """Progress recorded at `hour` today."""
    return ItemProgress(state=state, updated_at=at(hour), **fields)


def with_bls(earned_on: date, record: LearnerRecord | None = None) -> LearnerRecord:
    """`record` (or a new learner) holding a BLS card earned on `earned_on`."""
    base = record or LearnerRecord()
    return base.with_credential(HeldCredential(credential_id="cred.bls", earned_on=earned_on))


def test_a_ticked_requirement_shows_on_its_linked_task(content: Content) -> None:
    learner = LearnerRecord(progress={DIPLOMA: recorded(DONE, 9, completed_on=TODAY)})

    assert counted_record(content, learner, TODAY).item(DIPLOMA_TASK).state is DONE


def test_a_task_recorded_before_the_link_still_ticks_its_requirement(content: Content) -> None:
    learner = LearnerRecord(progress={DIPLOMA_TASK: recorded(DONE, 9, completed_on=TODAY)})

    assert counted_record(content, learner, TODAY).item(DIPLOMA).state is DONE


def test_of_a_task_and_its_requirement_the_later_record_is_the_fact(content: Content) -> None:
    learner = LearnerRecord(
        progress={DIPLOMA_TASK: recorded(DONE, 9), DIPLOMA: recorded(IN_PROGRESS, 10)}
    )

    counted = counted_record(content, learner, TODAY)

    assert counted.item(DIPLOMA).state is IN_PROGRESS
    assert counted.item(DIPLOMA_TASK).state is IN_PROGRESS


def test_setting_a_linked_task_is_recorded_on_its_requirement(content: Content) -> None:
    assert recorded_under(content, DIPLOMA_TASK) == DIPLOMA
    assert recorded_under(content, "task.research.role") == "task.research.role"


def test_a_held_valid_card_makes_its_requirement_done_on_the_earned_date(
    content: Content,
) -> None:
    counted = counted_record(content, with_bls(date(2026, 5, 14)), TODAY)

    assert counted.item(CPR).state is DONE
    assert counted.item(CPR).completed_on == date(2026, 5, 14)


def test_an_expired_card_does_not_satisfy_its_requirement(content: Content) -> None:
    # Earned in May 2024, valid through May 2026.
    counted = counted_record(content, with_bls(date(2024, 5, 14)), TODAY)

    assert counted.item(CPR).state is NOT_STARTED


def test_a_tick_given_for_a_card_that_has_since_expired_no_longer_counts(
    content: Content,
) -> None:
    ticked = LearnerRecord(progress={CPR: recorded(DONE, 9, completed_on=date(2024, 5, 14))})

    counted = counted_record(content, with_bls(date(2024, 5, 14), ticked), TODAY)

    assert counted.item(CPR).state is NOT_STARTED
    assert counted.item(CPR).completed_on is None


def test_the_latest_card_decides_not_an_older_expired_one(content: Content) -> None:
    learner = with_bls(date(2026, 5, 14), with_bls(date(2022, 5, 14)))

    assert counted_record(content, learner, TODAY).item(CPR).state is DONE


def test_a_card_recorded_on_credentials_counts_in_the_checklist_progress(
    content: Content,
) -> None:
    before = checklist_progress(content, LearnerRecord(), TODAY)

    after = checklist_progress(content, with_bls(date(2026, 5, 14)), TODAY)

    assert after.resolved == before.resolved + 1


def test_the_stored_record_is_not_changed_by_counting(content: Content) -> None:
    learner = with_bls(date(2026, 5, 14))

    counted_record(content, learner, TODAY)

    assert learner.item(CPR).state is NOT_STARTED


def test_a_linked_task_and_requirement_are_required_together_in_a_state(
    content: Content,
) -> None:
    washington = content.states.notes["WA"].model_copy(
        update={"requires": ["req.certification.choose"]}
    )
    notes = {**content.states.notes, "WA": washington}
    only_the_requirement = content.model_copy(
        update={"states": content.states.model_copy(update={"notes": notes})}
    )

    assert "task.certify.choose" in required_in_state(only_the_requirement, "WA")


def test_a_linked_fact_with_a_target_date_is_due_once(content: Content) -> None:
    learner = LearnerRecord(progress={DIPLOMA: recorded(IN_PROGRESS, 9, due_on=date(2026, 12, 20))})

    assert [item.item_id for item in due_items(content, learner, TODAY)] == [DIPLOMA]
    assert [item.item_id for item in open_targets(content, learner, TODAY)] == [DIPLOMA]


def report_text(content: Content, record: LearnerRecord) -> str:
    """The text of the learner's PDF report on TODAY, as a PDF reader extracts it."""
    account = Account(
        user_id="1" * 32,
        username="maria",
        display_name="Maria",
        passphrase_hash="scrypt$x",
        created_at=at(8),
    )
    reader = PdfReader(io.BytesIO(progress_report(content, account, record, TODAY)))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_report_shows_a_requirement_its_valid_card_satisfies_as_done(
    content: Content,
) -> None:
    text = report_text(content, with_bls(date(2026, 5, 14)))

    assert f"[Done (self-reported)] {CPR_TITLE}" in text


def test_the_report_shows_a_requirement_whose_card_expired_as_not_started(
    content: Content,
) -> None:
    text = report_text(content, with_bls(date(2024, 5, 14)))

    assert f"[Not started] {CPR_TITLE}" in text


def test_counting_a_counted_record_again_changes_nothing(content: Content) -> None:
    learner = with_bls(date(2026, 5, 14), LearnerRecord(progress={DIPLOMA_TASK: recorded(DONE, 9)}))
    once = counted_record(content, learner, TODAY)

    assert counted_record(content, once, TODAY) == once
