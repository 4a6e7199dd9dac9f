"""Browser-test fixtures: a real Chromium, and real servers that are always stopped."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.e2e.browser import NO_BROWSER, browser_required, chromium_path, launch
from tests.e2e.server import StreamlitServer


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole run; skips (or fails on CI) when there is none."""
    with sync_playwright() as playwright:
        executable = chromium_path(playwright)
        if executable is None:
            if browser_required():
                pytest.fail(NO_BROWSER)
            pytest.skip(NO_BROWSER)
        launched = launch(playwright, executable)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser tab at a laptop's size, with its own cookies."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def make_server(tmp_path: Path) -> Iterator[Callable[[], StreamlitServer]]:
    """Build servers on one temporary data folder; all are stopped when the test ends."""
    servers: list[StreamlitServer] = []

    def make() -> StreamlitServer:
        server = StreamlitServer(tmp_path / "data", tmp_path / "streamlit.log")
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.stop()
