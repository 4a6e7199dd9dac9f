"""Find and launch a headless Chromium for the browser tests, offline."""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import Browser, Page, Playwright, expect

DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
NO_BROWSER = (
    "No Chromium found: install Debian's (apt-get install chromium) or Playwright's "
    "(playwright install chromium) to run the browser tests"
)
IDLE_APP = '[data-testid="stApp"][data-test-script-state="notRunning"]'
SETTLED = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
        .every(chart => chart.querySelector(".main-svg") !== null)
    && document.querySelector('[data-stale="true"]') === null"""
"""True once every chart has drawn and no element is stale: the page as drawn, not only run.

A chart still laying itself out can overflow its box for a moment and read to axe as a
scrollable region; and widgets wait as skeletons while Plotly's code parses (test_keyboard.py).
"""


def chromium_path(playwright: Playwright) -> Path | None:
    """Debian's Chromium if installed, else Playwright's own build if downloaded, else None."""
    if DEBIAN_CHROMIUM.exists():
        return DEBIAN_CHROMIUM
    bundled = Path(playwright.chromium.executable_path)
    return bundled if bundled.exists() else None


def launch(playwright: Playwright, executable: Path) -> Browser:
    """Headless Chromium with no background traffic (this machine has no internet)."""
    return playwright.chromium.launch(executable_path=str(executable), args=LAUNCH_FLAGS)


def browser_required() -> bool:
    """On CI a missing browser fails the run; on a laptop it only skips the browser tests."""
    return bool(os.environ.get("CI"))


def wait_for_app(page: Page) -> None:
    """Wait until Streamlit has finished running the script for the current view."""
    expect(page.locator(IDLE_APP)).to_be_attached(timeout=30_000)
