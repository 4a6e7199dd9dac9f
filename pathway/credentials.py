"""Credential dates and recertification math: what expires when, and what is still missing.

The rules themselves (months of validity, points per cycle) live in
`roadmap_data/credentials.yaml`; this module only does the arithmetic.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from pathway.content.models import ContinuingEducationRule, Credential, CredentialSet, Validity
from pathway.records import CEEntry, HeldCredential, LearnerRecord

AMOUNT_DECIMALS = 6
"""Points and credits still missing are counted to this many decimals."""

DUE_SOON_DAYS = 30
DUE_LATER_DAYS = 90


def add_months(start: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter (31 Jan + 1)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def end_of_month(day: date) -> date:
    """The last day of the month `day` falls in."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def expiry_date(validity: Validity, earned_on: date) -> date:
    """The last day a credential earned on `earned_on` is valid, by its rule."""
    if validity.counts_from == "end_of_month":
        return end_of_month(add_months(earned_on.replace(day=1), validity.months))
    return add_months(earned_on, validity.months)


class Urgency(StrEnum):
    """How soon a credential needs attention, for alerts and the instructor's flags."""

    EXPIRED = "expired"
    DUE_30 = "due within 30 days"
    DUE_90 = "due within 90 days"
    CURRENT = "current"


@dataclass(frozen=True)
class CredentialStatus:
    """A held credential with its expiry (the printed date wins) and how urgent renewal is."""

    credential: Credential
    held: HeldCredential
    expires_on: date
    days_left: int

    @property
    def urgency(self) -> Urgency:
        """Expired, due within 30 or 90 days, or current."""
        if self.days_left < 0:
            return Urgency.EXPIRED
        if self.days_left <= DUE_SOON_DAYS:
            return Urgency.DUE_30
        if self.days_left <= DUE_LATER_DAYS:
            return Urgency.DUE_90
        return Urgency.CURRENT

    @property
    def exam_required(self) -> bool:
        """True once the credential has been expired longer than its lapse rule allows.

        The CMA (AAMA), for one, can no longer be renewed by continuing education after more
        than 90 days expired: only passing the exam again restores it.
        """
        lapse = self.credential.lapse
        return lapse is not None and -self.days_left > lapse.after_days


def credential_statuses(
    credentials: CredentialSet, record: LearnerRecord, today: date
) -> list[CredentialStatus]:
    """The latest-earned holding of each credential, soonest expiry first.

    Older holdings of the same credential (last year's CPR card) are history, not alerts.
    Holdings of credentials no longer in the content are kept in the record but not shown.
    """
    by_id = {credential.id: credential for credential in credentials.credentials}
    latest: dict[str, HeldCredential] = {}
    for held in record.credentials:
        current = latest.get(held.credential_id)
        if held.credential_id in by_id and (current is None or held.earned_on >= current.earned_on):
            latest[held.credential_id] = held
    statuses = []
    for credential_id, held in latest.items():
        credential = by_id[credential_id]
        expires_on = held.printed_expiry or expiry_date(credential.validity, held.earned_on)
        statuses.append(CredentialStatus(credential, held, expires_on, (expires_on - today).days))
    return sorted(statuses, key=lambda status: status.expires_on)


def alerts(statuses: list[CredentialStatus]) -> list[CredentialStatus]:
    """The statuses that need attention: expired or due within 90 days."""
    return [status for status in statuses if status.urgency is not Urgency.CURRENT]


@dataclass(frozen=True)
class RulePart:
    """One part of a recertification rule (total, a category, approved): needed and earned."""

    label: str
    required: float
    earned: float

    @property
    def missing(self) -> float:
        """What is still to earn for this part (never negative).

        Rounded: people log decimal amounts (1.2 + 1.4 + ...), and a binary float sum a hair
        short of the total must not leave a rule unmet.
        """
        return round(max(self.required - self.earned, 0.0), AMOUNT_DECIMALS)


@dataclass(frozen=True)
class RecertificationProgress:
    """Progress toward renewing one credential by continuing education within its cycle."""

    rule: ContinuingEducationRule
    cycle_start: date
    cycle_end: date
    parts: list[RulePart]

    @property
    def complete(self) -> bool:
        """True once every part of the rule is met."""
        return all(part.missing == 0 for part in self.parts)


def recertification_progress(
    status: CredentialStatus, entries: list[CEEntry]
) -> RecertificationProgress | None:
    """Totals of the entries inside the credential's current cycle against its rule.

    The cycle ends on the expiry date. It starts on the day the credential was earned when
    the cycle is as long as the validity (every credential shipped today), else `cycle_months`
    before the end. None when the credential has no continuing education rule.
    """
    rule = status.credential.continuing_education
    if rule is None:
        return None
    cycle_end = status.expires_on
    if rule.cycle_months >= status.credential.validity.months:
        cycle_start = status.held.earned_on
    else:
        cycle_start = add_months(cycle_end, -rule.cycle_months) + timedelta(days=1)
    counted = [entry for entry in entries if cycle_start <= entry.completed_on <= cycle_end]
    parts = [RulePart(f"Total {rule.unit}", rule.total, _sum(counted))]
    parts += [
        RulePart(category.capitalize(), minimum, _sum(e for e in counted if e.category == category))
        for category, minimum in rule.category_minimums.items()
    ]
    if rule.approved_minimum:
        label = rule.approved_label or "Approved"
        parts.append(RulePart(label, rule.approved_minimum, _sum(e for e in counted if e.approved)))
    return RecertificationProgress(rule, cycle_start, cycle_end, parts)


def _sum(entries: Iterable[CEEntry]) -> float:
    return sum(entry.amount for entry in entries)
