"""Skill ratings: validating a new set of ratings and reading growth from the snapshots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pathway.content.models import SkillSet
from pathway.records import HIGHEST_RATING, LOWEST_RATING, LearnerRecord, SkillSnapshot


@dataclass(frozen=True)
class SkillRow:
    """One skill's numbers, as shown in the table beside the radar."""

    skill_id: str
    name: str
    target: int
    rating: int | None
    first_rating: int | None

    @property
    def gap(self) -> int | None:
        """How far the latest rating is below the target (0 when met), None if unrated."""
        return None if self.rating is None else max(self.target - self.rating, 0)


def new_snapshot(skills: SkillSet, ratings: dict[str, int | None], now: datetime) -> SkillSnapshot:
    """A snapshot of the rated skills; unrated ones are left out, unknown ids are refused."""
    known = {skill.id for skill in skills.skills}
    unknown = sorted(set(ratings) - known)
    if unknown:
        raise ValueError(f"Unknown skill ids: {', '.join(unknown)}")
    rated = {skill_id: value for skill_id, value in ratings.items() if value is not None}
    for skill_id, value in rated.items():
        if not LOWEST_RATING <= value <= HIGHEST_RATING:
            raise ValueError(f"Rating for {skill_id} must be 1 to 5, got {value}")
    return SkillSnapshot(taken_at=now, ratings=rated)


def latest_ratings(record: LearnerRecord) -> dict[str, int]:
    """The most recent saved ratings, or nothing when the learner never rated."""
    return record.snapshots[-1].ratings if record.snapshots else {}


def first_ratings(record: LearnerRecord) -> dict[str, int]:
    """The first saved ratings, the baseline for the growth view."""
    return record.snapshots[0].ratings if record.snapshots else {}


def skill_rows(skills: SkillSet, record: LearnerRecord) -> list[SkillRow]:
    """Target, latest and first rating of every skill, in content order."""
    latest, first = latest_ratings(record), first_ratings(record)
    return [
        SkillRow(skill.id, skill.name, skill.target, latest.get(skill.id), first.get(skill.id))
        for skill in skills.skills
    ]


def skills_at_target(rows: list[SkillRow]) -> int:
    """How many skills are rated at or above their target."""
    return sum(row.gap == 0 for row in rows)


@dataclass(frozen=True)
class ClassSkill:
    """One skill across a class: the target, the average of latest ratings, and the spread."""

    name: str
    target: int
    average: float | None
    lowest: int | None
    highest: int | None
    rated_by: int


def class_skills(skills: SkillSet, records: list[LearnerRecord]) -> list[ClassSkill]:
    """Per skill, the class's latest ratings summarised; learners who never rated it are skipped."""
    latest = [latest_ratings(record) for record in records]
    summary = []
    for skill in skills.skills:
        ratings = [ratings[skill.id] for ratings in latest if skill.id in ratings]
        summary.append(
            ClassSkill(
                name=skill.name,
                target=skill.target,
                average=round(sum(ratings) / len(ratings), 2) if ratings else None,
                lowest=min(ratings, default=None),
                highest=max(ratings, default=None),
                rated_by=len(ratings),
            )
        )
    return summary
