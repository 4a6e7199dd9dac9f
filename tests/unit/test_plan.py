"""The dated plan: steps laid end to end from the start date, and overdue steps."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest

from pathway.content import Content
from pathway.plan import learner_plan, overdue_step_ids, planned_steps
from pathway.records import ItemProgress, ItemState, LearnerProfile, LearnerRecord

START = date(2026, 1, 5)


def test_first_step_starts_on_the_start_date(content: Content) -> None:
    plan = planned_steps(content.roadmap, "program.diploma", START)
    assert plan[0].starts_on == START
    assert plan[0].ends_on == START + timedelta(weeks=2, days=-1)


def test_each_step_starts_the_day_after_the_previous_one_ends(content: Content) -> None:
    plan = planned_steps(content.roadmap, "program.diploma", START)
    assert all(b.starts_on == a.ends_on + timedelta(days=1) for a, b in pairwise(plan))


def test_program_step_lasts_the_chosen_programs_weeks(content: Content) -> None:
    weeks = {program.id: program.weeks for program in content.roadmap.program_types}
    for program_id, program_weeks in weeks.items():
        enroll = next(
            entry
            for entry in planned_steps(content.roadmap, program_id, START)
            if entry.step.plan_weeks == "program"
        )
        assert (enroll.ends_on - enroll.starts_on).days + 1 == program_weeks * 7


def test_associate_plan_ends_later_than_diploma_plan(content: Content) -> None:
    diploma = planned_steps(content.roadmap, "program.diploma", START)[-1].ends_on
    associate = planned_steps(content.roadmap, "program.associate", START)[-1].ends_on
    assert associate - diploma == timedelta(weeks=96 - 48)


def test_unresolved_step_past_its_end_is_overdue(content: Content) -> None:
    plan = planned_steps(content.roadmap, "program.diploma", START)
    today = plan[1].ends_on + timedelta(days=1)
    assert overdue_step_ids(plan, LearnerRecord(), today) == {plan[0].step.id, plan[1].step.id}


def test_resolved_step_is_never_overdue(content: Content) -> None:
    plan = planned_steps(content.roadmap, "program.diploma", START)
    done = ItemProgress(state=ItemState.DONE)
    record = LearnerRecord(progress={task.id: done for task in plan[0].step.tasks})
    assert plan[0].step.id not in overdue_step_ids(plan, record, plan[0].ends_on + timedelta(1))


def test_step_ending_today_is_not_yet_overdue(content: Content) -> None:
    plan = planned_steps(content.roadmap, "program.diploma", START)
    assert overdue_step_ids(plan, LearnerRecord(), plan[0].ends_on) == set()


def test_no_plan_until_program_and_start_are_chosen(content: Content) -> None:
    assert learner_plan(content.roadmap, LearnerRecord()) is None
    half = LearnerRecord(profile=LearnerProfile(program_type="program.diploma"))
    assert learner_plan(content.roadmap, half) is None


def test_a_program_type_removed_from_the_content_gives_no_plan(content: Content) -> None:
    record = LearnerRecord(profile=LearnerProfile(program_type="program.gone", plan_start=START))
    assert learner_plan(content.roadmap, record) is None


def test_an_unknown_program_type_is_refused_by_name(content: Content) -> None:
    with pytest.raises(ValueError, match=r"unknown program type 'program\.nope'"):
        planned_steps(content.roadmap, "program.nope", START)
