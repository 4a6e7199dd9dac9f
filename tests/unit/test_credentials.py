"""Specifies credential dates and recertification: what expires when, and what is still missing.

The facts (an AHA BLS card runs to the end of the month two years on, a CMA for 60 months from
the end of the month certified, RMA 36 and CCMA 24 months from the date) are checked against
the real `roadmap_data/credentials.yaml`, so these tests also pin the shipped rules. The date
arithmetic underneath is specified by examples and by hypothesis properties.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pathway.content import load_content
from pathway.content.models import (
    ContinuingEducationRule,
    Credential,
    CredentialSet,
    Source,
    Validity,
)
from pathway.credentials import (
    CredentialStatus,
    RecertificationProgress,
    RulePart,
    Urgency,
    add_months,
    alerts,
    credential_statuses,
    end_of_month,
    expiry_date,
    recertification_progress,
)
from pathway.records import CEEntry, HeldCredential, LearnerRecord
from pathway.settings import PROJECT_ROOT

CREDENTIALS: CredentialSet = load_content(PROJECT_ROOT / "roadmap_data").credentials
"""The shipped credentials; module level so hypothesis tests can use them without a fixture."""

TODAY = date(2026, 6, 1)
CATEGORIES = ("administrative", "clinical", "general")

# Kept within years where adding or taking ten years of months stays a valid `date`.
any_day = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
any_month_count = st.integers(min_value=-1200, max_value=1200)


def credential(credential_id: str) -> Credential:
    """The shipped credential with this id."""
    return next(c for c in CREDENTIALS.credentials if c.id == credential_id)


def held(credential_id: str, earned_on: date, printed_expiry: date | None = None) -> HeldCredential:
    """A holding of a credential, with a readable entry id."""
    return HeldCredential(
        entry_id=f"{credential_id}-{earned_on}",
        credential_id=credential_id,
        earned_on=earned_on,
        printed_expiry=printed_expiry,
    )


def statuses_of(*holdings: HeldCredential, today: date = TODAY) -> list[CredentialStatus]:
    """The statuses of a record holding exactly these credentials."""
    return credential_statuses(CREDENTIALS, LearnerRecord(credentials=list(holdings)), today)


def status_of(holding: HeldCredential, today: date = TODAY) -> CredentialStatus:
    """The one status of a record holding only `holding`."""
    (status,) = statuses_of(holding, today=today)
    return status


def ce(
    completed_on: date,
    amount: float,
    category: str = "general",
    *,
    approved: bool = False,
) -> CEEntry:
    """A continuing education entry."""
    return CEEntry(
        completed_on=completed_on,
        title=f"{category} course",
        amount=amount,
        category=category,
        approved=approved,
    )


def month_number(day: date) -> int:
    """Months since year 0, so two dates' month difference is a subtraction."""
    return day.year * 12 + day.month - 1


def parts_by_label(parts: list[RulePart]) -> dict[str, RulePart]:
    """The rule parts keyed by their label."""
    return {part.label: part for part in parts}


# add_months -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (date(2025, 1, 31), date(2025, 2, 28)),
        (date(2024, 1, 31), date(2024, 2, 29)),
    ],
    ids=["non-leap", "leap"],
)
def test_add_months_from_31_january_ends_on_the_last_day_of_february(
    start: date, expected: date
) -> None:
    assert add_months(start, 1) == expected


def test_add_months_from_29_february_lands_on_28_february_a_year_later() -> None:
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)


def test_add_months_from_29_february_keeps_the_day_in_the_next_leap_year() -> None:
    assert add_months(date(2024, 2, 29), 48) == date(2028, 2, 29)


def test_add_months_crosses_the_year_backwards() -> None:
    assert add_months(date(2026, 1, 15), -1) == date(2025, 12, 15)


@settings(max_examples=200, deadline=None)
@given(any_day)
def test_adding_zero_months_returns_the_same_date(start: date) -> None:
    assert add_months(start, 0) == start


@settings(max_examples=200, deadline=None)
@given(any_day, any_month_count)
@example(date(2024, 2, 29), 12)
@example(date(2025, 1, 31), 1)
def test_add_months_moves_exactly_that_many_calendar_months(start: date, months: int) -> None:
    assert month_number(add_months(start, months)) - month_number(start) == months


@settings(max_examples=200, deadline=None)
@given(any_day, any_month_count)
def test_add_months_never_moves_the_day_past_the_original_day(start: date, months: int) -> None:
    assert add_months(start, months).day <= start.day


@settings(max_examples=200, deadline=None)
@given(any_day, any_month_count)
@example(date(2025, 3, 31), -1)
def test_add_months_keeps_the_day_or_clamps_it_to_the_month_end(start: date, months: int) -> None:
    result = add_months(start, months)
    month_length = calendar.monthrange(result.year, result.month)[1]

    assert result.day == min(start.day, month_length)


# end_of_month -----------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(any_day)
def test_end_of_month_stays_in_the_same_month(day: date) -> None:
    last = end_of_month(day)

    assert (last.year, last.month) == (day.year, day.month)
    assert last >= day


@settings(max_examples=200, deadline=None)
@given(any_day)
def test_the_day_after_end_of_month_is_the_first_of_the_next_month(day: date) -> None:
    following = end_of_month(day) + timedelta(days=1)

    assert following.day == 1
    assert month_number(following) == month_number(day) + 1


# expiry_date ------------------------------------------------------------------------------


def test_cpr_card_expires_at_the_end_of_the_course_month_two_years_later() -> None:
    assert expiry_date(credential("cred.bls").validity, date(2026, 3, 14)) == date(2028, 3, 31)


def test_cpr_card_from_29_february_expires_on_28_february_two_years_later() -> None:
    assert expiry_date(credential("cred.bls").validity, date(2024, 2, 29)) == date(2026, 2, 28)


def test_cma_expires_at_the_end_of_the_month_certified_sixty_months_later() -> None:
    assert expiry_date(credential("cred.cma").validity, date(2026, 1, 31)) == date(2031, 1, 31)


def test_cma_certified_mid_month_still_runs_to_the_end_of_that_month() -> None:
    assert expiry_date(credential("cred.cma").validity, date(2026, 1, 5)) == date(2031, 1, 31)


def test_rma_expires_thirty_six_months_from_the_date() -> None:
    assert expiry_date(credential("cred.rma").validity, date(2025, 5, 20)) == date(2028, 5, 20)


def test_ccma_expires_twenty_four_months_from_the_date() -> None:
    assert expiry_date(credential("cred.ccma").validity, date(2025, 5, 20)) == date(2027, 5, 20)


@settings(max_examples=200, deadline=None)
@given(any_day, st.integers(min_value=1, max_value=120))
def test_end_of_month_rule_expires_on_a_month_end_exactly_months_after_the_earned_month(
    earned_on: date, months: int
) -> None:
    expires = expiry_date(Validity(months=months, counts_from="end_of_month"), earned_on)

    assert expires == end_of_month(expires)
    assert month_number(expires) - month_number(earned_on) == months


@settings(max_examples=200, deadline=None)
@given(any_day, st.integers(min_value=1, max_value=120))
def test_date_rule_expires_the_same_day_months_later(earned_on: date, months: int) -> None:
    expires = expiry_date(Validity(months=months, counts_from="date"), earned_on)

    assert expires == add_months(earned_on, months)
    assert expires > earned_on


# credential_statuses ----------------------------------------------------------------------


def test_printed_expiry_wins_over_the_rule() -> None:
    status = status_of(held("cred.bls", date(2026, 3, 14), printed_expiry=date(2028, 3, 1)))

    assert status.expires_on == date(2028, 3, 1)


def test_expiry_comes_from_the_rule_without_a_printed_date() -> None:
    status = status_of(held("cred.bls", date(2026, 3, 14)))

    assert status.expires_on == date(2028, 3, 31)


def test_days_left_counts_from_today_to_the_expiry() -> None:
    status = status_of(held("cred.bls", date(2026, 3, 14)), today=date(2028, 3, 1))

    assert status.days_left == 30


def test_only_the_latest_earned_holding_of_a_credential_is_shown() -> None:
    old_card = held("cred.bls", date(2024, 3, 14))
    new_card = held("cred.bls", date(2026, 3, 14))

    statuses = statuses_of(new_card, old_card)

    assert [status.held for status in statuses] == [new_card]


def test_holdings_of_credentials_not_in_the_content_are_ignored() -> None:
    statuses = statuses_of(held("cred.retired", date(2025, 1, 1)), held("cred.rma", TODAY))

    assert [status.credential.id for status in statuses] == ["cred.rma"]


def test_statuses_are_sorted_by_expiry_soonest_first() -> None:
    statuses = statuses_of(
        held("cred.cma", date(2026, 1, 10)),  # 2031-01-31
        held("cred.bls", date(2026, 3, 14)),  # 2028-03-31
        held("cred.ccma", date(2025, 5, 20)),  # 2027-05-20
    )

    assert [status.credential.id for status in statuses] == ["cred.ccma", "cred.bls", "cred.cma"]


def test_a_record_without_credentials_has_no_statuses() -> None:
    assert statuses_of() == []


@pytest.mark.parametrize(
    ("days_left", "urgency"),
    [
        (-1, Urgency.EXPIRED),
        (0, Urgency.DUE_30),
        (30, Urgency.DUE_30),
        (31, Urgency.DUE_90),
        (90, Urgency.DUE_90),
        (91, Urgency.CURRENT),
    ],
)
def test_urgency_follows_the_days_left(days_left: int, urgency: Urgency) -> None:
    printed = TODAY + timedelta(days=days_left)
    status = status_of(held("cred.bls", date(2024, 1, 1), printed_expiry=printed))

    assert (status.days_left, status.urgency) == (days_left, urgency)


def test_a_credential_expiring_today_is_not_expired() -> None:
    status = status_of(held("cred.bls", date(2024, 1, 1), printed_expiry=TODAY))

    assert status.urgency is not Urgency.EXPIRED


def test_alerts_keep_only_credentials_that_are_not_current() -> None:
    statuses = statuses_of(
        held("cred.bls", date(2024, 1, 1), printed_expiry=TODAY - timedelta(days=1)),
        held("cred.cma", date(2024, 1, 1), printed_expiry=TODAY + timedelta(days=10)),
        held("cred.rma", date(2024, 1, 1), printed_expiry=TODAY + timedelta(days=60)),
        held("cred.ccma", date(2024, 1, 1), printed_expiry=TODAY + timedelta(days=400)),
    )

    assert [status.credential.id for status in alerts(statuses)] == [
        "cred.bls",
        "cred.cma",
        "cred.rma",
    ]


# recertification_progress -----------------------------------------------------------------

CMA_EARNED = date(2026, 1, 31)
CMA_EXPIRES = date(2031, 1, 31)
IN_CMA_CYCLE = date(2028, 6, 1)


def cma_progress(*entries: CEEntry) -> RecertificationProgress:
    """The CMA recertification progress of a CMA earned 2026-01-31, over these entries."""
    progress = recertification_progress(status_of(held("cred.cma", CMA_EARNED)), list(entries))
    assert progress is not None
    return progress


def test_cma_cycle_runs_from_the_earned_date_to_the_expiry() -> None:
    progress = cma_progress()

    assert (progress.cycle_start, progress.cycle_end) == (CMA_EARNED, CMA_EXPIRES)


def test_cma_parts_are_total_each_category_and_approved() -> None:
    progress = cma_progress()

    assert [(part.label, part.required) for part in progress.parts] == [
        ("Total points", 60),
        ("Administrative", 10),
        ("Clinical", 10),
        ("General", 10),
        ("AAMA-approved", 30),
    ]


def test_cma_total_met_without_the_clinical_minimum_is_not_complete() -> None:
    progress = cma_progress(
        ce(IN_CMA_CYCLE, 30, "administrative", approved=True),
        ce(IN_CMA_CYCLE, 26, "general"),
        ce(IN_CMA_CYCLE, 4, "clinical"),
    )
    parts = parts_by_label(progress.parts)

    assert parts["Total points"].missing == 0
    assert parts["Clinical"].earned == 4
    assert parts["Clinical"].missing == 6
    assert not progress.complete


def test_cma_with_every_part_met_is_complete() -> None:
    progress = cma_progress(
        ce(IN_CMA_CYCLE, 20, "administrative", approved=True),
        ce(IN_CMA_CYCLE, 20, "clinical", approved=True),
        ce(IN_CMA_CYCLE, 20, "general"),
    )

    assert all(part.missing == 0 for part in progress.parts)
    assert progress.complete


def test_entries_outside_the_cycle_are_not_counted() -> None:
    progress = cma_progress(
        ce(CMA_EARNED - timedelta(days=1), 5),
        ce(CMA_EARNED, 1),
        ce(CMA_EXPIRES, 2),
        ce(CMA_EXPIRES + timedelta(days=1), 7),
    )

    assert parts_by_label(progress.parts)["Total points"].earned == 3


def test_approved_minimum_counts_only_approved_entries() -> None:
    progress = cma_progress(
        ce(IN_CMA_CYCLE, 12, "clinical", approved=True),
        ce(IN_CMA_CYCLE, 40, "clinical", approved=False),
    )
    approved = parts_by_label(progress.parts)["AAMA-approved"]

    assert (approved.earned, approved.missing) == (12, 18)


def test_rma_parts_are_just_the_total() -> None:
    progress = recertification_progress(
        status_of(held("cred.rma", date(2025, 5, 20))), [ce(date(2026, 1, 1), 12, "clinical")]
    )

    assert progress.parts == [RulePart("Total points", 30, 12)]


def test_ccma_needs_ten_credits() -> None:
    progress = recertification_progress(status_of(held("cred.ccma", date(2025, 5, 20))), [])

    assert progress.parts == [RulePart("Total credits", 10, 0)]


def test_ncma_needs_fourteen_clock_hours_within_its_year() -> None:
    status = status_of(held("cred.ncma", date(2025, 9, 1)))
    progress = recertification_progress(status, [ce(date(2025, 10, 1), 4)])

    assert progress is not None
    assert progress.parts == [RulePart("Total clock hours", 14, 4)]


@pytest.mark.parametrize("credential_id", ["cred.bls"])
def test_credential_without_a_continuing_education_rule_has_no_progress(
    credential_id: str,
) -> None:
    status = status_of(held(credential_id, date(2025, 5, 20)))

    assert recertification_progress(status, [ce(date(2025, 6, 1), 5)]) is None


def test_printed_expiry_ends_the_cycle() -> None:
    status = status_of(held("cred.rma", date(2025, 5, 20), printed_expiry=date(2028, 4, 30)))
    progress = recertification_progress(status, [ce(date(2028, 5, 1), 30)])

    assert progress.cycle_end == date(2028, 4, 30)
    assert progress.parts[0].earned == 0


def test_cycle_shorter_than_the_validity_starts_cycle_months_before_the_expiry() -> None:
    short_cycle = Credential(
        id="cred.short",
        name="Short cycle",
        kind="certification",
        validity=Validity(months=60, counts_from="date"),
        renewal="Renew.",
        continuing_education=ContinuingEducationRule(cycle_months=24, total=10, unit="hours"),
        source=Source(title="Test", url="https://example.org", as_of=date(2026, 12, 2)),
    )
    holding = held("cred.short", date(2025, 3, 10))
    status = CredentialStatus(short_cycle, holding, date(2030, 3, 10), 1000)

    progress = recertification_progress(status, [])

    assert (progress.cycle_start, progress.cycle_end) == (date(2028, 3, 11), date(2030, 3, 10))


def test_decimal_amounts_adding_up_to_the_total_complete_the_rule() -> None:
    # Regression: 1.2+1.4+1.6+1.6+1.6+2.6 summed as floats is 9.999999999999998.
    entries = [ce(date(2026, 1, 1), amount) for amount in (1.2, 1.4, 1.6, 1.6, 1.6, 2.6)]
    progress = recertification_progress(status_of(held("cred.ccma", date(2025, 5, 20))), entries)

    assert progress.parts[0].missing == 0
    assert progress.complete


# Properties of recertification_progress ---------------------------------------------------

ce_entries = st.lists(
    st.builds(
        CEEntry,
        completed_on=st.dates(min_value=date(2023, 1, 1), max_value=date(2033, 12, 31)),
        title=st.just("Course"),
        amount=st.floats(min_value=0.25, max_value=100, allow_nan=False),
        category=st.sampled_from(CATEGORIES),
        approved=st.booleans(),
    ),
    max_size=30,
)
holdings_with_rules = st.builds(
    HeldCredential,
    credential_id=st.sampled_from(["cred.cma", "cred.rma", "cred.ccma"]),
    earned_on=st.dates(min_value=date(2023, 1, 1), max_value=date(2030, 12, 31)),
)


@settings(max_examples=200, deadline=None)
@given(holdings_with_rules, ce_entries)
def test_total_earned_is_the_sum_of_the_entries_inside_the_cycle(
    holding: HeldCredential, entries: list[CEEntry]
) -> None:
    progress = recertification_progress(status_of(holding), entries)
    inside = [e for e in entries if progress.cycle_start <= e.completed_on <= progress.cycle_end]

    assert progress.parts[0].earned == pytest.approx(sum(e.amount for e in inside))


@settings(max_examples=200, deadline=None)
@given(ce_entries)
def test_each_cma_category_part_sums_only_its_own_category_inside_the_cycle(
    entries: list[CEEntry],
) -> None:
    progress = cma_progress(*entries)
    parts = parts_by_label(progress.parts)
    inside = [e for e in entries if CMA_EARNED <= e.completed_on <= CMA_EXPIRES]

    for category in CATEGORIES:
        expected = sum(e.amount for e in inside if e.category == category)
        assert parts[category.capitalize()].earned == pytest.approx(expected)


@settings(max_examples=200, deadline=None)
@given(holdings_with_rules, ce_entries)
def test_nothing_is_ever_negatively_missing(
    holding: HeldCredential, entries: list[CEEntry]
) -> None:
    progress = recertification_progress(status_of(holding), entries)

    assert all(part.missing >= 0 for part in progress.parts)


@settings(max_examples=200, deadline=None)
@given(holdings_with_rules, ce_entries)
def test_complete_exactly_when_no_part_is_missing_anything(
    holding: HeldCredential, entries: list[CEEntry]
) -> None:
    progress = recertification_progress(status_of(holding), entries)

    assert progress.complete == all(part.missing == 0 for part in progress.parts)


# Lapse: expired too long to renew by continuing education ----------------------------------

LAPSED_CMA_EXPIRES = date(2025, 5, 31)
"""A CMA certified in May 2020 runs to the end of May 2025."""


@pytest.mark.parametrize(
    ("today", "exam_required"),
    [
        (LAPSED_CMA_EXPIRES + timedelta(days=1), False),
        (LAPSED_CMA_EXPIRES + timedelta(days=90), False),
        (LAPSED_CMA_EXPIRES + timedelta(days=91), True),
    ],
    ids=["1 day expired", "90 days expired", "91 days expired"],
)
def test_cma_more_than_90_days_expired_must_retake_the_exam(
    today: date, exam_required: bool
) -> None:
    status = status_of(held("cred.cma", date(2020, 5, 12)), today=today)

    assert status.expires_on == LAPSED_CMA_EXPIRES
    assert status.exam_required is exam_required


def test_a_current_cma_need_not_retake_the_exam() -> None:
    assert not status_of(held("cred.cma", date(2024, 5, 12))).exam_required


@pytest.mark.parametrize("credential_id", ["cred.rma", "cred.ccma", "cred.ncma", "cred.bls"])
def test_credentials_without_a_lapse_rule_never_require_the_exam(credential_id: str) -> None:
    long_expired = status_of(held(credential_id, date(2015, 1, 10)))

    assert long_expired.urgency is Urgency.EXPIRED
    assert not long_expired.exam_required
