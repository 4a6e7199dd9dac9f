"""A demo data folder: one instructor, one class and learners at realistic, varied stages.

`python -m pathway demo --learners 30` lets a newcomer (and the benchmarks) see the cohort view
at once. Everything comes from a fixed seed, so two runs give the same class.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from pathway.auth import sign_up
from pathway.classes import create_class, join_class
from pathway.content.models import Content
from pathway.credentials import add_months
from pathway.progress import requirement_ids, task_ids
from pathway.records import (
    CEEntry,
    HeldCredential,
    ItemProgress,
    ItemState,
    LearnerProfile,
    SkillSnapshot,
)
from pathway.store import Store

INSTRUCTOR_USERNAME = "instructor"
DEMO_PASSPHRASE = "demo passphrase"
FIRST_NAMES = (
    "Maria",
    "James",
    "Aisha",
    "Wei",
    "Sofia",
    "Daniel",
    "Priya",
    "Lucas",
    "Amara",
    "Noah",
)
LAST_NAMES = (
    "Garcia",
    "Smith",
    "Okafor",
    "Chen",
    "Rossi",
    "Kim",
    "Patel",
    "Silva",
    "Nguyen",
    "Brown",
)


@dataclass(frozen=True)
class DemoClass:
    """What the demo created, for printing and for tests."""

    join_code: str
    learner_usernames: list[str]


def fill_demo(
    store: Store, content: Content, learners: int, today: date, seed: int = 42
) -> DemoClass:
    """Create the instructor, the class and `learners` learners with varied progress."""
    rng = random.Random(seed)
    instructor = sign_up(store, INSTRUCTOR_USERNAME, "Demo Instructor", DEMO_PASSPHRASE)
    store.set_role(INSTRUCTOR_USERNAME, "instructor")
    instructor = store.find_account(INSTRUCTOR_USERNAME) or instructor
    start = today - timedelta(weeks=20)
    classroom = create_class(
        store, instructor, "Medical Assisting — Demo Cohort", start, "program.diploma"
    )
    usernames = []
    for number in range(1, learners + 1):
        # Unique for the first 100 learners: the last name shifts with each ten.
        name = f"{FIRST_NAMES[number % 10]} {LAST_NAMES[(number // 10 + 3 * number) % 10]}"
        learner = sign_up(store, f"learner{number:03d}", name, DEMO_PASSPHRASE)
        join_class(store, learner, classroom.join_code)
        _fill_learner(store, content, learner.user_id, rng, today, start)
        usernames.append(learner.username)
    return DemoClass(classroom.join_code, usernames)


def _fill_learner(
    store: Store, content: Content, user_id: str, rng: random.Random, today: date, start: date
) -> None:
    stage = rng.random()  # how far along this learner is, 0 to 1
    last_seen = datetime.combine(today, datetime.min.time(), UTC) - timedelta(
        days=rng.choice([0, 1, 2, 3, 5, 8, 20])
    )
    ids = task_ids(content.roadmap.steps)
    requirements = requirement_ids(content.checklist.groups)
    done_tasks = int(len(ids) * stage * 0.6)
    for item_id in ids[:done_tasks]:
        store.save_progress(
            user_id,
            item_id,
            ItemProgress(state=ItemState.DONE, completed_on=today, updated_at=last_seen),
        )
    if done_tasks < len(ids):
        store.save_progress(
            user_id,
            ids[done_tasks],
            ItemProgress(state=ItemState.IN_PROGRESS, updated_at=last_seen),
        )
    for item_id in requirements:
        if rng.random() < stage * 0.8:
            store.save_progress(
                user_id,
                item_id,
                ItemProgress(state=ItemState.DONE, completed_on=today, updated_at=last_seen),
            )
    store.update_profile(
        user_id,
        lambda profile: LearnerProfile(
            program_type="program.diploma", plan_start=start, state="WA"
        ),
    )
    if rng.random() < 0.7:  # most hold a CPR card; some let it lapse
        store.add_entry(
            user_id,
            HeldCredential(
                credential_id="cred.bls", earned_on=add_months(today, -rng.choice([3, 12, 20, 26]))
            ),
        )
    for months_ago in (3, 0) if rng.random() < 0.8 else (0,):
        ratings = {
            skill.id: max(1, min(5, round(1 + stage * 3 + rng.uniform(-1, 1) - months_ago / 3)))
            for skill in content.skills.skills
        }
        taken_at = last_seen - timedelta(days=30 * months_ago)
        store.add_skill_snapshot(user_id, SkillSnapshot(taken_at=taken_at, ratings=ratings))
    if stage > 0.8:
        store.add_entry(
            user_id,
            CEEntry(
                completed_on=today - timedelta(days=30),
                title="Infection control update",
                amount=2,
                category="clinical",
            ),
        )
