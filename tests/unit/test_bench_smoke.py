"""The benches' own helpers: figures summarised and printed right, the bench class realistic."""

from __future__ import annotations

import json
from datetime import date

import pytest

from bench.fixtures import PLACEHOLDER_HASH, demo_class
from bench.report import print_figures, summary
from pathway.classes import class_records, classes_owned
from pathway.cohort import summarize
from pathway.content import Content
from pathway.demo import INSTRUCTOR_USERNAME
from pathway.store import Store

TODAY = date(2027, 3, 1)


def test_summary_gives_median_p95_and_count() -> None:
    samples = [float(n) for n in range(1, 21)]
    assert summary(samples) == {"median_ms": 10.5, "p95_ms": 19.0, "runs": 20}


def test_printed_figures_start_with_one_json_line_each(capsys: pytest.CaptureFixture) -> None:
    figures = [{"figure": "tick", "learners": 10, **summary([1.0, 2.0])}, {"figure": "r", "x": 1}]
    print_figures(figures)
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line) for line in lines[:2]] == figures


def test_bench_class_is_the_instructors_with_varied_learners(
    store: Store, content: Content
) -> None:
    built = demo_class(store, content, learners=40, today=TODAY)
    instructor = store.find_account(INSTRUCTOR_USERNAME)
    assert instructor is not None
    (classroom,) = classes_owned(store, instructor)
    members = class_records(store, instructor, classroom.class_id)
    assert [learner.username for learner, _ in members] == built.learner_usernames
    assert {learner.passphrase_hash for learner, _ in members} == {PLACEHOLDER_HASH}
    percents = {summarize(content, a, r, TODAY).overall.percent for a, r in members}
    assert len(percents) >= 10
    assert all(record.snapshots and record.profile.program_type for _, record in members)
