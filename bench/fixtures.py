"""Data folders for the benches, built fast: one accounts write, then one write per learner.

`pathway.demo.fill_demo` adds learners one accounts write each, which is slow for a 500-learner
class. Here learners are added in one write with a placeholder hash (nobody signs in as them),
each with the demo's record in one write; the instructor is still a real account with the demo
passphrase, so a browser can sign in as them.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime

from pathway import demo
from pathway.accounts import Account
from pathway.classes import classes_owned, enrol
from pathway.content.models import Content
from pathway.records import LearnerRecord, replaced_by
from pathway.storage import Storage
from pathway.store import Store

PLACEHOLDER_HASH = "scrypt$benchmark-placeholder"
"""Not a real hash: no passphrase matches it, so these learners cannot sign in."""


def add_learners(
    store: Storage, count: int, record_for: Callable[[int], LearnerRecord]
) -> list[Account]:
    """Register `count` learners in one accounts write, then store `record_for(n)` for each."""
    accounts = store.add_accounts(
        [
            Account(
                user_id=uuid.uuid4().hex,
                username=f"learner{number:05d}",
                display_name=_display_name(number),
                passphrase_hash=PLACEHOLDER_HASH,
                created_at=datetime.now(UTC),
            )
            for number in range(1, count + 1)
        ]
    )
    for number, account in enumerate(accounts, start=1):
        record = record_for(number)
        store.change(account.user_id, replaced_by(record))
    return accounts


def demo_class(
    store: Store, content: Content, learners: int, today: date, seed: int = 42
) -> demo.DemoClass:
    """The demo's instructor and class, with `learners` learners at the demo's varied stages."""
    # The demo with no learners is exactly its instructor (really signed up) and its class.
    empty = demo.fill_demo(store, content, learners=0, today=today)
    instructor = store.find_account(demo.INSTRUCTOR_USERNAME)
    assert instructor is not None, "fill_demo creates the instructor"
    (classroom,) = classes_owned(store, instructor)
    rng = random.Random(seed)
    added = add_learners(
        store,
        learners,
        lambda _number: demo_record(content, rng, today, classroom.start_date, instructor),
    )
    enrol(store, instructor, classroom.class_id, [account.user_id for account in added])
    return demo.DemoClass(empty.join_code, [account.username for account in added])


def demo_record(
    content: Content, rng: random.Random, today: date, start: date, evaluator: Account
) -> LearnerRecord:
    """One learner's record by the demo's own filling rules, so the bench class looks like it."""
    return demo.learner_record(content, rng, today, start, evaluator)


def _display_name(number: int) -> str:
    first = demo.FIRST_NAMES[number % len(demo.FIRST_NAMES)]
    last = demo.LAST_NAMES[(number // 10 + 3 * number) % len(demo.LAST_NAMES)]
    return f"{first} {last} {number}"
