"""Cohort summaries: the numbers per learner and every flag rule, each shown to fire."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from pathway import cohort
from pathway.accounts import Account
from pathway.calendar_export import deadlines_calendar
from pathway.classes import AccessDenied, create_class, join_class
from pathway.cohort import INACTIVE_DAYS, Flag, class_view, last_active, summarize
from pathway.content import Content
from pathway.credentials import add_months, credential_statuses
from pathway.progress import due_items
from pathway.records import (
    EARLIEST_DATE,
    LATEST_DATE,
    HeldCredential,
    ItemProgress,
    ItemState,
    LearnerProfile,
    LearnerRecord,
    SkillSnapshot,
)
from pathway.report import progress_report
from pathway.store import Store
from tests.storage import add_entry, learner_file, save_progress

TODAY = date(2027, 6, 15)
NOW = datetime(2027, 6, 15, 12, tzinfo=UTC)
MARIA = Account(
    user_id="0" * 32,
    username="maria",
    display_name="Maria",
    passphrase_hash="scrypt$x",
    created_at=NOW,
)


def active(days_ago: int = 1, **extra: ItemProgress) -> dict[str, ItemProgress]:
    """Progress showing activity `days_ago` days before TODAY, plus any extra items."""
    touched = ItemProgress(state=ItemState.DONE, updated_at=NOW - timedelta(days=days_ago))
    return {"task.research.role": touched, **extra}


def test_recently_active_learner_with_nothing_wrong_is_on_track(content: Content) -> None:
    summary = summarize(content, MARIA, LearnerRecord(progress=active()), TODAY)
    assert (summary.flag, summary.reasons) == (Flag.ON_TRACK, ())


def test_no_activity_ever_is_a_concern(content: Content) -> None:
    summary = summarize(content, MARIA, LearnerRecord(), TODAY)
    assert summary.flag is Flag.SOME_CONCERNS
    assert summary.reasons == ("No activity yet",)


def test_fourteen_quiet_days_is_a_concern_but_thirteen_is_not(content: Content) -> None:
    quiet = summarize(content, MARIA, LearnerRecord(progress=active(INACTIVE_DAYS)), TODAY)
    recent = summarize(content, MARIA, LearnerRecord(progress=active(INACTIVE_DAYS - 1)), TODAY)
    assert quiet.flag is Flag.SOME_CONCERNS
    assert recent.flag is Flag.ON_TRACK


def test_expired_cpr_card_puts_a_learner_at_risk(content: Content) -> None:
    card = HeldCredential(credential_id="cred.bls", earned_on=add_months(TODAY, -30))
    record = LearnerRecord(progress=active(), credentials=[card])
    summary = summarize(content, MARIA, record, TODAY)
    assert summary.flag is Flag.AT_RISK
    assert summary.reasons[0].startswith("CPR card expired")


def test_open_background_check_during_the_externship_is_at_risk(content: Content) -> None:
    externship = ItemProgress(state=ItemState.IN_PROGRESS, updated_at=NOW)
    record = LearnerRecord(progress=active(**{"task.experience.clinical_skills": externship}))
    summary = summarize(content, MARIA, record, TODAY)
    assert summary.flag is Flag.AT_RISK
    assert "Background check still open near the externship" in summary.reasons


def test_cleared_background_check_near_the_externship_is_fine(content: Content) -> None:
    externship = ItemProgress(state=ItemState.IN_PROGRESS, updated_at=NOW)
    cleared = ItemProgress(state=ItemState.DONE, updated_at=NOW)
    progress = active(
        **{"task.experience.clinical_skills": externship, "req.background.check": cleared}
    )
    assert summarize(content, MARIA, LearnerRecord(progress=progress), TODAY).flag is Flag.ON_TRACK


def test_externship_planned_within_30_days_counts_as_near(content: Content) -> None:
    # The diploma plan reaches the hands-on step after 2+4+4+48 weeks.
    start = TODAY - timedelta(weeks=58) + timedelta(days=20)
    profile = LearnerProfile(program_type="program.diploma", plan_start=start)
    summary = summarize(content, MARIA, LearnerRecord(progress=active(), profile=profile), TODAY)
    assert "Background check still open near the externship" in summary.reasons


def test_cpr_card_expiring_within_30_days_is_a_concern(content: Content) -> None:
    card = HeldCredential(
        credential_id="cred.bls",
        earned_on=add_months(TODAY, -23),
        printed_expiry=TODAY + timedelta(10),
    )
    summary = summarize(content, MARIA, LearnerRecord(progress=active(), credentials=[card]), TODAY)
    assert summary.flag is Flag.SOME_CONCERNS


def test_step_reached_is_the_first_unresolved_step(content: Content) -> None:
    done = ItemProgress(state=ItemState.DONE, updated_at=NOW)
    step_one = {task.id: done for task in content.roadmap.steps[0].tasks}
    summary = summarize(content, MARIA, LearnerRecord(progress=step_one), TODAY)
    assert summary.step_reached == 2


def test_last_active_takes_the_latest_of_ticks_and_ratings() -> None:
    rated = SkillSnapshot(taken_at=NOW, ratings={})
    record = LearnerRecord(progress=active(5), snapshots=[rated])
    assert last_active(record) == NOW


# The class view: one learner's bad data never hides the rest of the class ----------------


@pytest.fixture
def evening(store: Store, instructor: Account, add_learner) -> tuple[str, Account, Account]:
    """A class with two learners: Maria (ticked CPR) and Sam; returns its id and both."""
    classroom = create_class(store, instructor, "MA Evening", TODAY)
    maria, sam = add_learner("maria"), add_learner("sam")
    for learner in (maria, sam):
        join_class(store, learner, classroom.join_code)
    save_progress(store, maria.user_id, "req.cpr.card", ItemProgress(state=ItemState.DONE))
    return classroom.class_id, maria, sam


def spoil(store: Store, learner: Account) -> None:
    """Give the learner's file one value the records refuse, as a hand edit would."""
    path = learner_file(store.data_dir, learner.user_id)
    data = json.loads(path.read_text())
    data["progress"] = {"1": {"item_id": "req.cpr.card", "state": "bogus"}}
    path.write_text(json.dumps(data))


def test_class_view_summarises_every_learner_with_their_record(
    content: Content, store: Store, instructor: Account, evening
) -> None:
    class_id, _, _ = evening
    view = class_view(content, store, instructor, class_id, TODAY)
    by_name = {s.account.username: r for s, r in zip(view.summaries, view.records, strict=True)}
    assert by_name["maria"].item("req.cpr.card").state is ItemState.DONE
    assert set(by_name) == {"maria", "sam"}
    assert view.attention == []


def test_regression_a_learner_with_a_bad_value_needs_attention_and_the_rest_still_show(
    content: Content, store: Store, instructor: Account, evening
) -> None:
    class_id, maria, sam = evening
    spoil(store, maria)
    view = class_view(content, store, instructor, class_id, TODAY)
    assert [summary.account for summary in view.summaries] == [sam]
    [attention] = view.attention
    assert attention.account == maria
    assert str(learner_file(store.data_dir, maria.user_id)) in attention.problem


def test_a_summary_that_fails_puts_only_that_learner_among_those_needing_attention(
    content: Content, store: Store, instructor: Account, evening, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stands for a bug not yet known: no stored value is known to break a summary now."""
    class_id, maria, sam = evening
    real_summarize = cohort.summarize

    def summarize_or_overflow(content, account, record, today, *target):
        if account == maria:
            raise OverflowError("date value out of range")
        return real_summarize(content, account, record, today, *target)

    monkeypatch.setattr(cohort, "summarize", summarize_or_overflow)
    view = class_view(content, store, instructor, class_id, TODAY)
    assert [summary.account for summary in view.summaries] == [sam]
    assert "date value out of range" in view.attention[0].problem


def test_class_view_is_refused_to_an_instructor_who_does_not_own_the_class(
    content: Content, store: Store, add_instructor, evening
) -> None:
    class_id, _, _ = evening
    with pytest.raises(AccessDenied):
        class_view(content, store, add_instructor("other"), class_id, TODAY)


def test_class_view_puts_learners_at_risk_first(
    content: Content, store: Store, instructor: Account, evening
) -> None:
    class_id, _, sam = evening
    expired = HeldCredential(credential_id="cred.bls", earned_on=add_months(TODAY, -30))
    add_entry(store, sam.user_id, expired)
    view = class_view(content, store, instructor, class_id, TODAY)
    assert [s.flag for s in view.summaries] == [Flag.AT_RISK, Flag.SOME_CONCERNS]


# Values at the ends of the stored range -----------------------------------------------------


def test_dates_at_both_ends_of_the_range_go_through_every_summary(content: Content) -> None:
    """Year 9999 overflowed; the range stops far enough inside Python's years to add to."""
    for day in (EARLIEST_DATE, LATEST_DATE):
        moment = datetime.combine(day, datetime.min.time(), UTC)
        record = LearnerRecord(
            progress={
                "req.cpr.card": ItemProgress(completed_on=day, due_on=day, updated_at=moment)
            },
            snapshots=[SkillSnapshot(taken_at=moment, ratings={"skill.vitals": 5})],
            credentials=[
                HeldCredential(credential_id=c.id, earned_on=day)
                for c in content.credentials.credentials
            ]
            + [HeldCredential(credential_id="cred.bls", earned_on=day, printed_expiry=day)],
            profile=LearnerProfile(program_type="program.diploma", plan_start=day),
        )
        for today in (EARLIEST_DATE, TODAY, LATEST_DATE):
            summarize(content, MARIA, record, today)
            statuses = credential_statuses(content.credentials, record, today)
            deadlines_calendar(statuses, NOW)
            due_items(content, record, today)
            progress_report(content, MARIA, record, today)


def test_a_washington_learners_skipped_state_credential_is_not_counted_done(
    content: Content,
) -> None:
    skipped = ItemProgress(state=ItemState.SKIPPED, updated_at=NOW)
    record = LearnerRecord(progress=active(**{"req.state.exam": skipped}))
    elsewhere = summarize(content, MARIA, record, TODAY)
    washington = record.model_copy(update={"profile": LearnerProfile(state="WA")})

    summary = summarize(content, MARIA, washington, TODAY)

    assert elsewhere.requirements.resolved == 1
    assert summary.requirements.resolved == 0
