"""The content ids the class progress rules read are declared in the content by `kind`."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from pathway.accounts import Account
from pathway.cohort import Flag, summarize
from pathway.content import Content, load_content
from pathway.content.loader import RULE_KINDS
from pathway.records import ItemProgress, ItemState, LearnerRecord
from pathway.settings import content_dir
from tests.unit.test_content_loader import load_error, valid_parts, write_part

TODAY = date(2027, 6, 15)
NOW = datetime(2027, 6, 15, 12, tzinfo=UTC)
MARIA = Account(
    user_id="0" * 32, username="maria", display_name="Maria", passphrase_hash="x", created_at=NOW
)


def test_the_shipped_content_declares_every_kind_a_rule_reads() -> None:
    content = load_content(content_dir())
    declared = {
        "steps": {step.kind for step in content.roadmap.steps},
        "requirements": {i.kind for g in content.checklist.groups for i in g.items},
        "credentials": {credential.kind for credential in content.credentials.credentials},
    }
    assert all(kind in declared[entries] for _, entries, kind in RULE_KINDS)


def test_two_steps_of_one_kind_are_refused_naming_file_and_field(tmp_path: Path) -> None:
    parts = valid_parts()
    for step in parts["roadmap"]["steps"]:
        step["kind"] = "externship"
    for name, data in parts.items():
        write_part(tmp_path, name, data)
    assert load_error(tmp_path) == (
        f"{tmp_path / 'roadmap.yaml'}: field 'kind': 2 steps say 'kind: externship', "
        "but the class progress rules read one"
    )


def test_the_externship_rule_follows_the_step_the_content_marks(content: Content) -> None:
    # Move the "externship" kind from step 5 to step 1: an open background check while step 1
    # is under way is now the risk, whatever the steps' ids.
    steps = [
        step.model_copy(update={"kind": "externship" if step.number == 1 else None})
        for step in content.roadmap.steps
    ]
    moved = content.model_copy(
        update={"roadmap": content.roadmap.model_copy(update={"steps": steps})}
    )
    first_task = steps[0].tasks[0].id
    record = LearnerRecord(
        progress={first_task: ItemProgress(state=ItemState.IN_PROGRESS, updated_at=NOW)}
    )
    assert summarize(moved, MARIA, record, TODAY).flag is Flag.AT_RISK
    assert summarize(content, MARIA, record, TODAY).flag is not Flag.AT_RISK


def test_content_without_a_background_check_has_no_such_rule(content: Content) -> None:
    groups = [
        group.model_copy(
            update={"items": [i.model_copy(update={"kind": None}) for i in group.items]}
        )
        for group in content.checklist.groups
    ]
    unmarked = content.model_copy(
        update={"checklist": content.checklist.model_copy(update={"groups": groups})}
    )
    externship = next(s for s in content.roadmap.steps if s.kind == "externship").tasks[0].id
    record = LearnerRecord(
        progress={externship: ItemProgress(state=ItemState.IN_PROGRESS, updated_at=NOW)}
    )
    assert summarize(unmarked, MARIA, record, TODAY).flag is not Flag.AT_RISK
