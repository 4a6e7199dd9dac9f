"""A demo data folder: one instructor, one class and learners at realistic, varied stages.

`python -m pathway demo --learners 30` lets a newcomer (and the benchmarks) see the cohort view
at once. Everything comes from a fixed seed, so two runs give the same class.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from pathway.accounts import Account, hash_passphrase
from pathway.auth import add_account_with_hash
from pathway.classes import create_class, enrol
from pathway.content.models import Content
from pathway.credentials import add_months
from pathway.progress import requirement_ids, task_ids
from pathway.records import (
    CEEntry,
    CheckOffAction,
    CheckOffEntry,
    HeldCredential,
    HourEntry,
    ItemProgress,
    ItemState,
    LearnerProfile,
    LearnerRecord,
    RequirementVerification,
    SkillSnapshot,
    VerificationAction,
    replaced_by,
)
from pathway.storage import Storage

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
    store: Storage, content: Content, learners: int, today: date, seed: int = 42
) -> DemoClass:
    """Create the instructor, the class and `learners` learners with varied progress.

    Everyone shares the documented demo passphrase, so it is hashed once (one scrypt, not one
    per account), and each learner's record is written whole, in one write.
    """
    rng = random.Random(seed)
    demo_hash = hash_passphrase(DEMO_PASSPHRASE)
    instructor = add_account_with_hash(store, INSTRUCTOR_USERNAME, "Demo Instructor", demo_hash)
    store.update_account(INSTRUCTOR_USERNAME, lambda a: a.with_role("instructor"))
    instructor = store.find_account(INSTRUCTOR_USERNAME) or instructor
    start = today - timedelta(weeks=20)
    classroom = create_class(
        store, instructor, "Medical Assisting — Demo Cohort", start, "program.diploma"
    )
    added = []
    for number in range(1, learners + 1):
        # Unique for the first 100 learners: the last name shifts with each ten.
        name = f"{FIRST_NAMES[number % 10]} {LAST_NAMES[(number // 10 + 3 * number) % 10]}"
        learner = add_account_with_hash(store, f"learner{number:03d}", name, demo_hash)
        record = learner_record(content, rng, today, start, instructor)
        store.change(learner.user_id, replaced_by(record))
        added.append(learner)
    enrol(store, instructor, classroom.class_id, [learner.user_id for learner in added])
    return DemoClass(classroom.join_code, [learner.username for learner in added])


def learner_record(
    content: Content, rng: random.Random, today: date, start: date, evaluator: Account
) -> LearnerRecord:
    """One demo learner's made-up record: how far along they are is drawn from `rng`.

    `evaluator` is the instructor whose check-offs the record's competency log holds.

    Also what the benches fill their large classes with (bench/fixtures.py).
    """
    stage = rng.random()  # how far along this learner is, 0 to 1
    last_seen = datetime.combine(today, datetime.min.time(), UTC) - timedelta(
        days=rng.choice([0, 1, 2, 3, 5, 8, 20])
    )
    ids = task_ids(content.roadmap.steps)
    done = ItemProgress(state=ItemState.DONE, completed_on=today, updated_at=last_seen)
    done_tasks = int(len(ids) * stage * 0.6)
    progress = dict.fromkeys(ids[:done_tasks], done)
    if done_tasks < len(ids):
        progress[ids[done_tasks]] = ItemProgress(state=ItemState.IN_PROGRESS, updated_at=last_seen)
    for item_id in requirement_ids(content.checklist.groups):
        if rng.random() < stage * 0.8:
            progress[item_id] = done
    credentials = []
    if rng.random() < 0.7:  # most hold a CPR card; some let it lapse
        earned_on = add_months(today, -rng.choice([3, 12, 20, 26]))
        credentials.append(HeldCredential(credential_id="cred.bls", earned_on=earned_on))
    snapshots = []
    for months_ago in (3, 0) if rng.random() < 0.8 else (0,):
        ratings = {
            skill.id: max(1, min(5, round(1 + stage * 3 + rng.uniform(-1, 1) - months_ago / 3)))
            for skill in content.skills.skills
        }
        taken_at = last_seen - timedelta(days=30 * months_ago)
        snapshots.append(SkillSnapshot(taken_at=taken_at, ratings=ratings))
    ce_entries = []
    if stage > 0.8:
        ce_entries.append(
            CEEntry(
                completed_on=today - timedelta(days=30),
                title="Infection control update",
                amount=2,
                category="clinical",
            )
        )
    return LearnerRecord(
        progress=progress,
        snapshots=snapshots,
        credentials=credentials,
        ce_entries=ce_entries,
        profile=LearnerProfile(program_type="program.diploma", plan_start=start, state="WA"),
        check_offs=_check_off_log(content, stage, today, evaluator),
        hours=_externship_hours(stage, today),
        verifications=_verifications(content, progress, today, evaluator),
    )


DEMO_SITE, DEMO_SUPERVISOR = "Riverside Family Clinic", "Dr. Patel"


def _externship_hours(stage: float, today: date) -> list[HourEntry]:
    """Eight-hour externship days for a learner past halfway, the older half approved.

    Drawn from `stage` alone, not from the random source, so the other demo values stay as
    they were before hours were added.
    """
    days = int(max(0.0, stage - 0.5) * 40)
    return [
        HourEntry(
            worked_on=today - timedelta(days=days - number),
            site=DEMO_SITE,
            hours=8,
            supervisor=DEMO_SUPERVISOR,
            activities="Rooming patients, vital signs",
            approved=number < days // 2,
        )
        for number in range(days)
    ]


def _verifications(
    content: Content, progress: dict[str, ItemProgress], today: date, evaluator: Account
) -> list[RequirementVerification]:
    """The instructor's verification of every other verifiable item the learner has done.

    The rest stay self-reported, so the Verify page and the cohort's filter have work to show.
    """
    done = [
        item_id
        for item_id in content.competencies.verifiable
        if item_id in progress and progress[item_id].state is ItemState.DONE
    ]
    verified_at = datetime.combine(today, time(9), UTC)
    return [
        RequirementVerification(
            item_id=item_id,
            action=VerificationAction.VERIFIED,
            actor_id=evaluator.user_id,
            actor_name=evaluator.display_name,
            recorded_at=verified_at,
        )
        for item_id in done[::2]
    ]


def _check_off_log(
    content: Content, stage: float, today: date, evaluator: Account
) -> list[CheckOffEntry]:
    """Check-offs for the first competencies a learner this far along has shown, a week apart."""
    competencies = content.competencies.competencies
    shown = int(len(competencies) * stage * 0.7)
    log = []
    for position, competency in enumerate(competencies[:shown]):
        checked_on = today - timedelta(days=7 * (shown - position))
        log.append(
            CheckOffEntry(
                competency_id=competency.id,
                action=CheckOffAction.CHECKED_OFF,
                actor_id=evaluator.user_id,
                actor_name=evaluator.display_name,
                recorded_at=datetime.combine(checked_on, time(16), UTC),
                checked_on=checked_on,
            )
        )
    return log
