"""One fact, recorded once: the links between roadmap tasks, requirements and credentials.

A roadmap task may name the requirement it is the same fact as (`Task.requirement`: the
diploma, the exam), and a requirement the credential that satisfies it (`Requirement.credential`:
the CPR card). `linked_record` applies both links to a record, and `pathway.progress`'s
`counted_record` runs every view's states through it, so ticking the diploma on Requirements
shows on the roadmap, and a CPR card recorded on Credentials ticks the CPR requirement.

Where a fact is written: setting a linked task records its requirement (`recorded_under`), so
the fact lives in one place. A task state stored before the link existed (or brought in by an
import) still counts: of the requirement and its task, the one recorded last is the fact.
"""

from __future__ import annotations

from datetime import date

from pathway.content.models import Content
from pathway.credentials import CredentialStatus, Urgency, credential_statuses
from pathway.records import UNTOUCHED, ItemProgress, ItemState, LearnerRecord


def task_requirements(content: Content) -> dict[str, str]:
    """Each linked roadmap task's id and the id of the requirement it is the same fact as."""
    return {
        task.id: task.requirement
        for step in content.roadmap.steps
        for task in step.tasks
        if task.requirement is not None
    }


def recorded_under(content: Content, item_id: str) -> str:
    """The id a change to `item_id` is stored under: a linked task's requirement, else itself."""
    return task_requirements(content).get(item_id, item_id)


def with_linked_partners(content: Content, item_ids: frozenset[str]) -> frozenset[str]:
    """`item_ids` with the task or requirement each is linked to: one fact, required together."""
    partners = set(item_ids)
    for task_id, requirement_id in task_requirements(content).items():
        if task_id in item_ids or requirement_id in item_ids:
            partners |= {task_id, requirement_id}
    return frozenset(partners)


def credential_holdings(
    content: Content, record: LearnerRecord, today: date
) -> dict[str, CredentialStatus]:
    """Each requirement whose credential the learner holds, and that holding's latest status."""
    if not record.credentials:
        return {}  # most learners on a class page: no statuses to work out
    statuses = {
        status.credential.id: status
        for status in credential_statuses(content.credentials, record, today)
    }
    return {
        item.id: statuses[item.credential]
        for group in content.checklist.groups
        for item in group.items
        if item.credential is not None and item.credential in statuses
    }


def satisfies(status: CredentialStatus) -> bool:
    """Whether a held credential makes its requirement done: only while it has not expired."""
    return status.urgency is not Urgency.EXPIRED


def linked_record(content: Content, record: LearnerRecord, today: date) -> LearnerRecord:
    """The record with every link applied: the state each view shows and counts.

    A requirement with a held, unexpired credential is done on the day it was earned; with an
    expired one it is not done, whatever its tick says (the tick was for that card). A linked
    task and its requirement both show the fact: the later-recorded of the two, after the
    credential. The stored record is untouched.
    """
    holdings = credential_holdings(content, record, today)
    linked = task_requirements(content)
    facts: dict[str, ItemProgress] = {}
    for task_id, requirement_id in linked.items():
        facts[requirement_id] = _later(record, requirement_id, task_id)
    for requirement_id, status in holdings.items():
        stored = facts.get(requirement_id, record.item(requirement_id))
        facts[requirement_id] = _with_credential(stored, status)
    facts |= {task_id: facts[requirement_id] for task_id, requirement_id in linked.items()}
    # By identity, not equality: comparing models field by field was most of this function's
    # time, and an entry kept that equals the stored one changes nothing.
    changed = {
        item_id: fact
        for item_id, fact in facts.items()
        if fact is not UNTOUCHED and fact is not record.progress.get(item_id)
    }
    if not changed:
        return record
    return record.model_copy(update={"progress": {**record.progress, **changed}})


def _later(record: LearnerRecord, requirement_id: str, task_id: str) -> ItemProgress:
    """Of a requirement and its task, the progress recorded last; the requirement on a tie.

    An item never recorded loses to one recorded, and one stored without a time (an old file)
    loses to one with a time.
    """
    requirement = record.progress.get(requirement_id)
    task = record.progress.get(task_id)
    if task is None:
        return requirement or UNTOUCHED
    if requirement is None:
        return task
    if task.updated_at is not None and (
        requirement.updated_at is None or task.updated_at > requirement.updated_at
    ):
        return task
    return requirement


def _with_credential(progress: ItemProgress, status: CredentialStatus) -> ItemProgress:
    """The requirement's progress once its credential is counted.

    Done on the earned date while the credential is valid; once it has expired, a tick (done)
    no longer counts, as it was for that credential.
    """
    if satisfies(status):
        return progress.model_copy(
            update={"state": ItemState.DONE, "completed_on": status.held.earned_on}
        )
    if progress.state is ItemState.DONE:
        return progress.model_copy(update={"state": ItemState.NOT_STARTED, "completed_on": None})
    return progress
