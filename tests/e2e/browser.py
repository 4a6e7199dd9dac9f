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
