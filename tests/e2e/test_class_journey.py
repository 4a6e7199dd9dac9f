"""A class in the real app: a learner joins with the code and the instructor sees the tick."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from pathway.auth import sign_up as create_account
from pathway.classes import create_class
from pathway.content import load_content
from pathway.progress import requirement_ids
from pathway.settings import content_dir
from pathway.store import Store
from tests.e2e.browser import wait_for_app
from tests.e2e.server import StreamlitServer
from tests.e2e.test_learner_journey import open_page, sign_in, sign_up, tick_requirement
from tests.storage import set_role

pytestmark = pytest.mark.e2e


def make_instructor_with_class(server: StreamlitServer) -> str:
    """Create an instructor and a class on the running server's data folder; the join code."""
    store = Store(server.data_dir)
    try:
        create_account(store, "rivera", "Ana Rivera", "instructor passphrase")
        set_role(store, "rivera", "instructor")
        rivera = store.find_account("rivera")
        assert rivera is not None
        return create_class(store, rivera, "MA Evening", date.today()).join_code
    finally:
        store.close()


def test_instructor_sees_a_learners_tick_after_they_join(
    page: Page, browser: Browser, streamlit_server: StreamlitServer
) -> None:
    code = make_instructor_with_class(streamlit_server)

    page.goto(streamlit_server.url)
    wait_for_app(page)
    sign_up(page, "Maria Garcia", "maria", "correct horse battery")
    open_page(page, "My account")
    page.get_by_role("textbox", name="Join code from your instructor").fill(code.lower())
    page.get_by_role("button", name="Join class").click()
    expect(page.get_by_text("Ana Rivera can see your progress in this class.")).to_be_visible()
    open_page(page, "Requirements")
    tick_requirement(page, "CPR / BLS certification card")

    instructor_context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        teacher = instructor_context.new_page()
        teacher.goto(streamlit_server.url)
        wait_for_app(teacher)
        sign_in(teacher, "rivera", "instructor passphrase")
        open_page(teacher, "Class progress")
        expect(teacher.locator('[data-testid="stDataFrame"]').first).to_be_visible()
        # The grid draws on a canvas; the CSV export carries the same rows as text.
        with teacher.expect_download() as download:
            teacher.get_by_role("button", name="Learners (CSV)").click()
        rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text("utf-8-sig"))))
        maria = next(row for row in rows if row[0] == "Maria Garcia")
        total = len(requirement_ids(load_content(content_dir()).checklist.groups))
        assert maria[3] == f"1 of {total}"
        teacher.get_by_text("Projector mode").click()
        wait_for_app(teacher)
        expect(teacher.locator('[data-testid="stException"]')).to_have_count(0)
    finally:
        instructor_context.close()
