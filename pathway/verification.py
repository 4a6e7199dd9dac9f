"""Verified progress: competency check-offs, who may give them, externship hours, evidence files.

Pure rules with no storage and no Streamlit: the store keeps what these functions return, pages
show it. A learner's check-offs are an append-only log of frozen entries (who, when, what
changed); the current state of every competency is derived from that log, so an undo is a new
entry and nothing once written is ever changed. Every refusal is a `VerificationError` (or
`AccessDenied`) whose one-line message is safe to show.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from enum import StrEnum

from pydantic import (
    BaseModel,
    ConfigDict,
    ValidationError,
)

from pathway.accounts import Account
from pathway.classes import AccessDenied, teaches
from pathway.records import (
    HOURS_PER_DAY_MAX,
    STORED_NAME_MAX_LENGTH,
    CheckOffAction,
    CheckOffEntry,
    Classroom,
    EvidenceKind,
    HourEntry,
    Membership,
)

EVIDENCE_FILE_MAX_BYTES = 5 * 1024 * 1024
"""Largest evidence file accepted: a phone photo or a scanned card fits easily."""
EVIDENCE_LEARNER_MAX_BYTES = 50 * 1024 * 1024
"""All of one learner's evidence together, so one account cannot fill the data folder."""
EVIDENCE_SIGNATURES: dict[EvidenceKind, bytes] = {
    "pdf": b"%PDF-",
    "png": b"\x89PNG\r\n\x1a\n",
    "jpeg": b"\xff\xd8\xff",
}
"""The first bytes of each accepted kind: the type is read from the content, never the name."""
EVIDENCE_EXTENSIONS: dict[EvidenceKind, str] = {"pdf": ".pdf", "png": ".png", "jpeg": ".jpg"}


class VerificationError(ValueError):
    """A check-off, hour entry or evidence file that cannot be accepted; the message is shown."""


# Competency check-offs ------------------------------------------------------------------------


class CompetencyStatus(StrEnum):
    """Where a learner stands on one competency."""

    NOT_ATTEMPTED = "not_attempted"
    PRACTISING = "practising"
    """Self-reported by the learner: they are working on it, nobody has checked it yet."""
    REQUESTED = "requested"
    """The learner asked an instructor to check it off; it waits on the instructor's list."""
    CHECKED_OFF = "checked_off"
    """An instructor of the learner's class saw it done, on a date, maybe with a score."""
    UNDONE = "undone"
    """A check-off was withdrawn by an instructor, with a reason."""


class CompetencyState(BaseModel):
    """The current state of one competency, derived from the log; the last entry that set it."""

    model_config = ConfigDict(frozen=True)

    competency_id: str
    status: CompetencyStatus = CompetencyStatus.NOT_ATTEMPTED
    checked_on: date | None = None
    evaluator: str = ""
    score: int | None = None
    note: str = ""
    undo_reason: str = ""


CheckOffLog = tuple[CheckOffEntry, ...]
"""A learner's check-off log, oldest first; a tuple so no caller can change it in place."""


def competency_states(
    competency_ids: Iterable[str], log: Sequence[CheckOffEntry]
) -> dict[str, CompetencyState]:
    """The state of every listed competency, replaying the log in order.

    Entries for competencies no longer in the content are ignored (kept, not counted), as
    progress does for removed ids.
    """
    states = {item_id: CompetencyState(competency_id=item_id) for item_id in competency_ids}
    for entry in log:
        if entry.competency_id in states:
            states[entry.competency_id] = _apply(entry)
    return states


def competency_statuses(log: Iterable[CheckOffEntry]) -> dict[str, CompetencyStatus]:
    """The status of every competency the log names (the others are not attempted).

    The status alone, without building a state per competency: what a class's counts need.
    Every action names the status it leaves, so the last entry of each competency decides.
    """
    return {entry.competency_id: CompetencyStatus(entry.action.value) for entry in log}


def _apply(entry: CheckOffEntry) -> CompetencyState:
    """The state one entry leaves its competency in (entries are checked when appended)."""
    if entry.action is CheckOffAction.CHECKED_OFF:
        return CompetencyState(
            competency_id=entry.competency_id,
            status=CompetencyStatus.CHECKED_OFF,
            checked_on=entry.checked_on,
            evaluator=entry.actor_name,
            score=entry.score,
            note=entry.note,
        )
    if entry.action is CheckOffAction.UNDONE:
        return CompetencyState(
            competency_id=entry.competency_id,
            status=CompetencyStatus.UNDONE,
            evaluator=entry.actor_name,
            undo_reason=entry.reason,
        )
    # The learner's own entries, practising and requested, name their status.
    return CompetencyState(
        competency_id=entry.competency_id, status=CompetencyStatus(entry.action.value)
    )


def mark_practising(
    log: CheckOffLog, competency_id: str, learner: Account, now: datetime | None = None
) -> CheckOffLog:
    """The log with the learner's own "practising" added; refused once it is checked off."""
    if _status(log, competency_id) is CompetencyStatus.CHECKED_OFF:
        raise VerificationError("This competency is already checked off by your instructor.")
    return _append(
        log, competency_id=competency_id, action=CheckOffAction.PRACTISING, actor=learner, now=now
    )


def request_check_off(
    log: CheckOffLog, competency_id: str, learner: Account, now: datetime | None = None
) -> CheckOffLog:
    """The log with the learner's request for a check-off added; once is enough."""
    status = _status(log, competency_id)
    if status is CompetencyStatus.CHECKED_OFF:
        raise VerificationError("This competency is already checked off by your instructor.")
    if status is CompetencyStatus.REQUESTED:
        raise VerificationError("You have already asked for this check-off.")
    return _append(
        log, competency_id=competency_id, action=CheckOffAction.REQUESTED, actor=learner, now=now
    )


def check_off(
    log: CheckOffLog,
    competency_id: str,
    evaluator: Account,
    checked_on: date,
    score: int | None = None,
    note: str = "",
    now: datetime | None = None,
) -> CheckOffLog:
    """The log with a check-off by `evaluator` added; whether they may is `may_verify`'s call.

    A check-off dated after `now` is refused: it records what was seen, never what is planned.
    """
    if _status(log, competency_id) is CompetencyStatus.CHECKED_OFF:
        raise VerificationError("This competency is already checked off; undo it first.")
    if checked_on > (now or datetime.now(UTC)).date():
        raise VerificationError("A check-off cannot be dated in the future.")
    return _append(
        log,
        competency_id=competency_id,
        action=CheckOffAction.CHECKED_OFF,
        actor=evaluator,
        now=now,
        checked_on=checked_on,
        score=score,
        note=note.strip(),
    )


def undo_check_off(
    log: CheckOffLog,
    competency_id: str,
    evaluator: Account,
    reason: str,
    now: datetime | None = None,
) -> CheckOffLog:
    """The log with the check-off withdrawn for `reason`; the check-off itself stays in the log."""
    if _status(log, competency_id) is not CompetencyStatus.CHECKED_OFF:
        raise VerificationError("Only a checked-off competency can be undone.")
    return _append(
        log,
        competency_id=competency_id,
        action=CheckOffAction.UNDONE,
        actor=evaluator,
        now=now,
        reason=reason.strip(),
    )


def _status(log: Sequence[CheckOffEntry], competency_id: str) -> CompetencyStatus:
    return competency_states([competency_id], log)[competency_id].status


def _append(
    log: CheckOffLog,
    *,
    competency_id: str,
    action: CheckOffAction,
    actor: Account,
    now: datetime | None,
    **fields: object,
) -> CheckOffLog:
    """A new log: the old entries, untouched, and one more built from `fields`."""
    try:
        entry = CheckOffEntry.model_validate(
            {
                "competency_id": competency_id,
                "action": action,
                "actor_id": actor.user_id,
                "actor_name": actor.display_name,
                "recorded_at": now or datetime.now(UTC),
                **fields,
            }
        )
    except ValidationError as error:
        raise _refusal(error) from None
    return (*log, entry)


# Who may verify -------------------------------------------------------------------------------


def may_verify(
    viewer: Account | None,
    learner_id: str,
    classes: Iterable[Classroom],
    memberships: Iterable[Membership],
) -> bool:
    """Whether `viewer` may check off, verify requirements and approve hours for this learner.

    Only an instructor of a class the learner is in now: not another instructor, not a learner
    (not even the learner themselves), not after the learner left, not a visitor (None).
    """
    return (
        viewer is not None
        and viewer.role == "instructor"
        and viewer.user_id != learner_id
        and teaches(viewer, learner_id, classes, memberships)
    )


def may_view_evidence(
    viewer: Account | None,
    learner_id: str,
    classes: Iterable[Classroom],
    memberships: Iterable[Membership],
) -> bool:
    """Whether `viewer` may open this learner's evidence files: the learner, or who may verify."""
    if viewer is not None and viewer.user_id == learner_id:
        return True
    return may_verify(viewer, learner_id, classes, memberships)


def require_verifier(
    viewer: Account | None,
    learner_id: str,
    classes: Iterable[Classroom],
    memberships: Iterable[Membership],
) -> Account:
    """`viewer`, if `may_verify` allows them; otherwise `AccessDenied` with a message to show."""
    if viewer is None or not may_verify(viewer, learner_id, classes, memberships):
        raise AccessDenied("Only the instructor of this learner's class can verify their work.")
    return viewer


# Externship hours -----------------------------------------------------------------------------


class HoursTotals(BaseModel):
    """Externship hours against the class target: logged by the learner, approved of those."""

    model_config = ConfigDict(frozen=True)

    logged: float
    approved: float
    target: int

    @property
    def remaining(self) -> float:
        """Approved hours still missing to reach the target (never below zero)."""
        return max(0.0, self.target - self.approved)

    @property
    def met(self) -> bool:
        """Whether approved hours reach the target; logged but unapproved hours do not count."""
        return self.approved >= self.target


def add_hours(
    entries: Sequence[HourEntry],
    worked_on: date,
    site: str,
    hours: float,
    supervisor: str,
    activities: str = "",
) -> tuple[HourEntry, ...]:
    """The entries with a new, unapproved one; refused if the day would pass 24 hours."""
    try:
        entry = HourEntry(
            worked_on=worked_on,
            site=site.strip(),
            hours=hours,
            supervisor=supervisor.strip(),
            activities=activities.strip(),
        )
    except ValidationError as error:
        raise _refusal(error) from None
    that_day = sum(e.hours for e in entries if e.worked_on == worked_on) + entry.hours
    if that_day > HOURS_PER_DAY_MAX:
        raise VerificationError(
            f"{worked_on.isoformat()} would have {that_day:g} hours; a day has at most "
            f"{HOURS_PER_DAY_MAX}."
        )
    return (*entries, entry)


def approve_hours(entries: Sequence[HourEntry], entry_id: str) -> tuple[HourEntry, ...]:
    """The entries with one approved (a new object; the given entries are not changed)."""
    if not any(e.entry_id == entry_id for e in entries):
        raise VerificationError("That hours entry no longer exists.")
    return tuple(
        e.model_copy(update={"approved": True}) if e.entry_id == entry_id else e for e in entries
    )


def hours_totals(entries: Iterable[HourEntry], target: int) -> HoursTotals:
    """Logged and approved hours against `target` (the class's, or the content's 160)."""
    listed = list(entries)
    return HoursTotals(
        logged=sum(e.hours for e in listed),
        approved=sum(e.hours for e in listed if e.approved),
        target=target,
    )


# Evidence files -------------------------------------------------------------------------------


class EvidenceFile(BaseModel):
    """An accepted upload: its kind read from the content, its size, and a safe name to store."""

    model_config = ConfigDict(frozen=True)

    kind: EvidenceKind
    size: int
    stored_name: str


def evidence_kind(data: bytes) -> EvidenceKind | None:
    """PDF, PNG or JPEG by the file's first bytes, or None for anything else."""
    return next((kind for kind, sig in EVIDENCE_SIGNATURES.items() if data.startswith(sig)), None)


def check_evidence(name: str, data: bytes, learner_bytes_stored: int) -> EvidenceFile:
    """Accept an upload, or refuse it with one line saying why.

    Refused: empty, over 5 MB, over the learner's 50 MB in all, or not a PDF, PNG or JPEG by
    its content (whatever its name says).
    """
    if not data:
        raise VerificationError("The file is empty.")
    if len(data) > EVIDENCE_FILE_MAX_BYTES:
        raise VerificationError(f"The file is over {_megabytes(EVIDENCE_FILE_MAX_BYTES)}.")
    if learner_bytes_stored + len(data) > EVIDENCE_LEARNER_MAX_BYTES:
        raise VerificationError(
            f"Your evidence files would pass {_megabytes(EVIDENCE_LEARNER_MAX_BYTES)} in all; "
            "remove one first."
        )
    kind = evidence_kind(data)
    if kind is None:
        raise VerificationError("Only PDF, PNG or JPEG files are accepted.")
    return EvidenceFile(kind=kind, size=len(data), stored_name=safe_stored_name(name, kind))


_UNSAFE_NAME_CHARACTERS = re.compile(r"[^A-Za-z0-9._ -]+")


def safe_stored_name(name: str, kind: EvidenceKind) -> str:
    """A file name safe to keep on disk and to show, ending in the extension of its real kind.

    Folder parts, control and non-ASCII characters are dropped or replaced, a leading dot is
    removed (no hidden files) and the name is cut to 80 characters.
    """
    base = re.split(r"[/\\]", name)[-1]
    ascii_only = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode("ascii")
    stem = ascii_only.rsplit(".", 1)[0] if "." in ascii_only else ascii_only
    stem = _UNSAFE_NAME_CHARACTERS.sub("_", stem).strip(" ._-")
    extension = EVIDENCE_EXTENSIONS[kind]
    stem = stem[: STORED_NAME_MAX_LENGTH - len(extension)].rstrip(" ._-") or "evidence"
    return f"{stem}{extension}"


def _megabytes(size: int) -> str:
    return f"{size // (1024 * 1024)} MB"


def _refusal(error: ValidationError) -> VerificationError:
    """The first problem pydantic found, as one line: our own message where a rule gave one."""
    first = error.errors()[0]
    cause = first.get("ctx", {}).get("error")
    if isinstance(cause, ValueError):
        return VerificationError(str(cause))
    field = ".".join(str(part) for part in first["loc"]) or "entry"
    return VerificationError(f"{field}: {first['msg']}")
