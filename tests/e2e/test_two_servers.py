"""Two real servers on one data folder, as behind a load balancer: each sees the other's writes.

A learner signs up on the first server, signs in on the second and ticks there and on the first
in turn; every tick shows on both, and none is lost when both servers hold the learner's file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.browser import wait_for_app
from tests.e2e.server import StreamlitServer
from tests.e2e.test_learner_journey import (
    open_page,
    requirement_checkbox,
    sign_in,
    sign_up,
    tick_requirement,
)

pytestmark = pytest.mark.e2e

PASSPHRASE = "correct horse battery"
FIRST, SECOND = "CPR / BLS certification card", "Background check"


@pytest.fixture
def second_server(streamlit_server: StreamlitServer, tmp_path: Path) -> Iterator[StreamlitServer]:
    """Another `streamlit run app.py` process on the first one's data folder."""
    server = StreamlitServer(streamlit_server.data_dir, tmp_path / "second.log")
    try:
        server.start()
        yield server
    finally:
        server.stop()


def tab_on(browser: Browser, server: StreamlitServer) -> Page:
    """A browser tab with its own cookies on `server`."""
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(server.url)
    wait_for_app(page)
    return page


def test_two_servers_on_one_folder_see_each_others_ticks(
    browser: Browser, streamlit_server: StreamlitServer, second_server: StreamlitServer
) -> None:
    first = tab_on(browser, streamlit_server)
    sign_up(first, "Maria Garcia", "maria", PASSPHRASE)
    second = tab_on(browser, second_server)
    sign_in(second, "maria", PASSPHRASE)  # the account written by the other process

    open_page(first, "Requirements")
    open_page(second, "Requirements")
    tick_requirement(second, FIRST)
    tick_requirement(first, SECOND)

    for page in (first, second):
        open_page(page, "My dashboard")
        open_page(page, "Requirements")
        expect(requirement_checkbox(page, FIRST)).to_be_checked()
        expect(requirement_checkbox(page, SECOND)).to_be_checked()
