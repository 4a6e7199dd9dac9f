"""An iCalendar (.ics) file of every expiry and renewal deadline, for any calendar app."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from pathway.credentials import DUE_LATER_DAYS, CredentialStatus

PRODUCT_ID = "-//MA Pathway//Credential deadlines//EN"


def deadlines_calendar(statuses: list[CredentialStatus], now: datetime) -> bytes:
    """One all-day event on each expiry date, plus a renewal reminder 90 days before it.

    Event ids are derived from the held credential's id, so importing a newer file updates the
    events instead of duplicating them.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    for status in statuses:
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
        calendar.add_component(expiry)
        calendar.add_component(
            _all_day_event(
                f"{status.held.entry_id}-renew@ma-pathway",
                f"Renew {name}",
                status.expires_on - timedelta(days=DUE_LATER_DAYS),
                f"{DUE_LATER_DAYS} days before it expires. {status.credential.renewal}",
                now,
            )
        )
    return calendar.to_ical()


def _all_day_event(uid: str, summary: str, day: date, description: str, now: datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("summary", summary)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("dtstamp", now.astimezone(UTC))
    event.add("description", description)
    return event
