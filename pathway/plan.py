"""The dated plan: when each roadmap step is planned, and which steps are overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from pathway.content.models import Roadmap, Step
from pathway.progress import step_state
from pathway.records import LearnerRecord


@dataclass(frozen=True)
class PlannedStep:
    """A step with the dates the plan gives it (end inclusive)."""

    step: Step
    starts_on: date
    ends_on: date


def planned_steps(roadmap: Roadmap, program_type_id: str, start: date) -> list[PlannedStep]:
    """Steps one after another from `start`; the program step lasts the chosen program's weeks.

    Raises ValueError naming the program type when the roadmap has none of that id.
    """
    weeks_by_type = {program.id: program.weeks for program in roadmap.program_types}
    if program_type_id not in weeks_by_type:
        raise ValueError(f"unknown program type '{program_type_id}'")
    program_weeks = weeks_by_type[program_type_id]
    planned, starts_on = [], start
    for step in roadmap.steps:
        weeks = program_weeks if step.plan_weeks == "program" else step.plan_weeks
        ends_on = starts_on + timedelta(weeks=weeks) - timedelta(days=1)
        planned.append(PlannedStep(step, starts_on, ends_on))
        starts_on = ends_on + timedelta(days=1)
    return planned


def overdue_step_ids(planned: list[PlannedStep], record: LearnerRecord, today: date) -> set[str]:
    """Ids of steps whose planned end has passed while they are still unresolved."""
    return {
        entry.step.id
        for entry in planned
        if entry.ends_on < today and not step_state(entry.step, record).resolved
    }


def learner_plan(roadmap: Roadmap, record: LearnerRecord) -> list[PlannedStep] | None:
    """The learner's plan, or None until they chose a known program type and a start date."""
    profile = record.profile
    known = {program.id for program in roadmap.program_types}
    if profile.plan_start is None or profile.program_type not in known:
        return None
    return planned_steps(roadmap, profile.program_type, profile.plan_start)
