"""Cohort summaries: the numbers per learner and every flag rule, each shown to fire."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from pathway.accounts import Account
from pathway.cohort import INACTIVE_DAYS, Flag, last_active, summarize
from pathway.content import Content
from pathway.credentials import add_months
from pathway.records import (
    HeldCredential,
    ItemProgress,
    ItemState,
    LearnerProfile,
    LearnerRecord,
    SkillSnapshot,
)

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
