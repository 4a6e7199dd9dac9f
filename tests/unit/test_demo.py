"""The demo class: realistic, varied, deterministic, and visible to its instructor only."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pathway.accounts import SCRYPT_N, SCRYPT_P, SCRYPT_R, check_passphrase
from pathway.auth import sign_in
from pathway.classes import class_learners, classes_owned
from pathway.cohort import Flag, summarize
from pathway.content import Content
from pathway.demo import DEMO_PASSPHRASE, INSTRUCTOR_USERNAME, fill_demo
from pathway.store import Store
from pathway.throttle import SignInThrottle

TODAY = date(2027, 3, 1)


def test_demo_fills_one_class_with_the_requested_learners(store: Store, content: Content) -> None:
    fill_demo(store, content, learners=12, today=TODAY)
    instructor = store.find_account(INSTRUCTOR_USERNAME)
    assert instructor is not None
    assert instructor.role == "instructor"
    (classroom,) = classes_owned(store, instructor)
    assert len(class_learners(store, instructor, classroom.class_id)) == 12


def test_demo_learners_are_at_varied_stages_and_flags(store: Store, content: Content) -> None:
    fill_demo(store, content, learners=30, today=TODAY)
    instructor = store.find_account(INSTRUCTOR_USERNAME)
    assert instructor is not None
    (classroom,) = classes_owned(store, instructor)
    summaries = [
        summarize(content, learner, store.read(learner.user_id), TODAY)
        for learner in class_learners(store, instructor, classroom.class_id)
    ]
    assert len({summary.overall.percent for summary in summaries}) >= 10
    assert {summary.flag for summary in summaries} == set(Flag)


def test_demo_class_has_verified_and_awaiting_requirements_and_hours(
    store: Store, content: Content
) -> None:
    fill_demo(store, content, learners=30, today=TODAY)
    instructor = store.find_account(INSTRUCTOR_USERNAME)
    assert instructor is not None
    (classroom,) = classes_owned(store, instructor)
    summaries = [
        summarize(content, learner, store.read(learner.user_id), TODAY)
        for learner in class_learners(store, instructor, classroom.class_id)
    ]
    assert sum(summary.verified for summary in summaries) > 0
    assert sum(summary.self_reported for summary in summaries) > 0
    assert sum(summary.hours_waiting for summary in summaries) > 0
    assert sum(summary.hours.approved for summary in summaries) > 0


def test_demo_is_the_same_on_every_run(tmp_path: Path, content: Content) -> None:
    percents = []
    for run in ("a", "b"):
        store = Store(tmp_path / run)
        fill_demo(store, content, learners=8, today=TODAY)
        percents.append(
            sorted(
                summarize(content, a, store.read(a.user_id), TODAY).overall.percent
                for a in store.list_accounts()
            )
        )
        store.close()
    assert percents[0] == percents[1]


def test_demo_hashes_its_shared_passphrase_once_for_every_account(
    store: Store, content: Content, scrypt_calls: list
) -> None:
    fill_demo(store, content, learners=5, today=TODAY)
    assert scrypt_calls == [(SCRYPT_N, SCRYPT_R, SCRYPT_P)]
    assert len({account.passphrase_hash for account in store.list_accounts()}) == 1


def test_demo_accounts_sign_in_with_the_documented_passphrase(
    store: Store, content: Content
) -> None:
    demo = fill_demo(store, content, learners=2, today=TODAY)
    for username in (INSTRUCTOR_USERNAME, *demo.learner_usernames):
        assert sign_in(store, username, DEMO_PASSPHRASE, SignInThrottle()).username == username


def test_the_demo_passphrase_is_one_sign_up_would_accept() -> None:
    check_passphrase(DEMO_PASSPHRASE)
