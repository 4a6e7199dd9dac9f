"""An iCalendar (.ics) file of the deadlines ahead, for any calendar app.

It holds each credential's expiry with a renewal reminder 90 days before it, and the target
date of every roadmap task and requirement not yet done. Only dates from today on are
exported: a calendar file is for what is coming, and a date already passed in it is clutter
(a "Renew BLS" on a day gone by). A passed expiry is left out too: the Credentials page keeps
that history and its alert, and an event imported from an earlier file stays in the calendar,
since importing a newer file updates events but never deletes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from pathway.content.models import Content
from pathway.credentials import DUE_LATER_DAYS, CredentialStatus
from pathway.progress import DueItem, counted_record, fact_titles
from pathway.records import LearnerRecord

PRODUCT_ID = "-//MA Pathway//Credential deadlines//EN"


def open_targets(content: Content, record: LearnerRecord, today: date) -> list[DueItem]:
    """Every roadmap task and requirement with a target date and not yet done or skipped.

    States are the ones the progress rules count, so a skip of an item the learner's state
    requires still leaves its target date in; a linked task's date is its requirement's, listed
    once. Soonest first; passed dates included (the calendar leaves them out, `days_left` says
    which).
    """
    record = counted_record(content, record, today)
    targets = []
    for item_id, title in fact_titles(content).items():
        progress = record.item(item_id)
        if progress.due_on is not None and not progress.state.resolved:
            targets.append(DueItem(item_id, title, progress.due_on, (progress.due_on - today).days))
    return sorted(targets, key=lambda item: item.due_on)


def deadlines_calendar(
    statuses: list[CredentialStatus], now: datetime, targets: Sequence[DueItem] = ()
) -> bytes:
    """All-day events for the expiries, renewal reminders and `targets` from today on.

    Today is the day `statuses` and `targets` were counted from (`days_left` 0). Each expiry
    carries a display alarm 30 days before it. Event ids are derived from the held credential's
    id and the item's content id, so importing a newer file updates the events (a moved target
    date moves its event) instead of duplicating them.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    for status in statuses:
        if status.days_left >= 0:
            calendar.add_component(_expiry_event(status, now))
        if status.days_left >= DUE_LATER_DAYS:
            calendar.add_component(_renewal_event(status, now))
    for target in targets:
        if target.days_left >= 0:
            calendar.add_component(
                _all_day_event(
                    f"{target.item_id}-target@ma-pathway",
                    f"Target date: {target.title}",
                    target.due_on,
                    "The target date you set in MA Pathway. Mark it done there once it is.",
                    now,
                )
            )
    return calendar.to_ical()


def _expiry_event(status: CredentialStatus, now: datetime) -> Event:
    name = status.credential.name
    expiry = _all_day_event(
        f"{status.held.entry_id}-expires@ma-pathway",
        f"{name} expires",
        status.expires_on,
        f"Last day {name} is valid. {status.credential.renewal}",
        now,
    )
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"{name} expires in 30 days")
    alarm.add("trigger", timedelta(days=-30))
    expiry.add_component(alarm)
    return expiry


def _renewal_event(status: CredentialStatus, now: datetime) -> Event:
    return _all_day_event(
        f"{status.held.entry_id}-renew@ma-pathway",
        f"Renew {status.credential.name}",
        status.expires_on - timedelta(days=DUE_LATER_DAYS),
        f"{DUE_LATER_DAYS} days before it expires. {status.credential.renewal}",
        now,
    )


def _all_day_event(uid: str, summary: str, day: date, description: str, now: datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("summary", summary)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("dtstamp", now.astimezone(UTC))
    event.add("description", description)
    return event
