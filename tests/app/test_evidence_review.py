"""The instructor's view of one learner's evidence on one item (`components.evidence_review`).

The verify page that calls it is built elsewhere; here the component runs alone in AppTest over
a real store: the class's instructor sees the files as downloads, anyone else one refusal.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pathway.accounts import Account
from pathway.classes import create_class, join_class
from pathway.records import EvidenceRecord
from pathway.store import Store
from tests.app.conftest import APP_TIMEOUT_SECONDS, shown

CPR = "req.cpr.card"


def review(data_dir: str, viewer_name: str, learner_name: str, item_id: str) -> None:
    """The app script: `evidence_review` for `viewer_name` on `learner_name`'s item."""
    from pathlib import Path

    from components.evidence_review import evidence_review
    from pathway.store import Store

    store = Store(Path(data_dir))
    viewer, learner = store.find_account(viewer_name), store.find_account(learner_name)
    assert viewer is not None
    assert learner is not None
    evidence_review(store, viewer, learner, item_id)
    store.close()


@pytest.fixture
def maria(add_learner: Callable[[str], Account], store: Store, instructor: Account) -> Account:
    """A learner in the instructor's class."""
    learner = add_learner("maria")
    join_class(store, learner, create_class(store, instructor, "MA", date(2027, 1, 11)).join_code)
    return learner


@pytest.fixture
def card(store: Store, maria: Account) -> EvidenceRecord:
    """Maria's CPR card on the CPR requirement."""
    return store.add_evidence(maria.user_id, CPR, "cpr card.pdf", b"%PDF-1.7 card")


def run_review(data_dir: Path, viewer: str, item_id: str = CPR) -> AppTest:
    return AppTest.from_function(
        review, args=(str(data_dir), viewer, "maria", item_id), default_timeout=APP_TIMEOUT_SECONDS
    ).run()


def test_the_classs_instructor_sees_each_file_as_a_download(
    data_dir: Path, instructor: Account, card: EvidenceRecord
) -> None:
    app = run_review(data_dir, instructor.username)

    (button,) = app.get("download_button")
    assert button.proto.id.endswith(f"evidence:download:{card.evidence_id}")
    assert app.text[0].value.startswith("cpr card.pdf · ")
    assert not app.exception


def test_the_review_offers_no_remove_button(
    data_dir: Path, instructor: Account, card: EvidenceRecord
) -> None:
    app = run_review(data_dir, instructor.username)

    assert [button for button in app.button if button.label == "Remove"] == []


def test_another_instructor_sees_one_refusal_and_no_file(
    data_dir: Path, add_instructor: Callable[[str], Account], card: EvidenceRecord
) -> None:
    app = run_review(data_dir, add_instructor("okafor").username)

    assert "Only the learner and their class's instructor" in shown(app.error[0].value)
    assert app.get("download_button") == []
    assert all("cpr card" not in text.value for text in app.text)


def test_an_item_without_files_says_so(
    data_dir: Path, instructor: Account, card: EvidenceRecord
) -> None:
    app = run_review(data_dir, instructor.username, "req.background.check")

    assert "has attached no file here" in shown(app.caption[0].value)
