"""Progress rules: how far a learner is along the roadmap and the checklist, and what is due.

Only ids present in the content count; stored progress for ids that were removed from
`roadmap_data/` is kept in the record but ignored here. Skipped counts as resolved, except on
an optional step or requirement that the learner's state makes required (`states.yaml`,
`requires`): there a stored skip counts as not started, as it cannot be skipped there.
Every state shown or counted comes from `counted_record`, which also applies the links between
tasks, requirements and credentials (`pathway.links`): one fact, one state in every view.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pathway.content.models import Content, Phase, Requirement, RequirementGroup, Step, Task
from pathway.links import linked_record, task_requirements, with_linked_partners
from pathway.records import ItemState, LearnerRecord

DUE_SOON_DAYS = 30
"""Items whose target date is at most this many days away are listed as due soon."""


@dataclass(frozen=True)
class Completion:
    """How many of a set of items are resolved (done or skipped)."""

    resolved: int
    total: int

    @property
    def fraction(self) -> float:
        """Resolved share from 0.0 to 1.0; an empty set counts as complete."""
        return self.resolved / self.total if self.total else 1.0

    @property
    def percent(self) -> int:
        """The share as a whole percentage, rounded down so 100% means truly all."""
        # Integer arithmetic: int(0.29 * 100) is 28, so the float share would lose a point.
        return self.resolved * 100 // self.total if self.total else 100


@dataclass(frozen=True)
class PhaseProgress:
    """Progress through the tasks of one roadmap phase."""

    phase: Phase
    completion: Completion


@dataclass(frozen=True)
class NextAction:
    """The first unresolved step and, within it, the first unresolved task."""

    step: Step
    task: Task


@dataclass(frozen=True)
class DueItem:
    """An unresolved item with a target date that has passed or is near."""

    item_id: str
    title: str
    due_on: date
    days_left: int

    @property
    def overdue(self) -> bool:
        """True once the target date is in the past."""
        return self.days_left < 0


def required_in_state(content: Content, state: str | None) -> frozenset[str]:
    """Ids of the optional steps (with their tasks) and requirements `state` makes required.

    A linked task and requirement are one fact, so either being required makes both required.
    """
    note = content.states.note_for(state) if state else None
    if note is None:
        return frozenset()
    required = set(note.requires)
    required |= {
        task.id for step in content.roadmap.steps if step.id in required for task in step.tasks
    }
    return with_linked_partners(content, frozenset(required))


def is_optional_for(item: Step | Requirement, required: frozenset[str]) -> bool:
    """Whether the learner may skip `item`: optional in the content, not required in the state."""
    return item.optional and item.id not in required


def as_counted(record: LearnerRecord, required: frozenset[str]) -> LearnerRecord:
    """The record as the progress rules count it: a skip of a required item counts as not started.

    The stored record is untouched (a learner who moves to another state gets the skip back);
    only what is counted and shown as the item's effect changes.
    """
    unskipped = {
        item_id: progress.model_copy(update={"state": ItemState.NOT_STARTED})
        for item_id, progress in record.progress.items()
        if item_id in required and progress.state is ItemState.SKIPPED
    }
    if not unskipped:
        return record
    return record.model_copy(update={"progress": {**record.progress, **unskipped}})


def counted_record(content: Content, record: LearnerRecord, today: date) -> LearnerRecord:
    """The record as every view shows and counts it: the one rule of an item's state.

    `as_counted` with the requirements of the learner's own state (`profile.state`), then the
    links of `pathway.links.linked_record` (a credential valid on `today` ticks its requirement;
    a linked task shows its requirement's state).
    """
    counted = as_counted(record, required_in_state(content, record.profile.state))
    return linked_record(content, counted, today)


def completion(item_ids: list[str], record: LearnerRecord) -> Completion:
    """Completion of the given items in the learner's record."""
    resolved = sum(record.item(item_id).state.resolved for item_id in item_ids)
    return Completion(resolved=resolved, total=len(item_ids))


def step_state(step: Step, record: LearnerRecord) -> ItemState:
    """A step's state follows from its tasks: all skipped, all resolved, any begun, or none."""
    states = [record.item(task.id).state for task in step.tasks]
    if all(state is ItemState.SKIPPED for state in states):
        return ItemState.SKIPPED
    if all(state.resolved for state in states):
        return ItemState.DONE
    if any(state is not ItemState.NOT_STARTED for state in states):
        return ItemState.IN_PROGRESS
    return ItemState.NOT_STARTED


def task_ids(steps: list[Step]) -> list[str]:
    """Ids of every task in the given steps, in order."""
    return [task.id for step in steps for task in step.tasks]


def requirement_ids(groups: list[RequirementGroup]) -> list[str]:
    """Ids of every requirement in the given groups, in order."""
    return [item.id for group in groups for item in group.items]


def roadmap_progress(content: Content, record: LearnerRecord, today: date) -> Completion:
    """Completion of all roadmap tasks."""
    return completion(task_ids(content.roadmap.steps), counted_record(content, record, today))


def checklist_progress(content: Content, record: LearnerRecord, today: date) -> Completion:
    """Completion of all requirement checklist items."""
    counted = counted_record(content, record, today)
    return completion(requirement_ids(content.checklist.groups), counted)


def overall_progress(content: Content, record: LearnerRecord, today: date) -> Completion:
    """Completion of every trackable item: roadmap tasks and requirements together."""
    return completion(trackable_ids(content), counted_record(content, record, today))


def trackable_ids(content: Content) -> list[str]:
    """Ids of every roadmap task, then every requirement: what overall progress counts."""
    return task_ids(content.roadmap.steps) + requirement_ids(content.checklist.groups)


def phase_progress(content: Content, record: LearnerRecord, today: date) -> list[PhaseProgress]:
    """Completion of each roadmap phase's tasks, in roadmap order."""
    record = counted_record(content, record, today)
    return [
        PhaseProgress(
            phase=phase,
            completion=completion(
                task_ids([s for s in content.roadmap.steps if s.phase == phase.id]), record
            ),
        )
        for phase in content.roadmap.phases
    ]


def next_action(content: Content, record: LearnerRecord, today: date) -> NextAction | None:
    """What to do next, or None when every step is resolved."""
    record = counted_record(content, record, today)
    for step in content.roadmap.steps:
        for task in step.tasks:
            if not record.item(task.id).state.resolved:
                return NextAction(step=step, task=task)
    return None


def item_titles(content: Content) -> dict[str, str]:
    """Every trackable item's id and the title people know it by."""
    titles = {
        task.id: f"Step {step.number}: {task.text}"
        for step in content.roadmap.steps
        for task in step.tasks
    }
    titles |= {item.id: item.title for group in content.checklist.groups for item in group.items}
    return titles


def fact_titles(content: Content) -> dict[str, str]:
    """`item_titles` with each fact once: a linked task is listed as its requirement only."""
    linked = task_requirements(content)
    titles = item_titles(content).items()
    return {item_id: title for item_id, title in titles if item_id not in linked}


def due_items(content: Content, record: LearnerRecord, today: date) -> list[DueItem]:
    """Unresolved items that are overdue or due within DUE_SOON_DAYS, soonest first.

    A linked task and its requirement share one target date, listed once (`fact_titles`).
    """
    record = counted_record(content, record, today)
    due = []
    for item_id, title in fact_titles(content).items():
        progress = record.item(item_id)
        if progress.due_on is None or progress.state.resolved:
            continue
        days_left = (progress.due_on - today).days
        if days_left <= DUE_SOON_DAYS:
            due.append(DueItem(item_id, title, progress.due_on, days_left))
    return sorted(due, key=lambda item: item.due_on)
