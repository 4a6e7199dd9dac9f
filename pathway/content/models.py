"""Typed models of everything in `roadmap_data/`.

The YAML files are validated into these once at start-up, so pages can trust every field.
Ids are stable strings (`step.research`, `req.cpr.card`): stored progress is keyed by them,
so editing a title never orphans a learner's ticks.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

ItemId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")]
"""A dotted, lower-case id such as `req.cpr.card`; the first part names the kind of item."""

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Strict(BaseModel):
    """Base for content models: unknown fields are errors, so typos in YAML keys are caught."""

    model_config = ConfigDict(extra="forbid", frozen=True)


Url = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^https?://[^\s]+$")]
"""A web address (http or https), so a source can be opened and checked again."""


class Source(Strict):
    """Where an outside fact was read (`url`), on which day (`as_of`), and what to verify.

    `verify` is shown beside the fact: it is set where the fact could not be confirmed at the
    issuer's own page (a secondary source), and says whom to check with.
    """

    title: Text
    url: Url
    as_of: date
    """The day the source was read, as YYYY-MM-DD."""
    verify: str = ""


class Fact(Strict):
    """One statement from outside the source article, with its source and the day it was read."""

    text: Text
    source: Source


class Phase(Strict):
    """A stretch of the roadmap (explore, train, ...) that the dashboard reports on."""

    id: ItemId
    title: Text
    summary: Text


class Task(Strict):
    """One thing to do within a roadmap step; learners set its state."""

    id: ItemId
    text: Text
    requirement: ItemId | None = None
    """A requirement in checklist.yaml that is the same fact as this task: the task shows the
    requirement's state, and setting the task records it on the requirement (pathway/links.py)."""


class Step(Strict):
    """One of the twelve roadmap steps."""

    id: ItemId
    number: int = Field(ge=1)
    title: Text
    phase: ItemId
    summary: Text
    duration: Text
    duration_from: Literal["estimate", "article"] = "estimate"
    """Whether `duration` is MA Pathway's own estimate or the source article's figure."""
    done_when: Text
    optional: bool = False
    kind: Literal["externship"] | None = None
    """Set on the one step a cohort rule reads (pathway/cohort.py), so no rule names an id."""
    plan_weeks: Annotated[int, Field(ge=1, le=260)] | Literal["program"]
    """Weeks the dated plan gives the step, or "program" for the chosen program's length."""
    tasks: list[Task] = Field(min_length=1)
    facts: list[Fact] = Field(default_factory=list)


class ProgramType(Strict):
    """A kind of medical assistant program, with the length the dated plan assumes."""

    id: ItemId
    name: Text
    typical: Text
    weeks: int = Field(ge=1, le=260)


class Roadmap(Strict):
    """The ordered path from curious to certified, and the program types a plan can assume."""

    program_types: list[ProgramType] = Field(min_length=1)
    phases: list[Phase] = Field(min_length=1)
    steps: list[Step] = Field(min_length=1)


class Requirement(Strict):
    """One checkable requirement: the learner records its state, dates and a note."""

    id: ItemId
    title: Text
    detail: Text
    optional: bool = False
    credential: ItemId | None = None
    """A credential in credentials.yaml that satisfies this requirement (the CPR card): held and
    unexpired, it makes the requirement done on the day it was earned (pathway/links.py)."""
    kind: Literal["background_check"] | None = None
    """Set on the one requirement a cohort rule reads (pathway/cohort.py)."""
    facts: list[Fact] = Field(default_factory=list)
    """What programs, sites or regulators set for this item, each with its source."""


class RequirementGroup(Strict):
    """A heading of the requirement checklist (education, CPR, ...) and its items."""

    id: ItemId
    title: Text
    summary: Text
    items: list[Requirement] = Field(min_length=1)


class Checklist(Strict):
    """The requirement checklist, in display order."""

    groups: list[RequirementGroup] = Field(min_length=1)


class Skill(Strict):
    """A skill the learner rates from 1 to 5, with the entry-level target."""

    id: ItemId
    name: Text
    description: Text
    target: int = Field(ge=1, le=5)


class SkillSet(Strict):
    """The skills rated on the radar, and the words for each rating level."""

    levels: dict[int, Text]
    target_profile: Text
    skills: list[Skill] = Field(min_length=3)


class Duty(Strict):
    """One duty of a medical assistant."""

    title: Text
    detail: Text


class DutyArea(Strict):
    """A group of duties (administrative, clinical, ...)."""

    id: ItemId
    title: Text
    duties: list[Duty] = Field(min_length=1)


class Specialty(Strict):
    """An area a medical assistant may specialise in."""

    id: ItemId
    name: Text
    detail: Text


class Question(Strict):
    """A frequently asked question and its answer."""

    id: ItemId
    question: Text
    answer: list[Text] = Field(min_length=1)


FIGURE_VALUE_MAX_LENGTH = 14
"""Longest figure value: the Learn page shows four side by side, and a longer one was cut off."""


class Figure(Strict):
    """A number shown to users (pay, growth), with the period it covers and its source."""

    id: ItemId
    label: Text
    value: Annotated[Text, StringConstraints(max_length=FIGURE_VALUE_MAX_LENGTH)]
    """The number itself ("+12%"); what qualifies it goes in `detail`."""
    detail: str = ""
    """A few words shown under the number: an hourly rate, how it compares."""
    period: Text
    """What the number covers, e.g. "May 2025" for a wage survey or "2024–34" for a projection."""
    source: Source


class Learn(Strict):
    """The reading pages: what an MA is, duties, specialties, FAQ and figures."""

    about: list[Text] = Field(min_length=1)
    duty_areas: list[DutyArea] = Field(min_length=1)
    scope_note: Text
    specialties: list[Specialty] = Field(min_length=1)
    faq: list[Question] = Field(min_length=1)
    figures: list[Figure] = Field(min_length=1)


class Validity(Strict):
    """How long a credential stays valid once earned."""

    months: int = Field(ge=1, le=120)
    counts_from: Literal["end_of_month", "date"]


class ContinuingEducationRule(Strict):
    """What renewing a credential by continuing education takes, within one cycle."""

    cycle_months: int = Field(ge=1, le=120)
    total: float = Field(gt=0)
    unit: Text
    category_minimums: dict[str, float] = Field(default_factory=dict)
    approved_minimum: float = Field(default=0, ge=0)
    approved_label: str = ""


class LapseRule(Strict):
    """How long after expiry a credential can still be renewed the usual way, and then what."""

    after_days: int = Field(ge=0, le=3650)
    """Expired for more than this many days, the credential can no longer be renewed by CE."""
    consequence: Text
    source: Source


class Credential(Strict):
    """A credential (CPR card, certification) with its validity and renewal rules.

    `source` backs the validity, renewal and continuing education rule; `eligibility` and
    `upkeep` are further facts, each with its own source.
    """

    id: ItemId
    name: Text
    kind: Literal["cpr", "certification"]
    validity: Validity
    renewal: Text
    continuing_education: ContinuingEducationRule | None = None
    source: Source
    eligibility: list[Fact] = Field(default_factory=list)
    upkeep: list[Fact] = Field(default_factory=list)
    lapse: LapseRule | None = None


class CredentialSet(Strict):
    """Every credential the app tracks, and the continuing education categories."""

    ce_categories: list[Text] = Field(min_length=1)
    credentials: list[Credential] = Field(min_length=1)


StateCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]


class StateNote(Strict):
    """What is known of one state's rules, each note sourced, and what the state makes required."""

    notes: list[Fact] = Field(min_length=1)
    requires: list[ItemId] = Field(default_factory=list)
    """Optional steps or requirements that are not optional for learners in this state."""


class StateNotes(Strict):
    """Per-state notes on medical assistants' scope, with a default for every other state."""

    disclaimer: Text
    default_note: Text
    notes: dict[StateCode, StateNote]
    states: dict[StateCode, Text] = Field(min_length=1)

    def note_for(self, state: str) -> StateNote | None:
        """The note kept for `state`, or None where the default note applies."""
        return self.notes.get(state)


AreaCode = Annotated[str, StringConstraints(pattern=r"^[IVX]{1,5}$")]
"""A competency area's code, a Roman numeral (I to XII) as in the MAERB core curriculum."""


class CompetencyArea(Strict):
    """A content area of the core curriculum (anatomy and physiology, infection control, ...)."""

    code: AreaCode
    title: Text


class Competency(Strict):
    """A skill or behaviour an instructor checks a learner off on, in one area.

    Psychomotor competencies are procedures shown with the hands; affective ones are attitudes
    (empathy, tact, respect) the instructor observes while the learner works.
    """

    id: ItemId
    title: Text
    area: AreaCode
    domain: Literal["psychomotor", "affective"]
    source: Source


class ExternshipTarget(Strict):
    """The externship hours a class aims for unless its instructor sets another target."""

    hours: int = Field(ge=1, le=2000)
    source: Source


class CompetencySet(Strict):
    """The competencies checked off by instructors, the externship target, and what they verify.

    `verifiable` lists the checklist items (CPR card, immunizations, ...) whose tick stays
    "self-reported" until an instructor verifies it against evidence.
    """

    areas: list[CompetencyArea] = Field(min_length=1)
    competencies: list[Competency] = Field(min_length=1)
    externship: ExternshipTarget
    verifiable: list[ItemId] = Field(min_length=1)


class Content(Strict):
    """All content of the app, validated and cross-checked."""

    roadmap: Roadmap
    checklist: Checklist
    skills: SkillSet
    learn: Learn
    credentials: CredentialSet
    states: StateNotes
    competencies: CompetencySet
