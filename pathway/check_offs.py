"""Competency check-offs written to the store: the learner's own steps and the instructor's.

The learner marks a competency practising or asks for a check-off on their own record; an
instructor checks one learner off, a whole lab day at once, or undoes a check-off with a reason.
Every instructor write passes `verification.require_verifier` first, and each learner's log
grows in its own `Storage.change`, so one refused learner never stops the rest of a lab day.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from pathway.accounts import Account
from pathway.classes import AccessDenied, class_learners
from pathway.content.models import Competency, Content
from pathway.records import CheckOffEntry, LearnerRecord
from pathway.storage import Storage, StorageError
from pathway.verification import (
    CheckOffLog,
    CompetencyState,
    CompetencyStatus,
    VerificationError,
    check_off,
    competency_states,
    competency_statuses,
    mark_practising,
    request_check_off,
    require_verifier,
    undo_check_off,
)


@dataclass(frozen=True)
class LabDayOutcome:
    """Which learners of a lab day were checked off, and why the others were not."""

    saved: list[str] = field(default_factory=list)
    """User ids whose check-off was written."""
    refused: dict[str, str] = field(default_factory=dict)
    """User id to the one-line reason that learner was not checked off."""


@dataclass(frozen=True)
class LearnerCheckOffs:
    """One learner of a class with the state of every competency, and their log."""

    account: Account
    states: dict[str, CompetencyState]
    log: list[CheckOffEntry]


@dataclass(frozen=True)
class ClassCheckOffs:
    """A class's check-offs as the instructor's pages show them; unreadable learners apart."""

    learners: list[LearnerCheckOffs]
    unreadable: list[tuple[Account, str]]
    """Learners whose record could not be read, with the one-line problem."""


@dataclass(frozen=True)
class OpenRequest:
    """A learner's request for a check-off that no instructor has answered yet."""

    learner: Account
    competency: Competency
    asked_at: datetime


def checked_off_count(
    content: Content, states: dict[str, CompetencyState], domain: str | None = None
) -> int:
    """How many competencies of the content are checked off, of one domain or of all."""
    return sum(
        states[c.id].status is CompetencyStatus.CHECKED_OFF
        for c in content.competencies.competencies
        if domain is None or c.domain == domain
    )


def class_check_offs(
    store: Storage, content: Content, instructor: Account, class_id: str
) -> ClassCheckOffs:
    """Every learner of a class the instructor owns with their competency states.

    One unreadable record is listed apart and the rest of the class still shows.
    """
    learners, unreadable = [], []
    for account in class_learners(store, instructor, class_id):
        try:
            record = store.read(account.user_id)
        except StorageError as error:
            unreadable.append((account, error.problem))
            continue
        learners.append(LearnerCheckOffs(account, states_of(content, record), record.check_offs))
    return ClassCheckOffs(learners, unreadable)


def open_requests(content: Content, learners: Iterable[LearnerCheckOffs]) -> list[OpenRequest]:
    """Unanswered check-off requests of these learners, oldest first."""
    by_id = {c.id: c for c in content.competencies.competencies}
    requests = []
    for learner in learners:
        for competency_id, state in learner.states.items():
            if state.status is CompetencyStatus.REQUESTED:
                asked = [e for e in learner.log if e.competency_id == competency_id]
                requests.append(
                    OpenRequest(learner.account, by_id[competency_id], asked[-1].recorded_at)
                )
    return sorted(requests, key=lambda request: request.asked_at)


def competency(content: Content, competency_id: str) -> Competency:
    """The content's competency of this id; VerificationError for an id the content lacks."""
    found = next((c for c in content.competencies.competencies if c.id == competency_id), None)
    if found is None:
        raise VerificationError("That competency is not in this MA Pathway's list.")
    return found


def states_of(content: Content, record: LearnerRecord) -> dict[str, CompetencyState]:
    """The state of every competency in the content for this learner, from their log."""
    ids = (c.id for c in content.competencies.competencies)
    return competency_states(ids, record.check_offs)


def practise(store: Storage, content: Content, learner: Account, competency_id: str) -> None:
    """The learner says they are practising a competency (self-reported)."""
    competency(content, competency_id)
    _grow(store, learner.user_id, lambda log: mark_practising(log, competency_id, learner))


def ask_for_check_off(
    store: Storage, content: Content, learner: Account, competency_id: str
) -> None:
    """The learner asks their instructor to check a competency off."""
    competency(content, competency_id)
    _grow(store, learner.user_id, lambda log: request_check_off(log, competency_id, learner))


def check_off_learner(
    store: Storage,
    content: Content,
    evaluator: Account | None,
    learner_id: str,
    competency_id: str,
    checked_on: date,
    score: int | None = None,
    note: str = "",
) -> None:
    """An instructor of the learner's class checks one competency off (AccessDenied otherwise)."""
    competency(content, competency_id)
    verifier = require_verifier(
        evaluator, learner_id, store.list_classes(), store.list_memberships()
    )
    _grow(store, learner_id, _checking_off(competency_id, verifier, checked_on, score, note))


def lab_day(
    store: Storage,
    content: Content,
    evaluator: Account,
    learner_ids: Iterable[str],
    competency_id: str,
    checked_on: date,
    score: int | None = None,
    note: str = "",
) -> LabDayOutcome:
    """Check one competency off for every learner given, each in their own write.

    A learner the evaluator does not teach, or already checked off, is refused with a reason
    and the others are still written. Storage errors are raised: the page reports them.
    """
    competency(content, competency_id)
    classes, memberships = store.list_classes(), store.list_memberships()
    step = _checking_off(competency_id, evaluator, checked_on, score, note)
    outcome = LabDayOutcome()
    for learner_id in dict.fromkeys(learner_ids):
        try:
            require_verifier(evaluator, learner_id, classes, memberships)
            _grow(store, learner_id, step)
        except (AccessDenied, VerificationError) as refusal:
            outcome.refused[learner_id] = str(refusal)
        else:
            outcome.saved.append(learner_id)
    return outcome


def undo(
    store: Storage,
    content: Content,
    evaluator: Account | None,
    learner_id: str,
    competency_id: str,
    reason: str,
) -> None:
    """An instructor of the learner's class withdraws a check-off; the reason is required."""
    competency(content, competency_id)
    verifier = require_verifier(
        evaluator, learner_id, store.list_classes(), store.list_memberships()
    )
    _grow(store, learner_id, lambda log: undo_check_off(log, competency_id, verifier, reason))


def _checking_off(
    competency_id: str, evaluator: Account, checked_on: date, score: int | None, note: str
) -> Callable[[CheckOffLog], CheckOffLog]:
    """The log step of one check-off, stamped with the time it is built."""
    now = datetime.now(UTC)
    return lambda log: check_off(
        log, competency_id, evaluator, checked_on, score=score, note=note, now=now
    )


def _grow(store: Storage, user_id: str, step: Callable[[CheckOffLog], CheckOffLog]) -> None:
    """Append to one learner's log under the store's lock, from the log as stored now."""
    store.change(user_id, lambda record: record.with_check_off_log(step(tuple(record.check_offs))))


@dataclass(frozen=True)
class CohortCompetencies:
    """A class's competencies at a glance: per learner (in the order given) and per competency."""

    per_learner: list[dict[str, int]]
    """For each record: checked off by domain ("psychomotor", "affective") and open "requests"."""
    per_competency: dict[str, dict[CompetencyStatus, int]]
    """For each competency id: how many learners are in each state."""


def cohort_competencies(content: Content, records: Iterable[LearnerRecord]) -> CohortCompetencies:
    """Count check-offs for a class in one pass over records the cohort page already read."""
    listed = content.competencies.competencies
    per_competency: dict[str, dict[CompetencyStatus, int]] = {
        c.id: dict.fromkeys(CompetencyStatus, 0) for c in listed
    }
    per_learner = []
    for record in records:
        statuses = competency_statuses(record.check_offs)
        counts = {"psychomotor": 0, "affective": 0, "requests": 0}
        for c in listed:
            status = statuses.get(c.id, CompetencyStatus.NOT_ATTEMPTED)
            per_competency[c.id][status] += 1
            if status is CompetencyStatus.CHECKED_OFF:
                counts[c.domain] += 1
            elif status is CompetencyStatus.REQUESTED:
                counts["requests"] += 1
        per_learner.append(counts)
    return CohortCompetencies(per_learner, per_competency)
