"""Specifies pathway.verification: check-off log and states, who may verify, hours, evidence files.

All rules here are pure, so the tests build accounts, classes and memberships in memory: the
store-backed access rules over real files are specified in test_classes.py.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from pathway.accounts import Account, Role
from pathway.classes import AccessDenied
from pathway.records import CheckOffAction, Classroom, Membership
from pathway.verification import (
    EVIDENCE_FILE_MAX_BYTES,
    EVIDENCE_LEARNER_MAX_BYTES,
    CheckOffLog,
    CompetencyStatus,
    VerificationError,
    add_hours,
    approve_hours,
    check_evidence,
    check_off,
    competency_states,
    competency_statuses,
    evidence_kind,
    hours_totals,
    mark_practising,
    may_verify,
    may_view_evidence,
    request_check_off,
    require_verifier,
    safe_stored_name,
    undo_check_off,
)

NOW = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)
LAB_DAY = date(2026, 12, 1)
HANDS = "comp.infection.hand_hygiene"
VITALS = "comp.anatomy.vital_signs"
PDF = b"%PDF-1.7\n" + b"x" * 100
PNG = b"\x89PNG\r\n\x1a\n" + b"x" * 100
JPEG = b"\xff\xd8\xff\xe0" + b"x" * 100


def account(name: str, role: Role = "learner") -> Account:
    """An account with a fresh id; the hash is never checked here."""
    return Account(
        user_id=uuid.uuid4().hex,
        username=name,
        display_name=name.title(),
        passphrase_hash="unused",
        created_at=NOW,
        role=role,
    )


TEACHER = account("teacher", "instructor")
OTHER_TEACHER = account("other", "instructor")
LEARNER = account("learner")
CLASSMATE = account("classmate")
STRANGER = account("stranger")
CLASS = Classroom(name="MA 101", start_date=LAB_DAY, owner_id=TEACHER.user_id, join_code="AAAA")
OTHER_CLASS = Classroom(
    name="MA 102", start_date=LAB_DAY, owner_id=OTHER_TEACHER.user_id, join_code="BBBB"
)
CLASSES = [CLASS, OTHER_CLASS]
MEMBERSHIPS = [
    Membership(class_id=CLASS.class_id, user_id=LEARNER.user_id),
    Membership(class_id=CLASS.class_id, user_id=CLASSMATE.user_id),
    Membership(class_id=OTHER_CLASS.class_id, user_id=STRANGER.user_id),
]


def checked(log: CheckOffLog = ()) -> CheckOffLog:
    """`log` with HANDS checked off by TEACHER on the lab day, score 90."""
    return check_off(log, HANDS, TEACHER, LAB_DAY, score=90, note="Clean technique", now=NOW)


# States derived from the log ------------------------------------------------------------------


def test_a_competency_without_entries_is_not_attempted() -> None:
    assert competency_states([HANDS], ())[HANDS].status is CompetencyStatus.NOT_ATTEMPTED


def test_practising_is_the_learners_own_report() -> None:
    log = mark_practising((), HANDS, LEARNER, now=NOW)
    assert competency_states([HANDS], log)[HANDS].status is CompetencyStatus.PRACTISING
    assert log[0].actor_id == LEARNER.user_id


def test_a_check_off_keeps_date_evaluator_score_and_note() -> None:
    state = competency_states([HANDS], checked())[HANDS]
    assert state.status is CompetencyStatus.CHECKED_OFF
    assert (state.checked_on, state.evaluator, state.score, state.note) == (
        LAB_DAY,
        "Teacher",
        90,
        "Clean technique",
    )


def test_a_check_off_without_a_score_is_accepted() -> None:
    log = check_off((), HANDS, TEACHER, LAB_DAY, now=NOW)
    assert competency_states([HANDS], log)[HANDS].score is None


@pytest.mark.parametrize("score", [-1, 101])
def test_a_score_outside_0_to_100_is_refused(score: int) -> None:
    with pytest.raises(VerificationError, match="score"):
        check_off((), HANDS, TEACHER, LAB_DAY, score=score, now=NOW)


def test_undo_leaves_the_competency_undone_with_its_reason() -> None:
    log = undo_check_off(checked(), HANDS, TEACHER, "Signed for the wrong learner", now=NOW)
    state = competency_states([HANDS], log)[HANDS]
    assert state.status is CompetencyStatus.UNDONE
    assert state.undo_reason == "Signed for the wrong learner"


def test_a_request_puts_the_competency_on_the_instructors_list() -> None:
    log = request_check_off(mark_practising((), HANDS, LEARNER, now=NOW), HANDS, LEARNER, now=NOW)
    assert competency_states([HANDS], log)[HANDS].status is CompetencyStatus.REQUESTED


def test_a_second_request_is_refused() -> None:
    log = request_check_off((), HANDS, LEARNER, now=NOW)
    with pytest.raises(VerificationError, match="already asked"):
        request_check_off(log, HANDS, LEARNER, now=NOW)


def test_a_request_for_a_checked_off_competency_is_refused() -> None:
    with pytest.raises(VerificationError, match="already checked off"):
        request_check_off(checked(), HANDS, LEARNER, now=NOW)


def test_a_check_off_answers_an_open_request() -> None:
    log = request_check_off((), HANDS, LEARNER, now=NOW)
    log = check_off(log, HANDS, TEACHER, LAB_DAY, now=NOW)
    assert competency_states([HANDS], log)[HANDS].status is CompetencyStatus.CHECKED_OFF


def test_a_check_off_dated_after_today_is_refused() -> None:
    with pytest.raises(VerificationError, match="future"):
        check_off((), HANDS, TEACHER, date(2026, 12, 3), now=NOW)


def test_a_check_off_dated_today_is_accepted() -> None:
    log = check_off((), HANDS, TEACHER, NOW.date(), now=NOW)
    assert competency_states([HANDS], log)[HANDS].checked_on == NOW.date()


def test_undo_is_a_new_entry_and_the_check_off_stays_in_the_log() -> None:
    before = checked()
    after = undo_check_off(before, HANDS, TEACHER, "Wrong learner", now=NOW)
    assert after[: len(before)] == before
    assert [entry.action for entry in after] == [CheckOffAction.CHECKED_OFF, CheckOffAction.UNDONE]


def test_undo_without_a_reason_is_refused() -> None:
    with pytest.raises(VerificationError, match="Say why"):
        undo_check_off(checked(), HANDS, TEACHER, "   ", now=NOW)


def test_undo_of_a_competency_not_checked_off_is_refused() -> None:
    with pytest.raises(VerificationError, match="Only a checked-off"):
        undo_check_off((), HANDS, TEACHER, "Mistake", now=NOW)


def test_checking_off_twice_is_refused() -> None:
    with pytest.raises(VerificationError, match="already checked off"):
        checked(checked())


def test_a_competency_undone_can_be_checked_off_again() -> None:
    log = checked(undo_check_off(checked(), HANDS, TEACHER, "Retest", now=NOW))
    assert competency_states([HANDS], log)[HANDS].status is CompetencyStatus.CHECKED_OFF


def test_the_learner_cannot_report_practising_over_a_check_off() -> None:
    with pytest.raises(VerificationError, match="already checked off"):
        mark_practising(checked(), HANDS, LEARNER, now=NOW)


def test_deriving_states_never_changes_the_log() -> None:
    log = undo_check_off(checked(), HANDS, TEACHER, "Retest", now=NOW)
    copies = [entry.model_dump() for entry in log]
    competency_states([HANDS, VITALS], log)
    assert [entry.model_dump() for entry in log] == copies


def test_log_entries_cannot_be_changed_in_place() -> None:
    entry = checked()[0]
    with pytest.raises(ValidationError, match="frozen"):
        entry.score = 10  # type: ignore[misc]


def test_appending_returns_a_new_log_and_leaves_the_old_one_as_it_was() -> None:
    before = checked()
    undo_check_off(before, HANDS, TEACHER, "Retest", now=NOW)
    assert len(before) == 1


def test_each_competency_has_its_own_state() -> None:
    log = mark_practising(checked(), VITALS, LEARNER, now=NOW)
    states = competency_states([HANDS, VITALS], log)
    assert states[HANDS].status is CompetencyStatus.CHECKED_OFF
    assert states[VITALS].status is CompetencyStatus.PRACTISING


def test_entries_for_competencies_no_longer_in_the_content_are_ignored() -> None:
    states = competency_states([VITALS], checked())
    assert set(states) == {VITALS}


def test_the_evaluators_name_is_kept_in_the_entry() -> None:
    entry = checked()[0]
    assert (entry.actor_id, entry.actor_name, entry.recorded_at) == (
        TEACHER.user_id,
        "Teacher",
        NOW,
    )


# Who may verify -------------------------------------------------------------------------------


def test_the_instructor_of_the_learners_class_may_verify() -> None:
    assert may_verify(TEACHER, LEARNER.user_id, CLASSES, MEMBERSHIPS)


def test_another_instructor_may_not_verify() -> None:
    assert not may_verify(OTHER_TEACHER, LEARNER.user_id, CLASSES, MEMBERSHIPS)


def test_a_learner_of_another_class_may_not_verify() -> None:
    assert not may_verify(STRANGER, LEARNER.user_id, CLASSES, MEMBERSHIPS)


def test_a_classmate_may_not_verify() -> None:
    assert not may_verify(CLASSMATE, LEARNER.user_id, CLASSES, MEMBERSHIPS)


def test_the_learner_may_not_verify_their_own_work() -> None:
    assert not may_verify(LEARNER, LEARNER.user_id, CLASSES, MEMBERSHIPS)


def test_the_instructor_may_not_verify_a_learner_who_left_the_class() -> None:
    stayed = [m for m in MEMBERSHIPS if m.user_id != LEARNER.user_id]
    assert not may_verify(TEACHER, LEARNER.user_id, CLASSES, stayed)


def test_a_visitor_may_not_verify() -> None:
    assert not may_verify(None, LEARNER.user_id, CLASSES, MEMBERSHIPS)


def test_a_class_owner_no_longer_an_instructor_may_not_verify() -> None:
    demoted = TEACHER.model_copy(update={"role": "learner"})
    assert not may_verify(demoted, LEARNER.user_id, CLASSES, MEMBERSHIPS)


def test_the_learner_may_view_their_own_evidence() -> None:
    assert may_view_evidence(LEARNER, LEARNER.user_id, CLASSES, MEMBERSHIPS)


def test_the_instructor_of_the_learners_class_may_view_their_evidence() -> None:
    assert may_view_evidence(TEACHER, LEARNER.user_id, CLASSES, MEMBERSHIPS)


def test_another_instructor_may_not_view_evidence() -> None:
    assert not may_view_evidence(OTHER_TEACHER, LEARNER.user_id, CLASSES, MEMBERSHIPS)


def test_a_learner_of_another_class_may_not_view_evidence() -> None:
    assert not may_view_evidence(STRANGER, LEARNER.user_id, CLASSES, MEMBERSHIPS)


def test_the_instructor_may_not_view_evidence_of_a_learner_who_left() -> None:
    stayed = [m for m in MEMBERSHIPS if m.user_id != LEARNER.user_id]
    assert not may_view_evidence(TEACHER, LEARNER.user_id, CLASSES, stayed)


def test_a_visitor_may_not_view_evidence() -> None:
    assert not may_view_evidence(None, LEARNER.user_id, CLASSES, MEMBERSHIPS)


def test_require_verifier_returns_the_instructor_of_the_class() -> None:
    assert require_verifier(TEACHER, LEARNER.user_id, CLASSES, MEMBERSHIPS) is TEACHER


def test_require_verifier_refuses_anyone_else_with_a_message() -> None:
    with pytest.raises(AccessDenied, match="Only the instructor of this learner's class"):
        require_verifier(OTHER_TEACHER, LEARNER.user_id, CLASSES, MEMBERSHIPS)


# Externship hours -----------------------------------------------------------------------------


def test_an_hours_entry_starts_unapproved() -> None:
    (entry,) = add_hours((), LAB_DAY, "Valley Clinic", 8, "Dr. Lee", "Vitals, intake")
    assert (entry.hours, entry.site, entry.approved) == (8, "Valley Clinic", False)


@pytest.mark.parametrize("hours", [0, -2, 24.5])
def test_hours_outside_0_to_24_are_refused(hours: float) -> None:
    with pytest.raises(VerificationError, match="more than 0 and at most 24"):
        add_hours((), LAB_DAY, "Valley Clinic", hours, "Dr. Lee")


def test_a_day_over_24_hours_in_all_is_refused() -> None:
    entries = add_hours((), LAB_DAY, "Valley Clinic", 16, "Dr. Lee")
    with pytest.raises(VerificationError, match="2026-12-01 would have 25 hours"):
        add_hours(entries, LAB_DAY, "Hill Clinic", 9, "Dr. Hill")


def test_a_day_of_exactly_24_hours_is_accepted() -> None:
    entries = add_hours((), LAB_DAY, "Valley Clinic", 16, "Dr. Lee")
    assert len(add_hours(entries, LAB_DAY, "Hill Clinic", 8, "Dr. Hill")) == 2


@pytest.mark.parametrize(
    ("site", "supervisor", "message"),
    [(" ", "Dr. Lee", "Give the site"), ("Valley Clinic", "", "Give the supervisor's name")],
)
def test_an_hours_entry_without_site_or_supervisor_is_refused(
    site: str, supervisor: str, message: str
) -> None:
    with pytest.raises(VerificationError, match=message):
        add_hours((), LAB_DAY, site, 4, supervisor)


def test_totals_separate_approved_from_logged_hours() -> None:
    entries = add_hours((), LAB_DAY, "Valley Clinic", 8, "Dr. Lee")
    entries = add_hours(entries, date(2026, 12, 2), "Valley Clinic", 6, "Dr. Lee")
    entries = approve_hours(entries, entries[0].entry_id)
    totals = hours_totals(entries, target=160)
    assert (totals.logged, totals.approved, totals.remaining, totals.met) == (14, 8, 152, False)


def test_the_target_is_met_only_by_approved_hours() -> None:
    entries = add_hours((), LAB_DAY, "Valley Clinic", 10, "Dr. Lee")
    assert not hours_totals(entries, target=10).met
    assert hours_totals(approve_hours(entries, entries[0].entry_id), target=10).met


def test_approving_leaves_the_given_entries_unchanged() -> None:
    entries = add_hours((), LAB_DAY, "Valley Clinic", 10, "Dr. Lee")
    approve_hours(entries, entries[0].entry_id)
    assert not entries[0].approved


def test_approving_an_unknown_entry_is_refused() -> None:
    with pytest.raises(VerificationError, match="no longer exists"):
        approve_hours((), "gone")


# Evidence files -------------------------------------------------------------------------------


@pytest.mark.parametrize(("data", "kind"), [(PDF, "pdf"), (PNG, "png"), (JPEG, "jpeg")])
def test_the_kind_is_read_from_the_content(data: bytes, kind: str) -> None:
    assert evidence_kind(data) == kind


def test_a_file_named_pdf_that_is_not_one_is_refused() -> None:
    with pytest.raises(VerificationError, match="Only PDF, PNG or JPEG"):
        check_evidence("card.pdf", b"MZ\x90\x00 an executable", 0)


def test_an_image_named_as_a_pdf_is_stored_under_its_real_kind() -> None:
    assert check_evidence("card.pdf", PNG, 0).stored_name == "card.png"


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(VerificationError, match="empty"):
        check_evidence("card.pdf", b"", 0)


def test_a_file_over_5_mb_is_refused() -> None:
    data = PDF + b"x" * (EVIDENCE_FILE_MAX_BYTES - len(PDF) + 1)
    with pytest.raises(VerificationError, match="over 5 MB"):
        check_evidence("card.pdf", data, 0)


def test_a_file_of_exactly_5_mb_is_accepted() -> None:
    data = PDF + b"x" * (EVIDENCE_FILE_MAX_BYTES - len(PDF))
    assert check_evidence("card.pdf", data, 0).size == EVIDENCE_FILE_MAX_BYTES


def test_a_file_taking_the_learner_over_50_mb_is_refused() -> None:
    stored = EVIDENCE_LEARNER_MAX_BYTES - len(PDF) + 1
    with pytest.raises(VerificationError, match="50 MB in all"):
        check_evidence("card.pdf", PDF, stored)


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("../../accounts.json", "accounts.png"),
        ("C:\\Users\\me\\cpr card.png", "cpr card.png"),
        ("card\n\x00\x1b[31m.png", "card_31m.png"),
        (".hidden.png", "hidden.png"),
        ("", "evidence.png"),
        ("...", "evidence.png"),
        ("carte_d’identité.png", "carte_didentite.png"),
    ],
)
def test_hostile_names_become_a_safe_stored_name(name: str, stored: str) -> None:
    assert safe_stored_name(name, "png") == stored


def test_a_very_long_name_is_cut_to_80_characters_with_its_extension() -> None:
    stored = safe_stored_name("a" * 5_000 + ".pdf", "pdf")
    assert len(stored) == 80
    assert stored.endswith(".pdf")


def test_statuses_agree_with_the_full_states_after_every_kind_of_entry() -> None:
    log = mark_practising((), VITALS, LEARNER, now=NOW)
    log = request_check_off(log, VITALS, LEARNER, now=NOW)
    log = undo_check_off(checked(log), HANDS, TEACHER, "Wrong learner", now=NOW)
    states = competency_states([HANDS, VITALS], log)
    assert competency_statuses(log) == {key: state.status for key, state in states.items()}
