"""A lab day in the real app: an instructor checks one competency off for three learners."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Browser, Page, expect

from pathway.auth import sign_up as create_account
from pathway.classes import join_class
from pathway.content import load_content
from pathway.settings import content_dir
from pathway.store import Store
from tests.e2e.browser import wait_for_app
from tests.e2e.server import StreamlitServer
from tests.e2e.test_class_journey import make_instructor_with_class
from tests.e2e.test_learner_journey import open_page, sign_in

pytestmark = pytest.mark.e2e

LEARNERS = {"maria": "Maria Garcia", "ben": "Ben Okafor", "chen": "Chen Li"}
PASSPHRASE = "learner passphrase"


def make_class(server: StreamlitServer) -> None:
    """An instructor, Ana Rivera, with one class of the three learners."""
    join_code = make_instructor_with_class(server)
    store = Store(server.data_dir)
    try:
        for username, name in LEARNERS.items():
            join_class(store, create_account(store, username, name, PASSPHRASE), join_code)
    finally:
        store.close()


def test_each_learner_sees_the_check_off_of_their_lab_day(
    page: Page, browser: Browser, streamlit_server: StreamlitServer
) -> None:
    make_class(streamlit_server)
    first = load_content(content_dir()).competencies.competencies[0]

    page.goto(streamlit_server.url)
    wait_for_app(page)
    sign_in(page, "rivera", "instructor passphrase")
    open_page(page, "Check-offs")
    lab_day = page.get_by_test_id("stForm")
    for name in LEARNERS.values():
        lab_day.get_by_test_id("stCheckbox").get_by_text(name, exact=True).click()
    lab_day.get_by_role("button", name="Check off the learners ticked").click()
    expect(
        page.get_by_test_id("stToast").filter(has_text="Checked off 3 learner(s)")
    ).to_be_visible()

    for username in LEARNERS:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            learner = context.new_page()
            learner.goto(streamlit_server.url)
            wait_for_app(learner)
            sign_in(learner, username, PASSPHRASE)
            open_page(learner, "Competencies")
            learner.get_by_text(f"{first.area}. ", exact=False).first.click()
            expect(
                learner.get_by_text(
                    f"Checked off on {date.today().isoformat()} by Ana Rivera"
                ).first
            ).to_be_visible()
        finally:
            context.close()
