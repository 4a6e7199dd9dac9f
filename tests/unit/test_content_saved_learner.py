"""Specifies that a learner saved under the content before issue 12 keeps everything after it.

`tests/fixtures/learner_saved_before_issue_12.json` is a learner file written by the real Store
under the content of main at 9d6353c, before the content change: a Washington learner with every
task and requirement of that content set (done, in progress, not started, or skipped on the
optional ones), skill ratings, a CMA from 2021, a CPR card and a CE entry. Progress is keyed by
ids, so the change must not rename one; these tests load that file with today's content.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from pathway.content import Content
from pathway.credentials import credential_statuses
from pathway.links import recorded_under
from pathway.progress import (
    Completion,
    checklist_progress,
    item_titles,
    required_in_state,
    roadmap_progress,
)
from pathway.records import ItemState, LearnerRecord
from pathway.store import Store
from tests.storage import learner_file

FIXTURE = Path(__file__).parents[1] / "fixtures" / "learner_saved_before_issue_12.json"
USER_ID = "0123456789abcdef0123456789abcdef"
READ_ON = date(2026, 12, 2)
SAVED = json.loads(FIXTURE.read_text(encoding="utf-8"))
SAVED_PROGRESS = {row["item_id"]: row for row in SAVED["progress"].values()}


@pytest.fixture
def saved(store: Store) -> LearnerRecord:
    """The fixture learner, read by the real Store from a copy of the saved file."""
    path = learner_file(store.data_dir, USER_ID)
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURE, path)
    return store.read(USER_ID)


def test_every_saved_item_id_still_exists_in_the_content(content: Content) -> None:
    missing = sorted(set(SAVED_PROGRESS) - set(item_titles(content)))
    assert not missing, f"ids renamed or removed: {missing}"


def test_every_saved_skill_and_credential_id_still_exists(content: Content) -> None:
    skills = {skill.id for skill in content.skills.skills}
    credentials = {credential.id for credential in content.credentials.credentials}
    (snapshot,) = SAVED["skill_snapshots"].values()
    assert set(snapshot["ratings"]) <= skills
    assert {row["credential_id"] for row in SAVED["credentials"].values()} <= credentials


def test_saved_states_dates_and_notes_load_unchanged(saved: LearnerRecord) -> None:
    for item_id, row in SAVED_PROGRESS.items():
        progress = saved.item(item_id)
        assert progress.state == row["state"], item_id
        assert progress.note == row["note"], item_id
        assert (progress.due_on and progress.due_on.isoformat()) == row["due_on"], item_id


def test_new_requirements_start_as_not_started(content: Content, saved: LearnerRecord) -> None:
    new_ids = set(item_titles(content)) - set(SAVED_PROGRESS)
    assert "req.pre_externship.hepatitis_b" in new_ids
    assert all(saved.item(item_id).state is ItemState.NOT_STARTED for item_id in new_ids)


def saved_state(content: Content, item_id: str) -> str | None:
    """The state saved for the fact `item_id` shows: a linked task's is its requirement's.

    The file saved a task and its requirement at the same moment, so the requirement wins.
    """
    fact = recorded_under(content, item_id)
    row = SAVED_PROGRESS.get(fact) or SAVED_PROGRESS.get(item_id)
    return row["state"] if row else None


def resolved_in_washington(content: Content, ids: list[str]) -> int:
    """How many of `ids` the saved record resolves once skips of WA-required items stop counting."""
    required = required_in_state(content, "WA")
    states = {item_id: saved_state(content, item_id) for item_id in ids}
    return sum(
        state == "done" or (state == "skipped" and item_id not in required)
        for item_id, state in states.items()
    )


def test_saved_skips_of_the_washington_certification_step_no_longer_count(
    content: Content, saved: LearnerRecord
) -> None:
    task_ids = [task.id for step in content.roadmap.steps for task in step.tasks]
    certify = next(step for step in content.roadmap.steps if step.id == "step.certify")
    assert all(SAVED_PROGRESS[task.id]["state"] == "skipped" for task in certify.tasks)

    progress = roadmap_progress(content, saved, READ_ON)

    assert progress == Completion(resolved_in_washington(content, task_ids), len(task_ids))
    assert progress.resolved < sum(
        SAVED_PROGRESS[task_id]["state"] in ("done", "skipped") for task_id in task_ids
    )


def test_saved_checklist_counts_under_the_new_items_and_washington_rules(
    content: Content, saved: LearnerRecord
) -> None:
    ids = [item.id for group in content.checklist.groups for item in group.items]
    assert SAVED_PROGRESS["req.cpr.card"]["state"] == "in_progress"
    cpr_card_done = 1  # the BLS card saved in June 2025 is valid on READ_ON: it ticks the item

    assert checklist_progress(content, saved, READ_ON) == Completion(
        resolved_in_washington(content, ids) + cpr_card_done, len(ids)
    )


def test_saved_cma_from_2021_now_must_be_retaken_by_exam(
    content: Content, saved: LearnerRecord
) -> None:
    statuses = credential_statuses(content.credentials, saved, READ_ON)
    cma = next(status for status in statuses if status.credential.id == "cred.cma")

    assert cma.expires_on == date(2026, 3, 31)
    assert cma.exam_required
