"""A class at a glance: a summary row per learner, flagged On track, Some concerns or At risk.

The flag rules are stated once, in FLAG_RULES, which the cohort page shows beside the table.
A learner whose record cannot be read or summarised is listed as needing attention, so one bad
file never takes the rest of the class off the instructor's page.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Protocol, TypeVar

from pathway.accounts import Account
from pathway.classes import class_learners
from pathway.content.models import Content, Requirement
from pathway.credentials import Urgency, credential_statuses
from pathway.data_file import DataFileError
from pathway.plan import learner_plan, overdue_step_ids
from pathway.progress import (
    Completion,
    completion,
    counted_record,
    requirement_ids,
    step_state,
    trackable_ids,
)
from pathway.records import ItemState, LearnerRecord
from pathway.storage import Storage
from pathway.verification import HoursTotals, hours_totals
from pathway.verifying import RequirementCheck, requirement_checks, target_hours

INACTIVE_DAYS = 14
BACKGROUND_CHECK_DAYS = 30


FLAG_RULES = (
    "At risk: the CPR card has expired, or the background check is still open while the "
    f"hands-on step is under way or planned to start within {BACKGROUND_CHECK_DAYS} days.",
    f"Some concerns: no activity for {INACTIVE_DAYS} days or more (or none yet), a roadmap step "
    "past its planned end, or a credential expiring within 30 days.",
    "On track: none of the above.",
)


class Flag(StrEnum):
    """How a learner is doing, as D2L names it; declared from least to most severe.

    The words people read are in pathway/words.py; the members are codes.
    """

    ON_TRACK = "on_track"
    SOME_CONCERNS = "some_concerns"
    AT_RISK = "at_risk"

    @property
    def severity(self) -> int:
        """0 for on track, rising with concern: the order the enum declares."""
        return list(Flag).index(self)


class DataStatus(StrEnum):
    """The status of a learner whose record cannot be read or summarised, in place of a flag."""

    NEEDS_ATTENTION = "needs_attention"


@dataclass(frozen=True)
class LearnerSummary:
    """One learner's row in the cohort table."""

    account: Account
    overall: Completion
    step_reached: int
    requirements: Completion
    last_active: datetime | None
    flag: Flag
    reasons: tuple[str, ...]
    verified: int
    """Verifiable requirements done and verified by an instructor."""
    self_reported: int
    """Verifiable requirements the learner marked done that no instructor has verified."""
    hours_waiting: int
    """Externship hour entries waiting for the instructor's approval."""
    hours: HoursTotals
    """Hours logged and approved against the class's target."""

    @property
    def awaiting(self) -> int:
        """Requirements to verify and hour entries to approve: what waits on the instructor."""
        return self.self_reported + self.hours_waiting


NEEDS_ATTENTION_REASON = (
    "Their data file cannot be read; once signed in they can put back their last saved version."
)

_SUMMARY_FAILURES = (ArithmeticError, LookupError, TypeError, ValueError)
"""What a summary could raise on a value the records let through. None is known (dates and
ratings are bounded where they are stored), but one learner must never break a class page."""


@dataclass(frozen=True)
class NeedsAttention:
    """A learner whose record could not be read or summarised, and why (for the console)."""

    account: Account
    problem: str


@dataclass(frozen=True)
class ClassView:
    """A class as the cohort page shows it: summaries at risk first, and who needs attention."""

    summaries: list[LearnerSummary]
    records: list[LearnerRecord]
    """The record of each summary as the progress rules count it (`counted_record`: what the
    learner's own pages show), in the same order."""
    attention: list[NeedsAttention]


def class_view(
    content: Content, store: Storage, viewer: Account, class_id: str, today: date
) -> ClassView:
    """Every learner of a class the viewer owns, summarised; ownership is checked once.

    Each record is read and summarised on its own: a damaged file or a summary that fails puts
    that learner among `attention` and the rest of the class still shows.
    """
    summarised: list[tuple[LearnerSummary, LearnerRecord]] = []
    attention = []
    learners = class_learners(store, viewer, class_id)  # AccessDenied unless the viewer owns it
    classroom = next(c for c in store.list_classes() if c.class_id == class_id)
    target = target_hours(content, classroom)
    for learner in learners:
        try:
            record = counted_record(content, store.read(learner.user_id), today)
            summarised.append((summarize(content, learner, record, today, target), record))
        except DataFileError as error:
            attention.append(NeedsAttention(learner, str(error)))
        except _SUMMARY_FAILURES as error:
            attention.append(NeedsAttention(learner, f"cannot be summarised ({error!r})"))
    summarised.sort(key=lambda pair: (-pair[0].flag.severity, pair[0].account.display_name.lower()))
    return ClassView(
        summaries=[summary for summary, _ in summarised],
        records=[record for _, record in summarised],
        attention=attention,
    )


def summarize(
    content: Content,
    account: Account,
    record: LearnerRecord,
    today: date,
    hours_target: int | None = None,
) -> LearnerSummary:
    """The learner's numbers and flag, with the reasons behind the flag.

    Counted as the learner's own pages count (`counted_record`; a record already counted is
    counted the same again): a skip their state does not allow is not resolved. Hours count
    against `hours_target`, the class's (the content's 160 when not given).
    """
    record = counted_record(content, record, today)
    checks = Counter(requirement_checks(content, record).values())
    target = hours_target or target_hours(content, None)
    at_risk, concerns = _at_risk_reasons(content, record, today), _concerns(content, record, today)
    flag = Flag.AT_RISK if at_risk else Flag.SOME_CONCERNS if concerns else Flag.ON_TRACK
    return LearnerSummary(
        account=account,
        overall=completion(trackable_ids(content), record),
        step_reached=_step_reached(content, record),
        requirements=completion(requirement_ids(content.checklist.groups), record),
        last_active=last_active(record),
        flag=flag,
        reasons=tuple(at_risk + concerns),
        verified=checks[RequirementCheck.VERIFIED],
        self_reported=checks[RequirementCheck.SELF_REPORTED],
        hours_waiting=sum(not entry.approved for entry in record.hours),
        hours=hours_totals(record.hours, target),
    )


def last_active(record: LearnerRecord) -> datetime | None:
    """When the learner last changed anything that carries a time."""
    times = [p.updated_at for p in record.progress.values() if p.updated_at is not None]
    times += [snapshot.taken_at for snapshot in record.snapshots]
    return max(times, default=None)


def _step_reached(content: Content, record: LearnerRecord) -> int:
    """The number of the first step not yet resolved (13 once all twelve are)."""
    for step in content.roadmap.steps:
        if not step_state(step, record).resolved:
            return step.number
    return len(content.roadmap.steps) + 1


def _at_risk_reasons(content: Content, record: LearnerRecord, today: date) -> list[str]:
    # Imported here, as in _concerns: pathway.words imports this module for its flags' words.
    from pathway.words import day

    reasons = []
    statuses = {s.credential.id: s for s in credential_statuses(content.credentials, record, today)}
    cpr_card = _of_kind(content.credentials.credentials, "cpr")
    cpr = statuses.get(cpr_card.id) if cpr_card else None
    if cpr is not None and cpr.urgency is Urgency.EXPIRED:
        reasons.append(f"CPR card expired on {day(cpr.expires_on)}")
    check = _of_kind(requirements(content), "background_check")
    if (
        check
        and not record.item(check.id).state.resolved
        and _externship_near(content, record, today)
    ):
        reasons.append("Background check still open near the externship")
    return reasons


class _Kinded(Protocol):
    """A content entry the rules find by its declared `kind`."""

    @property
    def id(self) -> str: ...

    @property
    def kind(self) -> str | None: ...


_Entry = TypeVar("_Entry", bound=_Kinded)


def _of_kind(entries: Iterable[_Entry], kind: str) -> _Entry | None:
    """The entry whose content declares `kind` (the loader allows one), or None: no such rule."""
    return next((entry for entry in entries if entry.kind == kind), None)


def requirements(content: Content) -> list[Requirement]:
    """Every checklist requirement, in display order."""
    return [item for group in content.checklist.groups for item in group.items]


def _externship_near(content: Content, record: LearnerRecord, today: date) -> bool:
    step = _of_kind(content.roadmap.steps, "externship")
    if step is None:
        return False
    if step_state(step, record) is ItemState.IN_PROGRESS:
        return True
    planned = {entry.step.id: entry for entry in learner_plan(content.roadmap, record) or []}
    entry = planned.get(step.id)
    return entry is not None and entry.starts_on <= today + timedelta(days=BACKGROUND_CHECK_DAYS)


def _concerns(content: Content, record: LearnerRecord, today: date) -> list[str]:
    from pathway.words import count_of

    reasons = []
    active = last_active(record)
    if active is None:
        reasons.append("No activity yet")
    elif (today - active.date()).days >= INACTIVE_DAYS:
        reasons.append(f"No activity for {(today - active.date()).days} days")
    overdue = overdue_step_ids(learner_plan(content.roadmap, record) or [], record, today)
    if overdue:
        reasons.append(f"{count_of(len(overdue), 'step')} past the planned end")
    for status in credential_statuses(content.credentials, record, today):
        if status.urgency is Urgency.DUE_30:
            reasons.append(f"{status.credential.name} expires in {status.days_left} days")
    return reasons
