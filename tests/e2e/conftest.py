"""Browser-test fixtures: one real Chromium, a fresh tab per test, and a real server per test.

Finding the browser and running the server live in `browser.py` and `server.py`, which the
README screenshot script shares; this file only turns them into fixtures that always clean up.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.e2e.browser import NO_BROWSER, browser_required, chromium_path, launch
from tests.e2e.server import StreamlitServer

# A cold server's first page (Plotly, fonts) can take longer than Playwright's default 5 s on a
# two-core machine; expect() still returns as soon as the condition holds.
expect.set_options(timeout=20_000)


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
def streamlit_server(tmp_path: Path) -> Iterator[StreamlitServer]:
    """`streamlit run app.py` on a free port and the test's own data folder, already started.

    A test may `stop()` and `start()` it again: the port and the data folder stay the same, as
    after a real restart. It is stopped at teardown whether the test passed or not; its log is
    `streamlit.log` in the test's tmp_path.
    """
    server = StreamlitServer(tmp_path / "data", tmp_path / "streamlit.log")
    try:
        server.start()
        yield server
    finally:
        server.stop()
