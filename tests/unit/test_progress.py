"""Specifies the progress rules: percentages, step states, phases, the next action, due items.

Done and skipped both count as resolved; ids the content does not know are never counted.
The content here is built directly from the models, so these rules do not depend on the YAML.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pathway.content.models import (
    Checklist,
    Competency,
    CompetencyArea,
    CompetencySet,
    Content,
    Credential,
    CredentialSet,
    Duty,
    DutyArea,
    ExternshipTarget,
    Fact,
    Figure,
    Learn,
    Phase,
    ProgramType,
    Question,
    Requirement,
    RequirementGroup,
    Roadmap,
    Skill,
    SkillSet,
    Source,
    Specialty,
    StateNote,
    StateNotes,
    Step,
    Task,
    Validity,
)
from pathway.progress import (
    Completion,
    DueItem,
    as_counted,
    checklist_progress,
    completion,
    counted_record,
    due_items,
    is_optional_for,
    next_action,
    overall_progress,
    phase_progress,
    required_in_state,
    roadmap_progress,
    step_state,
)
from pathway.records import ItemProgress, ItemState, LearnerProfile, LearnerRecord

NOT_STARTED, IN_PROGRESS = ItemState.NOT_STARTED, ItemState.IN_PROGRESS
DONE, SKIPPED = ItemState.DONE, ItemState.SKIPPED
TODAY = date(2025, 6, 1)
READ_ON = date(2026, 12, 2)
AAMA = Source(title="AAMA", url="https://aama.example", as_of=READ_ON)


def step(number: int, phase: str, task_count: int) -> Step:
    """Roadmap step `number` in `phase`, with tasks `task.s<number>.<1..task_count>`."""
    return Step(
        id=f"step.s{number}",
        number=number,
        title=f"Step {number}",
        phase=phase,
        summary="What this step is about.",
        duration="2 weeks",
        done_when="All tasks are done.",
        plan_weeks=2,
        tasks=[Task(id=f"task.s{number}.t{t}", text=f"Task {t}") for t in range(1, task_count + 1)],
    )


@pytest.fixture
def content() -> Content:
    """Two phases, three steps (2, 1 and 3 tasks), and two requirement groups (3 items)."""
    return Content(
        roadmap=Roadmap(
            program_types=[
                ProgramType(id="program.diploma", name="Diploma", typical="9–12 months", weeks=48)
            ],
            phases=[
                Phase(id="phase.explore", title="Explore", summary="Find out."),
                Phase(id="phase.train", title="Train", summary="Learn the work."),
            ],
            steps=[
                step(1, "phase.explore", 2),
                step(2, "phase.explore", 1),
                step(3, "phase.train", 3).model_copy(update={"optional": True}),
            ],
        ),
        checklist=Checklist(
            groups=[
                RequirementGroup(
                    id="req.cpr",
                    title="CPR",
                    summary="Basic life support.",
                    items=[
                        Requirement(id="req.cpr.card", title="BLS card", detail="Current card."),
                        Requirement(
                            id="req.cpr.class",
                            title="BLS class",
                            detail="In person.",
                            optional=True,
                        ),
                    ],
                ),
                RequirementGroup(
                    id="req.school",
                    title="School",
                    summary="Education.",
                    items=[Requirement(id="req.school.diploma", title="Diploma", detail="Copy.")],
                ),
            ]
        ),
        skills=SkillSet(
            levels={1: "New", 2: "Learning", 3: "Able", 4: "Confident", 5: "Teaching"},
            target_profile="Entry level.",
            skills=[
                Skill(id=f"skill.{name}", name=name, description="A skill.", target=3)
                for name in ("vitals", "charting", "phlebotomy")
            ],
        ),
        learn=Learn(
            about=["Medical assistants work in clinics."],
            duty_areas=[
                DutyArea(
                    id="duty.admin",
                    title="Administrative",
                    duties=[Duty(title="Scheduling", detail="Books visits.")],
                )
            ],
            scope_note="Scope varies by state.",
            specialties=[Specialty(id="spec.peds", name="Pediatrics", detail="Children.")],
            faq=[Question(id="faq.cert", question="Must I certify?", answer=["Usually."])],
            figures=[
                Figure(
                    id="fig.pay",
                    label="Median pay",
                    value="$42,000",
                    period="May 2024",
                    source=Source(title="BLS", url="https://www.bls.gov", as_of=READ_ON),
                )
            ],
        ),
        states=StateNotes(
            disclaimer="Not legal advice.",
            default_note="Check your state's rules.",
            notes={
                "WA": StateNote(
                    notes=[Fact(text="Needs a state credential.", source=AAMA)],
                    requires=["step.s3", "req.cpr.class"],
                )
            },
            states={"WA": "Washington", "OR": "Oregon"},
        ),
        credentials=CredentialSet(
            ce_categories=["general"],
            credentials=[
                Credential(
                    id="cred.bls",
                    name="BLS card",
                    kind="cpr",
                    validity=Validity(months=24, counts_from="end_of_month"),
                    renewal="Renewal course.",
                    source=Source(title="AHA", url="https://heart.example", as_of=READ_ON),
                )
            ],
        ),
        competencies=CompetencySet(
            areas=[CompetencyArea(code="III", title="Infection control")],
            competencies=[
                Competency(
                    id="comp.infection.hand_hygiene",
                    title="Wash hands",
                    area="III",
                    domain="psychomotor",
                    source=AAMA,
                )
            ],
            externship=ExternshipTarget(hours=160, source=AAMA),
            verifiable=["req.cpr.card"],
        ),
    )


def record(**states: ItemState) -> LearnerRecord:
    """A record with the given states; keyword `task_s1_t2` stands for id `task.s1.t2`."""
    return LearnerRecord(
        progress={key.replace("_", "."): ItemProgress(state=state) for key, state in states.items()}
    )


def due(item_id: str, due_on: date, state: ItemState = NOT_STARTED) -> tuple[str, ItemProgress]:
    """One progress entry with a target date."""
    return item_id, ItemProgress(state=state, due_on=due_on)


# Completion -------------------------------------------------------------------------------


def test_zero_of_zero_is_complete() -> None:
    assert (Completion(0, 0).fraction, Completion(0, 0).percent) == (1.0, 100)


def test_two_of_three_is_66_percent_not_67() -> None:
    assert Completion(2, 3).percent == 66


def test_fraction_is_resolved_over_total() -> None:
    assert Completion(1, 4).fraction == 0.25


@pytest.mark.parametrize(("resolved", "total"), [(99, 100), (199, 200), (999, 1000)])
def test_100_percent_only_when_all_are_resolved(resolved: int, total: int) -> None:
    assert Completion(resolved, total).percent == 99
    assert Completion(total, total).percent == 100


@pytest.mark.parametrize(("resolved", "total", "percent"), [(29, 100, 29), (57, 100, 57)])
def test_exact_percentages_are_not_lost_to_float_rounding(
    resolved: int, total: int, percent: int
) -> None:
    """Regression: int(0.29 * 100) is 28, so 29 of 100 used to show as 28%."""
    assert Completion(resolved, total).percent == percent


@st.composite
def completions(draw: st.DrawFn) -> Completion:
    """Any possible completion: 0 <= resolved <= total."""
    total = draw(st.integers(min_value=0, max_value=2_000))
    return Completion(draw(st.integers(min_value=0, max_value=total)), total)


@settings(max_examples=60, deadline=None)
@given(completions())
@example(Completion(29, 100))
def test_percent_is_the_rounded_down_share_and_100_only_when_complete(done: Completion) -> None:
    assert 0 <= done.percent <= 100
    assert (done.percent == 100) == (done.resolved == done.total)
    if done.total:
        assert done.percent == done.resolved * 100 // done.total


def test_skipped_counts_as_resolved() -> None:
    learner = record(task_a_one=SKIPPED, task_a_two=DONE, task_a_three=IN_PROGRESS)

    assert completion(["task.a.one", "task.a.two", "task.a.three"], learner) == Completion(2, 3)


def test_ids_unknown_to_the_content_are_not_counted(content: Content) -> None:
    learner = record(task_s1_t1=DONE, task_removed_t1=DONE, req_gone_card=SKIPPED)

    assert roadmap_progress(content, learner, TODAY) == Completion(1, 6)
    assert checklist_progress(content, learner, TODAY) == Completion(0, 3)
    assert overall_progress(content, learner, TODAY) == Completion(1, 9)


def test_overall_progress_counts_tasks_and_requirements(content: Content) -> None:
    learner = record(task_s2_t1=DONE, task_s3_t2=SKIPPED, req_cpr_card=DONE, req_cpr_class=SKIPPED)

    assert roadmap_progress(content, learner, TODAY) == Completion(2, 6)
    assert checklist_progress(content, learner, TODAY) == Completion(2, 3)
    assert overall_progress(content, learner, TODAY) == Completion(4, 9)


# Step state -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("states", "expected"),
    [
        ((SKIPPED, SKIPPED, SKIPPED), SKIPPED),
        ((DONE, SKIPPED, DONE), DONE),
        ((DONE, DONE, DONE), DONE),
        ((DONE, NOT_STARTED, NOT_STARTED), IN_PROGRESS),
        ((SKIPPED, NOT_STARTED, NOT_STARTED), IN_PROGRESS),
        ((NOT_STARTED, IN_PROGRESS, NOT_STARTED), IN_PROGRESS),
        ((NOT_STARTED, NOT_STARTED, NOT_STARTED), NOT_STARTED),
    ],
    ids=[
        "all skipped",
        "done and skipped",
        "all done",
        "one done",
        "one skipped",
        "one begun",
        "none",
    ],
)
def test_step_state_follows_from_its_tasks(
    content: Content, states: tuple[ItemState, ...], expected: ItemState
) -> None:
    third_step = content.roadmap.steps[2]
    learner = LearnerRecord(
        progress={
            task.id: ItemProgress(state=s) for task, s in zip(third_step.tasks, states, strict=True)
        }
    )

    assert step_state(third_step, learner) is expected


def test_untouched_step_is_not_started(content: Content) -> None:
    assert step_state(content.roadmap.steps[0], LearnerRecord()) is NOT_STARTED


# Phases -----------------------------------------------------------------------------------


def test_phase_progress_counts_each_phases_tasks_in_roadmap_order(content: Content) -> None:
    learner = record(task_s1_t1=DONE, task_s2_t1=SKIPPED, task_s3_t3=DONE, req_cpr_card=DONE)

    phases = phase_progress(content, learner, TODAY)

    assert [(p.phase.id, p.completion) for p in phases] == [
        ("phase.explore", Completion(2, 3)),
        ("phase.train", Completion(1, 3)),
    ]


# Next action ------------------------------------------------------------------------------


def test_next_action_is_the_first_task_of_a_new_learner(content: Content) -> None:
    action = next_action(content, LearnerRecord(), TODAY)

    assert action is not None
    assert (action.step.id, action.task.id) == ("step.s1", "task.s1.t1")


def test_next_action_is_the_first_unresolved_task(content: Content) -> None:
    learner = record(
        task_s1_t1=DONE, task_s1_t2=SKIPPED, task_s2_t1=DONE, task_s3_t1=DONE, task_s3_t3=DONE
    )

    action = next_action(content, learner, TODAY)

    assert action is not None
    assert (action.step.id, action.task.id) == ("step.s3", "task.s3.t2")


def test_task_in_progress_is_still_the_next_action(content: Content) -> None:
    action = next_action(content, record(task_s1_t1=IN_PROGRESS), TODAY)

    assert action is not None
    assert action.task.id == "task.s1.t1"


def test_no_next_action_when_every_task_is_resolved(content: Content) -> None:
    learner = LearnerRecord(
        progress={
            task.id: ItemProgress(state=DONE if index % 2 else SKIPPED)
            for index, task in enumerate(t for s in content.roadmap.steps for t in s.tasks)
        }
    )

    assert next_action(content, learner, TODAY) is None


# Due items --------------------------------------------------------------------------------


def test_overdue_item_is_listed_as_overdue(content: Content) -> None:
    learner = LearnerRecord(progress=dict([due("req.cpr.card", date(2025, 5, 30))]))

    assert due_items(content, learner, TODAY) == [
        DueItem("req.cpr.card", "BLS card", date(2025, 5, 30), -2)
    ]
    assert due_items(content, learner, TODAY)[0].overdue


def test_item_due_within_30_days_is_listed_and_not_overdue(content: Content) -> None:
    learner = LearnerRecord(progress=dict([due("task.s2.t1", date(2025, 7, 1))]))

    listed = due_items(content, learner, TODAY)

    assert listed == [DueItem("task.s2.t1", "Step 2: Task 1", date(2025, 7, 1), 30)]
    assert not listed[0].overdue


def test_item_due_today_is_not_overdue(content: Content) -> None:
    learner = LearnerRecord(progress=dict([due("req.cpr.card", TODAY)]))

    [item] = due_items(content, learner, TODAY)

    assert (item.days_left, item.overdue) == (0, False)


def test_item_due_in_31_days_is_not_listed(content: Content) -> None:
    learner = LearnerRecord(progress=dict([due("req.cpr.card", date(2025, 7, 2))]))

    assert due_items(content, learner, TODAY) == []


@pytest.mark.parametrize("state", [DONE, SKIPPED])
def test_resolved_item_is_not_listed_even_when_overdue(content: Content, state: ItemState) -> None:
    learner = LearnerRecord(progress=dict([due("req.cpr.card", date(2025, 1, 1), state)]))

    assert due_items(content, learner, TODAY) == []


def test_item_without_a_due_date_is_not_listed(content: Content) -> None:
    assert due_items(content, record(req_cpr_card=IN_PROGRESS), TODAY) == []


def test_due_date_of_an_id_unknown_to_the_content_is_not_listed(content: Content) -> None:
    learner = LearnerRecord(progress=dict([due("req.retired.form", date(2025, 5, 1))]))

    assert due_items(content, learner, TODAY) == []


def test_due_items_are_sorted_soonest_first(content: Content) -> None:
    learner = LearnerRecord(
        progress=dict(
            [
                due("req.school.diploma", date(2025, 6, 20)),
                due("task.s1.t1", date(2025, 6, 5), IN_PROGRESS),
                due("req.cpr.card", date(2025, 5, 1)),
                due("task.s3.t2", date(2025, 6, 10)),
            ]
        )
    )

    listed = due_items(content, learner, TODAY)

    assert [item.item_id for item in listed] == [
        "req.cpr.card",
        "task.s1.t1",
        "task.s3.t2",
        "req.school.diploma",
    ]


# Item state changes -----------------------------------------------------------------------


def test_marking_done_sets_completed_on_to_today() -> None:
    now = datetime(2025, 6, 1, 15, 0, tzinfo=UTC)

    done = ItemProgress().with_state(DONE, now)

    assert (done.state, done.completed_on, done.updated_at) == (DONE, TODAY, now)


def test_marking_done_again_keeps_the_first_completion_date() -> None:
    earlier = ItemProgress(state=DONE, completed_on=date(2025, 1, 2))

    again = earlier.with_state(DONE, datetime(2025, 6, 1, tzinfo=UTC))

    assert again.completed_on == date(2025, 1, 2)


@pytest.mark.parametrize("state", [NOT_STARTED, IN_PROGRESS, SKIPPED])
def test_leaving_done_clears_completed_on(state: ItemState) -> None:
    done = ItemProgress(state=DONE, completed_on=date(2025, 1, 2), note="kept")

    moved = done.with_state(state, datetime(2025, 6, 1, tzinfo=UTC))

    assert (moved.state, moved.completed_on, moved.note) == (state, None, "kept")


# Required in the learner's state ------------------------------------------------------------


def in_state(state: str | None, learner: LearnerRecord) -> LearnerRecord:
    """`learner` living in `state`."""
    return learner.model_copy(update={"profile": LearnerProfile(state=state)})


def test_a_state_requires_its_listed_step_with_every_task_and_its_requirements(
    content: Content,
) -> None:
    assert required_in_state(content, "WA") == {
        "step.s3",
        "task.s3.t1",
        "task.s3.t2",
        "task.s3.t3",
        "req.cpr.class",
    }


@pytest.mark.parametrize("state", ["OR", None])
def test_a_state_without_requirements_or_no_state_requires_nothing(
    content: Content, state: str | None
) -> None:
    assert required_in_state(content, state) == frozenset()


def test_an_optional_step_required_in_the_state_is_not_optional_there(content: Content) -> None:
    optional_step = content.roadmap.steps[2]

    assert is_optional_for(optional_step, frozenset())
    assert not is_optional_for(optional_step, required_in_state(content, "WA"))


def test_skipping_a_step_the_state_requires_does_not_count_as_resolved(content: Content) -> None:
    skipped = record(task_s3_t1=SKIPPED, task_s3_t2=SKIPPED, task_s3_t3=SKIPPED)

    assert roadmap_progress(content, in_state("OR", skipped), TODAY) == Completion(3, 6)
    assert roadmap_progress(content, in_state("WA", skipped), TODAY) == Completion(0, 6)


def test_skipping_a_requirement_the_state_requires_does_not_count(content: Content) -> None:
    skipped = record(req_cpr_class=SKIPPED)

    assert checklist_progress(content, in_state("WA", skipped), TODAY) == Completion(0, 3)
    assert overall_progress(content, in_state("WA", skipped), TODAY) == Completion(0, 9)


def test_a_required_step_whose_tasks_were_skipped_counts_as_not_started(
    content: Content,
) -> None:
    skipped = in_state("WA", record(task_s3_t1=SKIPPED, task_s3_t2=SKIPPED, task_s3_t3=SKIPPED))

    assert (
        step_state(content.roadmap.steps[2], counted_record(content, skipped, TODAY)) is NOT_STARTED
    )


def test_a_skipped_task_of_a_required_step_is_still_the_next_action(content: Content) -> None:
    resolved_before = {f"task_s{n}_t{t}": DONE for n, t in ((1, 1), (1, 2), (2, 1))}
    learner = in_state("WA", record(**resolved_before, task_s3_t1=SKIPPED))

    action = next_action(content, learner, TODAY)

    assert action is not None
    assert action.task.id == "task.s3.t1"


def test_done_still_counts_on_an_item_the_state_requires(content: Content) -> None:
    assert checklist_progress(
        content, in_state("WA", record(req_cpr_class=DONE)), TODAY
    ) == Completion(1, 3)


def test_counting_never_changes_the_stored_skip(content: Content) -> None:
    learner = in_state("WA", record(req_cpr_class=SKIPPED))

    as_counted(learner, required_in_state(content, "WA"))

    assert learner.item("req.cpr.class").state is SKIPPED
