"""Specifies the deadlines calendar: expiries, renewal reminders and target dates, as .ics.

Each file is parsed back with icalendar, so the tests read what a calendar app would import:
one all-day expiry event with a reminder alarm and one renewal event 90 days earlier per held
credential, one all-day event per open target date, nothing on a day already passed, with
event ids stable across exports so a newer file updates instead of duplicating. "Today" is
fixed (TODAY); no test reads the clock.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import cast

from icalendar import Calendar, Event

from pathway.calendar_export import deadlines_calendar, open_targets
from pathway.content import load_content
from pathway.credentials import CredentialStatus, credential_statuses
from pathway.records import HeldCredential, ItemProgress, ItemState, LearnerRecord
from pathway.settings import PROJECT_ROOT

CONTENT = load_content(PROJECT_ROOT / "roadmap_data")
CREDENTIALS = CONTENT.credentials
TODAY = date(2026, 6, 1)
NOW = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)

CPR_CARD = HeldCredential(entry_id="card1", credential_id="cred.bls", earned_on=date(2026, 3, 14))
CPR_EXPIRES = date(2028, 3, 31)
CMA = HeldCredential(entry_id="cma1", credential_id="cred.cma", earned_on=date(2026, 1, 31))


def statuses(*holdings: HeldCredential) -> list[CredentialStatus]:
    """The statuses of a record holding exactly these credentials."""
    return credential_statuses(CREDENTIALS, LearnerRecord(credentials=list(holdings)), TODAY)


def events(ics: bytes) -> list[Event]:
    """Every event of an exported calendar, parsed back."""
    return cast(list[Event], Calendar.from_ical(ics).walk("VEVENT"))


def exported_events(*holdings: HeldCredential, now: datetime = NOW) -> list[Event]:
    """The events exported for these holdings."""
    return events(deadlines_calendar(statuses(*holdings), now))


def expiry_events(parsed: list[Event]) -> list[Event]:
    """The expiry events among `parsed`."""
    return [event for event in parsed if str(event["UID"]).endswith("-expires@ma-pathway")]


def target_events(parsed: list[Event]) -> list[Event]:
    """The target date events among `parsed`."""
    return [event for event in parsed if str(event["UID"]).endswith("-target@ma-pathway")]


def card_expiring_in(days: int) -> HeldCredential:
    """A CPR card whose printed expiry is `days` after TODAY (negative: already passed)."""
    return CPR_CARD.model_copy(update={"printed_expiry": TODAY + timedelta(days=days)})


def exported_targets(**progress: ItemProgress) -> list[Event]:
    """The events exported for a record with this progress (item ids with `__` for dots)."""
    record = LearnerRecord(progress={key.replace("__", "."): p for key, p in progress.items()})
    return events(deadlines_calendar([], NOW, open_targets(CONTENT, record, TODAY)))


def renewal_events(parsed: list[Event]) -> list[Event]:
    """The renewal reminder events among `parsed`."""
    return [event for event in parsed if str(event["UID"]).endswith("-renew@ma-pathway")]


def is_all_day(value: date) -> bool:
    """True for a plain date; a `datetime` is also a `date`, so check the exact type."""
    return type(value) is date


def test_each_status_gives_one_expiry_and_one_renewal_event() -> None:
    parsed = exported_events(CPR_CARD, CMA)

    assert len(parsed) == 4
    assert len(expiry_events(parsed)) == 2
    assert len(renewal_events(parsed)) == 2


def test_expiry_event_is_all_day_on_the_expiry_date() -> None:
    (expiry,) = expiry_events(exported_events(CPR_CARD))
    start, end = expiry.decoded("DTSTART"), expiry.decoded("DTEND")

    assert is_all_day(start)
    assert is_all_day(end)
    assert (start, end) == (CPR_EXPIRES, CPR_EXPIRES + timedelta(days=1))


def test_renewal_event_is_all_day_ninety_days_before_the_expiry() -> None:
    (renewal,) = renewal_events(exported_events(CPR_CARD))
    start, end = renewal.decoded("DTSTART"), renewal.decoded("DTEND")

    assert is_all_day(start)
    assert start == CPR_EXPIRES - timedelta(days=90)
    assert end == start + timedelta(days=1)


def test_printed_expiry_is_the_date_exported() -> None:
    card = CPR_CARD.model_copy(update={"printed_expiry": date(2028, 2, 15)})
    (expiry,) = expiry_events(exported_events(card))

    assert expiry.decoded("DTSTART") == date(2028, 2, 15)


def test_uids_are_stable_for_the_same_held_credential_across_exports() -> None:
    first = exported_events(CPR_CARD, CMA, now=NOW)
    later = exported_events(CPR_CARD, CMA, now=NOW + timedelta(days=40))

    assert sorted(str(e["UID"]) for e in first) == sorted(str(e["UID"]) for e in later)


def test_uids_differ_between_credentials_and_between_events() -> None:
    uids = [str(event["UID"]) for event in exported_events(CPR_CARD, CMA)]

    assert len(set(uids)) == 4


def test_summaries_name_the_credential() -> None:
    name = "BLS / CPR card (American Heart Association)"
    summaries = {str(event["SUMMARY"]) for event in exported_events(CPR_CARD)}

    assert summaries == {f"{name} expires", f"Renew {name}"}


def test_expiry_event_has_a_display_alarm_thirty_days_before() -> None:
    (expiry,) = expiry_events(exported_events(CPR_CARD))
    (alarm,) = expiry.walk("VALARM")

    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm.decoded("TRIGGER") == timedelta(days=-30)


def test_renewal_event_has_no_alarm() -> None:
    (renewal,) = renewal_events(exported_events(CPR_CARD))

    assert renewal.walk("VALARM") == []


def test_events_are_stamped_with_the_export_time_in_utc() -> None:
    local = datetime(2026, 6, 1, 11, 30).astimezone()
    (expiry, _renewal) = exported_events(CPR_CARD, now=local)

    assert expiry.decoded("DTSTAMP") == local.astimezone(UTC)


def test_no_statuses_give_a_valid_calendar_without_events() -> None:
    parsed = Calendar.from_ical(deadlines_calendar([], NOW))

    assert str(parsed["VERSION"]) == "2.0"
    assert str(parsed["PRODID"]) == "-//MA Pathway//Credential deadlines//EN"
    assert parsed.walk("VEVENT") == []


def test_an_expiry_is_exported_up_to_its_own_day_and_not_after() -> None:
    (expiry,) = expiry_events(exported_events(card_expiring_in(0)))

    assert expiry.decoded("DTSTART") == TODAY
    assert exported_events(card_expiring_in(-1)) == []


def test_a_renewal_reminder_is_exported_up_to_its_own_day_and_not_after() -> None:
    (renewal,) = renewal_events(exported_events(card_expiring_in(90)))
    passed = exported_events(card_expiring_in(89))

    assert renewal.decoded("DTSTART") == TODAY
    assert renewal_events(passed) == []
    assert [event.decoded("DTSTART") for event in expiry_events(passed)] == [
        TODAY + timedelta(days=89)
    ]


def test_a_requirement_target_date_gives_an_all_day_event_naming_it() -> None:
    planned = ItemProgress(state=ItemState.IN_PROGRESS, due_on=date(2026, 7, 15))
    (target,) = target_events(exported_targets(req__background__check=planned))
    start, end = target.decoded("DTSTART"), target.decoded("DTEND")

    assert is_all_day(start)
    assert (start, end) == (date(2026, 7, 15), date(2026, 7, 16))
    assert str(target["SUMMARY"]) == "Target date: Background check"


def test_a_roadmap_task_target_date_is_exported() -> None:
    task = CONTENT.roadmap.steps[0].tasks[0]
    record = LearnerRecord(progress={task.id: ItemProgress(due_on=date(2026, 6, 20))})
    (target,) = events(deadlines_calendar([], NOW, open_targets(CONTENT, record, TODAY)))

    assert str(target["SUMMARY"]) == f"Target date: Step 1: {task.text}"


def test_a_done_or_skipped_item_gives_no_target_event() -> None:
    due = date(2026, 7, 15)
    parsed = exported_targets(
        req__background__check=ItemProgress(state=ItemState.DONE, completed_on=TODAY, due_on=due),
        req__background__drug_screen=ItemProgress(state=ItemState.SKIPPED, due_on=due),
    )

    assert parsed == []


def test_a_target_date_is_exported_up_to_its_own_day_and_not_after() -> None:
    (target,) = exported_targets(req__background__check=ItemProgress(due_on=TODAY))
    late = ItemProgress(due_on=TODAY - timedelta(days=1))

    assert target.decoded("DTSTART") == TODAY
    assert exported_targets(req__background__check=late) == []


def test_a_moved_target_date_keeps_its_event_id() -> None:
    (first,) = exported_targets(req__background__check=ItemProgress(due_on=date(2026, 7, 1)))
    (moved,) = exported_targets(req__background__check=ItemProgress(due_on=date(2026, 8, 1)))

    assert str(first["UID"]) == str(moved["UID"]) == "req.background.check-target@ma-pathway"


def test_target_dates_follow_the_credential_events() -> None:
    record = LearnerRecord(
        credentials=[CPR_CARD],
        progress={"req.background.check": ItemProgress(due_on=date(2026, 7, 15))},
    )
    ics = deadlines_calendar(
        credential_statuses(CREDENTIALS, record, TODAY), NOW, open_targets(CONTENT, record, TODAY)
    )

    parsed = events(ics)
    assert [len(expiry_events(parsed)), len(renewal_events(parsed))] == [1, 1]
    assert len(target_events(parsed)) == 1
