"""Specifies skill ratings: what a new snapshot accepts, and how growth is read from snapshots.

Ratings run from 1 to 5; unrated skills are left out of a snapshot, unknown skill ids are
refused. The skill set is built directly from the models.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pathway.content.models import Skill, SkillSet
from pathway.records import LearnerRecord, SkillSnapshot
from pathway.skills import (
    SkillRow,
    class_skills,
    first_ratings,
    latest_ratings,
    new_snapshot,
    skill_rows,
    skills_at_target,
)

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def skills() -> SkillSet:
    """Three skills with targets 3, 4 and 2, in this order."""
    return SkillSet(
        levels={1: "New", 2: "Learning", 3: "Able", 4: "Confident", 5: "Teaching"},
        target_profile="Entry level.",
        skills=[
            Skill(id="skill.vitals", name="Vital signs", description="Pulse, BP.", target=3),
            Skill(id="skill.charting", name="Charting", description="EHR notes.", target=4),
            Skill(id="skill.phlebotomy", name="Phlebotomy", description="Draws.", target=2),
        ],
    )


def history(*ratings: dict[str, int]) -> LearnerRecord:
    """A record whose snapshots hold these ratings, oldest first, a month apart."""
    return LearnerRecord(
        snapshots=[
            SkillSnapshot(taken_at=datetime(2025, month, 1, tzinfo=UTC), ratings=rated)
            for month, rated in enumerate(ratings, start=1)
        ]
    )


# New snapshots ----------------------------------------------------------------------------


def test_new_snapshot_keeps_ratings_and_time(skills: SkillSet) -> None:
    snapshot = new_snapshot(skills, {"skill.vitals": 2, "skill.charting": 5}, NOW)

    assert snapshot == SkillSnapshot(taken_at=NOW, ratings={"skill.vitals": 2, "skill.charting": 5})


def test_new_snapshot_leaves_out_unrated_skills(skills: SkillSet) -> None:
    snapshot = new_snapshot(skills, {"skill.vitals": 1, "skill.charting": None}, NOW)

    assert snapshot.ratings == {"skill.vitals": 1}


def test_new_snapshot_refuses_unknown_skill_ids(skills: SkillSet) -> None:
    with pytest.raises(ValueError, match=r"Unknown skill ids: skill\.cooking, skill\.typing"):
        new_snapshot(skills, {"skill.typing": 3, "skill.vitals": 3, "skill.cooking": None}, NOW)


@pytest.mark.parametrize("rating", [0, 6, -1])
def test_new_snapshot_refuses_ratings_outside_1_to_5(skills: SkillSet, rating: int) -> None:
    with pytest.raises(ValueError, match=rf"skill\.vitals must be 1 to 5, got {rating}"):
        new_snapshot(skills, {"skill.vitals": rating}, NOW)


def test_new_snapshot_accepts_both_ends_of_the_scale(skills: SkillSet) -> None:
    snapshot = new_snapshot(skills, {"skill.vitals": 1, "skill.charting": 5}, NOW)

    assert snapshot.ratings == {"skill.vitals": 1, "skill.charting": 5}


# Reading the snapshots --------------------------------------------------------------------


def test_learner_who_never_rated_has_no_ratings() -> None:
    assert (latest_ratings(LearnerRecord()), first_ratings(LearnerRecord())) == ({}, {})


def test_latest_ratings_are_the_last_snapshot() -> None:
    learner = history({"skill.vitals": 1}, {"skill.vitals": 2}, {"skill.vitals": 4})

    assert latest_ratings(learner) == {"skill.vitals": 4}


def test_first_ratings_are_the_first_snapshot() -> None:
    learner = history({"skill.vitals": 1}, {"skill.vitals": 2}, {"skill.vitals": 4})

    assert first_ratings(learner) == {"skill.vitals": 1}


def test_skill_rows_follow_content_order_with_latest_and_first(skills: SkillSet) -> None:
    learner = history(
        {"skill.phlebotomy": 1, "skill.vitals": 2},
        {"skill.phlebotomy": 3, "skill.vitals": 2, "skill.charting": 4},
    )

    assert skill_rows(skills, learner) == [
        SkillRow("skill.vitals", "Vital signs", target=3, rating=2, first_rating=2),
        SkillRow("skill.charting", "Charting", target=4, rating=4, first_rating=None),
        SkillRow("skill.phlebotomy", "Phlebotomy", target=2, rating=3, first_rating=1),
    ]


def test_skill_rows_ignore_ratings_of_skills_no_longer_in_the_content(skills: SkillSet) -> None:
    learner = history({"skill.retired": 5, "skill.vitals": 3})

    assert [row.skill_id for row in skill_rows(skills, learner)] == [
        "skill.vitals",
        "skill.charting",
        "skill.phlebotomy",
    ]


@pytest.mark.parametrize(
    ("target", "rating", "gap"), [(4, 1, 3), (4, 3, 1), (4, 4, 0), (2, 5, 0), (3, None, None)]
)
def test_gap_is_how_far_the_rating_is_below_target(
    target: int, rating: int | None, gap: int | None
) -> None:
    assert SkillRow("skill.x", "X", target, rating, None).gap == gap


def test_skills_at_target_counts_ratings_at_or_above_target(skills: SkillSet) -> None:
    learner = history({"skill.vitals": 3, "skill.charting": 3, "skill.phlebotomy": 5})

    assert skills_at_target(skill_rows(skills, learner)) == 2


def test_unrated_skills_are_not_at_target(skills: SkillSet) -> None:
    assert skills_at_target(skill_rows(skills, LearnerRecord())) == 0


def test_class_skills_average_only_the_learners_who_rated() -> None:
    skills = SkillSet(
        levels={1: "a", 2: "b", 3: "c", 4: "d", 5: "e"},
        target_profile="t",
        skills=[Skill(id=f"skill.{n}", name=n, description="d", target=3) for n in "xyz"],
    )
    now = datetime(2027, 1, 1, tzinfo=UTC)
    records = [
        LearnerRecord(snapshots=[SkillSnapshot(taken_at=now, ratings={"skill.x": 2})]),
        LearnerRecord(
            snapshots=[SkillSnapshot(taken_at=now, ratings={"skill.x": 5, "skill.y": 1})]
        ),
        LearnerRecord(),
    ]
    x, y, z = class_skills(skills, records)
    assert (x.average, x.lowest, x.highest, x.rated_by) == (3.5, 2, 5, 2)
    assert (y.average, y.rated_by) == (1.0, 1)
    assert (z.average, z.lowest, z.rated_by) == (None, None, 0)
