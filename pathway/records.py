"""What the app remembers about one learner: item progress and skill-rating snapshots.

These are plain pydantic models; `pathway.storage` persists them and the rules in
`pathway.progress` and `pathway.skills` read them. Their field rules are the one check of a
stored value: the forms write through them, a learner file is read through them and an import
is validated by them, so a value one of them refuses cannot reach the others' pages.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

NOTE_MAX_LENGTH = 2_000
"""Longest note kept on one item: enough for evidence and who signed off, bounded for storage."""

CLASS_NAME_MAX_LENGTH = 80

TITLE_MAX_LENGTH = 200
"""Longest title or provider name of a continuing education entry."""

ID_MAX_LENGTH = 100
"""Longest id kept (content ids such as `req.cpr.card`, entry ids, category and state codes)."""

EARLIEST_DATE, LATEST_DATE = date(1900, 1, 1), date(2100, 12, 31)
"""Range of every stored date and time: wide for any real record, and far enough inside
Python's years 1–9999 that adding a credential's validity or a plan's weeks cannot overflow."""

LOWEST_RATING, HIGHEST_RATING = 1, 5

MAX_RATINGS_PER_SNAPSHOT = 100
"""Ratings one snapshot may hold: the content has 15 skills; the form refuses unknown ones."""

RecordDate = Annotated[date, Field(ge=EARLIEST_DATE, le=LATEST_DATE)]
"""A date a learner enters (completed, due, earned, expiry, plan start)."""

RecordTime = Annotated[
    AwareDatetime,
    Field(
        ge=datetime.combine(EARLIEST_DATE, datetime.min.time(), UTC),
        le=datetime.combine(LATEST_DATE, datetime.max.time(), UTC),
    ),
]
"""When something was saved; with its time zone, so times from anywhere compare."""

Identifier = Annotated[str, StringConstraints(min_length=1, max_length=ID_MAX_LENGTH)]

Rating = Annotated[int, Field(strict=True, ge=LOWEST_RATING, le=HIGHEST_RATING)]
"""A self-rating: a whole number 1–5 (strict, so 2.5, "3" and true are refused)."""


class ItemState(StrEnum):
    """Where a roadmap task or requirement stands, as roadmap.sh names the states."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    SKIPPED = "skipped"

    @property
    def resolved(self) -> bool:
        """Done and skipped both count toward the percentage, as on roadmap.sh."""
        return self in (ItemState.DONE, ItemState.SKIPPED)


class ItemProgress(BaseModel):
    """A learner's record for one roadmap task or requirement."""

    model_config = ConfigDict(frozen=True)

    state: ItemState = ItemState.NOT_STARTED
    completed_on: RecordDate | None = None
    due_on: RecordDate | None = None
    note: str = Field(default="", max_length=NOTE_MAX_LENGTH)
    updated_at: RecordTime | None = None

    def with_state(self, state: ItemState, now: datetime) -> ItemProgress:
        """A copy moved to `state`: done keeps or sets today's date, other states clear it."""
        completed_on = (self.completed_on or now.date()) if state is ItemState.DONE else None
        return self.model_copy(
            update={"state": state, "completed_on": completed_on, "updated_at": now}
        )


UNTOUCHED = ItemProgress()
"""The progress of an item never touched. Shared, as it is frozen: building one for every
missing item was a fifth of the cohort page's time at 500 learners."""


class SkillSnapshot(BaseModel):
    """The learner's ratings (1–5 by skill id) as saved at one moment."""

    model_config = ConfigDict(frozen=True)

    taken_at: RecordTime
    ratings: dict[Identifier, Rating] = Field(max_length=MAX_RATINGS_PER_SNAPSHOT)


class HeldCredential(BaseModel):
    """A credential the learner holds: when it was earned, and the card's own expiry if given."""

    model_config = ConfigDict(frozen=True)

    entry_id: Identifier = Field(default_factory=lambda: uuid.uuid4().hex)
    credential_id: Identifier
    earned_on: RecordDate
    printed_expiry: RecordDate | None = None


class CEEntry(BaseModel):
    """One continuing education activity, counted toward recertification."""

    model_config = ConfigDict(frozen=True)

    entry_id: Identifier = Field(default_factory=lambda: uuid.uuid4().hex)
    completed_on: RecordDate
    title: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=TITLE_MAX_LENGTH)
    ]
    provider: Annotated[
        str, StringConstraints(strip_whitespace=True, max_length=TITLE_MAX_LENGTH)
    ] = ""
    amount: float = Field(gt=0, le=100)
    category: Identifier
    approved: bool = False


# Verified progress: stored here because they are part of the learner's record; the rules
# that build and read them are in `pathway.verification`.

SCORE_MIN, SCORE_MAX = 0, 100
REASON_MAX_LENGTH = 500
HOURS_PER_DAY_MAX = 24
SITE_MAX_LENGTH = 120
SUPERVISOR_MAX_LENGTH = 80
ACTIVITIES_MAX_LENGTH = 1_000


class CheckOffAction(StrEnum):
    """What one log entry changed."""

    PRACTISING = "practising"
    REQUESTED = "requested"
    CHECKED_OFF = "checked_off"
    UNDONE = "undone"


class CheckOffEntry(BaseModel):
    """One frozen line of a learner's check-off log: who did what to which competency, and when.

    `checked_on` is the day the competency was shown (a lab day may be logged later);
    `recorded_at` is when the entry was written. The evaluator's name is copied in, so the log
    still says who signed even after that account is renamed or deleted.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    entry_id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    competency_id: Identifier
    action: CheckOffAction
    actor_id: Identifier
    actor_name: Annotated[str, StringConstraints(min_length=1, max_length=120)]
    recorded_at: datetime
    checked_on: RecordDate | None = None
    score: Annotated[int, Field(strict=True, ge=SCORE_MIN, le=SCORE_MAX)] | None = None
    note: Annotated[str, StringConstraints(max_length=NOTE_MAX_LENGTH)] = ""
    reason: Annotated[str, StringConstraints(max_length=REASON_MAX_LENGTH)] = ""

    @model_validator(mode="after")
    def _fields_fit_the_action(self) -> CheckOffEntry:
        if self.action is CheckOffAction.CHECKED_OFF and self.checked_on is None:
            raise ValueError("A check-off needs the date the competency was shown.")
        if self.action is CheckOffAction.UNDONE and not self.reason.strip():
            raise ValueError("Say why the check-off is undone.")
        return self


class HourEntry(BaseModel):
    """One day's externship hours at a site, with its supervisor; the instructor approves it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    entry_id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    worked_on: RecordDate
    site: str
    hours: float
    supervisor: str
    activities: str = ""
    approved: bool = False

    @model_validator(mode="after")
    def _fields_are_sensible(self) -> HourEntry:
        if not 0 < self.hours <= HOURS_PER_DAY_MAX:
            raise ValueError(f"Hours must be more than 0 and at most {HOURS_PER_DAY_MAX} a day.")
        for label, text, limit in (
            ("site", self.site, SITE_MAX_LENGTH),
            ("supervisor's name", self.supervisor, SUPERVISOR_MAX_LENGTH),
        ):
            if not text.strip():
                raise ValueError(f"Give the {label}.")
            if len(text) > limit:
                raise ValueError(f"The {label} can be at most {limit} characters.")
        if len(self.activities) > ACTIVITIES_MAX_LENGTH:
            raise ValueError(f"Activities can be at most {ACTIVITIES_MAX_LENGTH} characters.")
        return self


EVIDENCE_FILES_MAX = 100
"""Evidence files one learner may keep: a card or two per requirement, with room to spare.
Bounds the record's size, as the 50 MB limit alone would allow millions of tiny files."""

EvidenceKind = Literal["pdf", "png", "jpeg"]
"""What an evidence file is, read from its first bytes (`pathway.verification.evidence_kind`)."""

STORED_NAME_MAX_LENGTH = 80
"""Longest shown name of an evidence file, its extension included."""


class EvidenceRecord(BaseModel):
    """One evidence file attached to a requirement or a credential: what the record keeps of it.

    The bytes are kept by the storage under `evidence_id`; `stored_name` is the shown name,
    already made safe (`pathway.verification.safe_stored_name`), never a path on disk.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    evidence_id: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")] = Field(
        default_factory=lambda: uuid.uuid4().hex
    )
    item_id: Identifier
    """The requirement (`req.cpr.card`) or credential (`cpr_bls`) id it is proof of."""
    stored_name: Annotated[str, StringConstraints(min_length=1, max_length=STORED_NAME_MAX_LENGTH)]
    kind: EvidenceKind
    size: Annotated[int, Field(strict=True, gt=0)]
    uploaded_at: RecordTime


class VerificationAction(StrEnum):
    """What one line of a learner's requirement verification log did."""

    VERIFIED = "verified"
    WITHDRAWN = "withdrawn"


class RequirementVerification(BaseModel):
    """One frozen line of a learner's verification log: an item verified, or withdrawn.

    An instructor verifies a checklist item (a CPR card, an immunization) against evidence, or
    withdraws that verification with a reason. Like `CheckOffEntry`, the instructor's name is
    copied in, so the log still says who verified after that account is renamed or deleted.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    entry_id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    item_id: Identifier
    action: VerificationAction
    actor_id: Identifier
    actor_name: Annotated[str, StringConstraints(min_length=1, max_length=120)]
    recorded_at: datetime
    reason: Annotated[str, StringConstraints(max_length=REASON_MAX_LENGTH)] = ""

    @model_validator(mode="after")
    def _withdrawal_has_a_reason(self) -> RequirementVerification:
        if self.action is VerificationAction.WITHDRAWN and not self.reason.strip():
            raise ValueError("Say why the verification is withdrawn.")
        return self


HOURS_TARGET_MAX = 2_000
"""Largest externship hours target a class may set, as the content's own target allows."""


class LearnerProfile(BaseModel):
    """The learner's choices that shape the plan: program type, start date and US state."""

    model_config = ConfigDict(frozen=True)

    program_type: Identifier | None = None
    plan_start: RecordDate | None = None
    state: Identifier | None = None


class DetailsRefused(ValueError):
    """Item details that contradict each other; the message says what to change."""


class LearnerRecord(BaseModel):
    """Everything stored for one learner. Ids unknown to the content are kept, not dropped."""

    model_config = ConfigDict(frozen=True)

    progress: dict[Identifier, ItemProgress] = Field(default_factory=dict)
    snapshots: list[SkillSnapshot] = Field(default_factory=list)
    credentials: list[HeldCredential] = Field(default_factory=list)
    ce_entries: list[CEEntry] = Field(default_factory=list)
    profile: LearnerProfile = Field(default_factory=LearnerProfile)
    check_offs: list[CheckOffEntry] = Field(default_factory=list)
    """The append-only competency log, oldest first (see `pathway.verification`)."""
    hours: list[HourEntry] = Field(default_factory=list)
    """Externship hours the learner logged, each approved or not by the instructor."""
    evidence: list[EvidenceRecord] = Field(default_factory=list, max_length=EVIDENCE_FILES_MAX)
    """The evidence files attached, oldest first; their bytes are the storage's
    (`Storage.add_evidence`), so only the storage adds or removes these."""
    verifications: list[RequirementVerification] = Field(default_factory=list)
    """The append-only log of requirement verifications, oldest first (`pathway.verifying`)."""

    def item(self, item_id: str) -> ItemProgress:
        """The progress of one item; an item never touched is not started."""
        return self.progress.get(item_id, UNTOUCHED)

    # The domain verbs: every change the app makes to a record, each a new validated record,
    # so a value the field rules refuse is refused here, before anything is written.

    def with_item(self, item_id: str, progress: ItemProgress) -> LearnerRecord:
        """The record with one item's progress replaced by `progress`."""
        return self._with(progress={**self.progress, item_id: progress})

    def with_item_state(self, item_id: str, state: ItemState, now: datetime) -> LearnerRecord:
        """The record with one item moved to `state` (see `ItemProgress.with_state`)."""
        return self.with_item(item_id, self.item(item_id).with_state(state, now))

    def with_item_details(
        self, item_id: str, changes: Mapping[str, Any], now: datetime
    ) -> LearnerRecord:
        """The record with the fields the learner changed on one item, and only those.

        `changes` may hold `state`, `completed_on`, `due_on` and `note`. A completion date on
        an item not done marks it done on that date; beside a status other than Done chosen in
        the same change it is refused (DetailsRefused), never silently dropped.
        """
        progress = self.item(item_id)
        completed_on = changes.get("completed_on")
        state = changes.get("state")
        if completed_on and state is not None and state is not ItemState.DONE:
            raise DetailsRefused(
                "A completed date goes with the status Done: choose Done, or clear the date."
            )
        if completed_on and progress.state is not ItemState.DONE:
            state = ItemState.DONE
        if state is not None:
            progress = progress.with_state(state, now)
        fields = {name: changes[name] for name in ("due_on", "note") if name in changes}
        if completed_on:
            fields["completed_on"] = completed_on
        return self.with_item(item_id, progress.model_copy(update=fields))

    def with_snapshot(self, snapshot: SkillSnapshot) -> LearnerRecord:
        """The record with one more dated set of ratings; earlier ones stay for the growth view."""
        return self._with(snapshots=[*self.snapshots, snapshot])

    def with_credential(self, credential: HeldCredential) -> LearnerRecord:
        """The record with one more held credential."""
        return self._with(credentials=[*self.credentials, credential])

    def with_ce_entry(self, entry: CEEntry) -> LearnerRecord:
        """The record with one more continuing education entry."""
        return self._with(ce_entries=[*self.ce_entries, entry])

    def without_entry(self, entry: HeldCredential | CEEntry) -> LearnerRecord:
        """The record without this held credential or education entry, found by kind and id."""
        if isinstance(entry, HeldCredential):
            return self._with(
                credentials=[c for c in self.credentials if c.entry_id != entry.entry_id]
            )
        return self._with(ce_entries=[e for e in self.ce_entries if e.entry_id != entry.entry_id])

    def with_profile(self, **choices: object) -> LearnerRecord:
        """The record with these plan choices (program_type, plan_start, state) replaced."""
        return self._with(profile=self.profile.model_copy(update=choices))

    def with_class_choices(self, classroom: Classroom) -> LearnerRecord:
        """The record with a class's program type, start date and state where it has none.

        A class's setting never overrides a choice the learner made themselves.
        """
        profile = self.profile
        choices: dict[str, object] = {}
        if profile.program_type is None and classroom.program_type is not None:
            choices["program_type"] = classroom.program_type
            if profile.plan_start is None:
                choices["plan_start"] = classroom.start_date
        if profile.state is None and classroom.state is not None:
            choices["state"] = classroom.state
        return self.with_profile(**choices) if choices else self

    def with_check_off_log(self, log: Sequence[CheckOffEntry]) -> LearnerRecord:
        """The record with its check-off log grown to `log`, which must keep every entry as is.

        The log is append-only: a `log` that drops, reorders or changes an earlier entry is
        refused (ValueError), so no write can rewrite who checked what off.
        """
        return self._with(check_offs=_grown(self.check_offs, log, "check-off"))

    def with_verification_log(self, log: Sequence[RequirementVerification]) -> LearnerRecord:
        """The record with its verification log grown to `log`; append-only as the check-offs."""
        return self._with(verifications=_grown(self.verifications, log, "verification"))

    def with_hours(self, entries: Sequence[HourEntry]) -> LearnerRecord:
        """The record with its externship hours replaced by `entries` (see `pathway.verifying`)."""
        return self._with(hours=list(entries))

    def with_evidence(self, evidence: EvidenceRecord) -> LearnerRecord:
        """The record with one more evidence file listed (the storage writes its bytes first)."""
        return self._with(evidence=[*self.evidence, evidence])

    def without_evidence(self, evidence_id: str) -> LearnerRecord:
        """The record no longer listing this evidence file (the storage then deletes its bytes)."""
        return self._with(evidence=[e for e in self.evidence if e.evidence_id != evidence_id])

    def imported_over(self, current: LearnerRecord) -> LearnerRecord:
        """The record imported by a learner, keeping what only an instructor may say.

        A file the learner can edit must never bring in a check-off, a verification or an
        approval: the check-off and verification logs stay the server's own (the file's are
        ignored), and the file's hour entries come in unapproved, unless the server approved
        that very entry unchanged. The evidence list stays the server's too: it names files
        only the storage holds, so a file's list would point at nothing or drop files still on disk.
        """
        approved = {entry for entry in current.hours if entry.approved}
        hours = [
            entry if entry in approved else entry.model_copy(update={"approved": False})
            for entry in self.hours
        ]
        return self._with(
            check_offs=current.check_offs,
            verifications=current.verifications,
            hours=hours,
            evidence=current.evidence,
        )

    def _with(self, **update: object) -> LearnerRecord:
        """A copy with `update` applied, validated as a record read from a file is.

        Through a dump: `model_copy(update=...)` alone would skip every field rule.
        """
        return LearnerRecord.model_validate(self.model_copy(update=update).model_dump(mode="json"))


_Entry = TypeVar("_Entry")


def _grown(kept: list[_Entry], log: Sequence[_Entry], what: str) -> list[_Entry]:
    """`log` as a list, if it starts with every entry of `kept` unchanged; ValueError if not.

    So no write can drop, reorder or rewrite a line of an append-only log.
    """
    if list(log[: len(kept)]) != kept:
        raise ValueError(f"The {what} log only grows: earlier entries cannot change.")
    return list(log)


def replaced_by(record: LearnerRecord) -> Callable[[LearnerRecord], LearnerRecord]:
    """A change (`Storage.change`) putting `record` in place of what is stored: imports, demos."""
    return lambda _stored: record


class Classroom(BaseModel):
    """A class an instructor teaches; learners join it with its code."""

    model_config = ConfigDict(frozen=True)

    class_id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    name: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=CLASS_NAME_MAX_LENGTH),
    ]
    start_date: date
    program_type: str | None = None
    state: str | None = None
    owner_id: str
    join_code: str
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    hours_target: Annotated[int, Field(strict=True, ge=1, le=HOURS_TARGET_MAX)] | None = None
    """Externship hours this class aims for; None means the content's target (160)."""

    def changed_by(self, change: Callable[[Classroom], Classroom]) -> Classroom:
        """The class after `change`, validated; the id, owner and join code cannot change.

        Who may see whose learners rests on those three, so a storage's `update_class` refuses
        (ValueError) a change of any of them.
        """
        after = Classroom.model_validate(change(self).model_dump(mode="json"))
        fixed = ("class_id", "owner_id", "join_code")
        if any(getattr(after, name) != getattr(self, name) for name in fixed):
            raise ValueError("A class's id, owner and join code cannot change.")
        return after


class Membership(BaseModel):
    """A learner's place in a class."""

    model_config = ConfigDict(frozen=True)

    class_id: str
    user_id: str
    joined_at: datetime = Field(default_factory=lambda: datetime.now(UTC))


_LOCATION_PART_LENGTH = 40


def first_problem(error: ValidationError) -> str:
    """The first value a record refused and why, on one line: "progress.req.x.state: Input ...".

    The location holds ids from the file itself, so each part is cut to a readable length and
    stripped of line breaks and control characters; the reason is pydantic's, without the value.
    """
    first = error.errors()[0]
    where = ".".join(shown_id(str(part)) for part in first["loc"]) or "record"
    return f"{where}: {' '.join(first['msg'].split())}"


def shown_id(text: str) -> str:
    """An id or name read from a file, for a message: one line, cut to a readable length."""
    shown = "".join(character if character.isprintable() else "?" for character in text)
    if len(shown) > _LOCATION_PART_LENGTH:
        return f"{shown[: _LOCATION_PART_LENGTH - 1]}…"
    return shown
