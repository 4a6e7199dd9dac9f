"""One fact, recorded once, across pages (issue 19, item 3).

The diploma is one fact on the roadmap and the checklist; the CPR card recorded on Credentials
is the CPR requirement of the checklist.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from streamlit.testing.v1 import AppTest

from pathway.records import HeldCredential, ItemState
from pathway.store import Store
from tests.app.conftest import shown
from tests.storage import add_entry, user_id_of

DIPLOMA_TASK, DIPLOMA = "task.high_school.diploma", "req.high_school.diploma"
CPR = "req.cpr.card"


def hold_bls_card(data_dir: Path, earned_on: date) -> None:
    """Record a BLS card earned on `earned_on` for Maria, as the Credentials page stores it."""
    user_id = user_id_of(data_dir, "maria")
    store = Store(data_dir)
    try:
        add_entry(store, user_id, HeldCredential(credential_id="cred.bls", earned_on=earned_on))
    finally:
        store.close()


def captions(page: AppTest) -> list[str]:
    """Every caption's text on the page, as the reader sees it (Markdown escapes undone)."""
    return [shown(caption.value) for caption in page.caption]


def test_ticking_the_diploma_requirement_shows_the_roadmap_task_done(
    open_page: Callable[[str], AppTest],
) -> None:
    open_page("pages/checklist.py").checkbox(key=f"req:{DIPLOMA}:done").check().run()

    roadmap = open_page("pages/roadmap.py")

    assert roadmap.segmented_control(key=f"task:{DIPLOMA_TASK}").value is ItemState.DONE
    assert not roadmap.exception


def test_setting_the_diploma_task_done_ticks_the_requirement(
    open_page: Callable[[str], AppTest],
) -> None:
    roadmap = open_page("pages/roadmap.py")
    roadmap.segmented_control(key=f"task:{DIPLOMA_TASK}").set_value(ItemState.DONE).run()

    checklist = open_page("pages/checklist.py")

    assert checklist.checkbox(key=f"req:{DIPLOMA}:done").value is True


def test_a_recorded_cpr_card_ticks_the_cpr_requirement(
    open_page: Callable[[str], AppTest], app_data_dir: Path
) -> None:
    earned = date.today() - timedelta(days=30)
    hold_bls_card(app_data_dir, earned)

    checklist = open_page("pages/checklist.py")

    tick = checklist.checkbox(key=f"req:{CPR}:done")
    assert tick.value is True
    assert tick.disabled
    done = "Done (self-reported) · completed"
    assert any(caption.startswith(done) for caption in captions(checklist))


def test_an_expired_cpr_card_leaves_the_requirement_unticked_and_says_so(
    open_page: Callable[[str], AppTest], app_data_dir: Path
) -> None:
    hold_bls_card(app_data_dir, date.today() - timedelta(days=4 * 365))

    checklist = open_page("pages/checklist.py")

    assert checklist.checkbox(key=f"req:{CPR}:done").value is False
    assert any("so it no longer counts" in caption for caption in captions(checklist))
