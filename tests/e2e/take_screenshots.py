"""Take README's screenshots from the real app: `python -m tests.e2e.take_screenshots`.

Starts the server on a temporary data folder, fills in a plausible learner, and writes PNGs to
docs/screenshots/. Uses the same server and browser helpers as the end-to-end tests.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

from tests.e2e.browser import NO_BROWSER, chromium_path, launch, wait_for_app
from tests.e2e.server import PROJECT_ROOT, StreamlitServer
from tests.e2e.test_learner_journey import open_page, sign_up

SCREENSHOTS = PROJECT_ROOT / "docs" / "screenshots"
TICKED = [
    "High school diploma or GED certificate",
    "Choose a program type",
    "Enrol in an accredited program",
    "Taking vital signs",
    "CPR / BLS certification card",
]
ROADMAP_TASKS = {
    "task.research.role": "Done",
    "task.research.self_assessment": "Done",
    "task.high_school.diploma": "Done",
    "task.high_school.science_math": "Done",
    "task.choose_program.research": "In progress",
}
FIRST_RATINGS, LATEST_RATINGS = (
    [2, 3, 2, 1, 2, 2, 1, 3, 3, 2, 2, 1, 2, 2, 1],
    [4, 4, 3, 3, 3, 3, 2, 4, 4, 3, 3, 2, 4, 3, 2],
)


def main() -> None:
    """Fill in a learner and save one screenshot per page."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        executable = chromium_path(playwright)
        if executable is None:
            raise SystemExit(NO_BROWSER)
        browser = launch(playwright, executable)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        with StreamlitServer(Path(folder) / "data", Path(folder) / "streamlit.log") as server:
            page.goto(server.url)
            wait_for_app(page)
            sign_up(page, "Maria Garcia", "maria", "correct horse battery")
            _fill_checklist(page)
            _fill_roadmap(page)
            _rate(page, FIRST_RATINGS)
            _rate(page, LATEST_RATINGS)
            page.get_by_text("Show growth since my first ratings").click()
            wait_for_app(page)
            _save(page, "skills")
            open_page(page, "Roadmap", "Roadmap")
            _save(page, "roadmap")
            open_page(page, "My dashboard", "My dashboard")
            _save(page, "dashboard")
        browser.close()


def _fill_checklist(page: Page) -> None:
    open_page(page, "Requirements", "Requirements")
    for label in TICKED:
        page.get_by_text(label, exact=True).click()
        expect(page.get_by_role("checkbox", name=label)).to_be_checked()
    _save(page, "checklist")


def _fill_roadmap(page: Page) -> None:
    open_page(page, "Roadmap", "Roadmap")
    for task_key, state in ROADMAP_TASKS.items():
        # Streamlit names a widget's container after its key, with punctuation as dashes.
        control = page.locator(f".st-key-task-{task_key.replace('.', '-')}")
        control.get_by_role("radio", name=state, exact=True).click()
        expect(control.get_by_role("radio", name=state, exact=True)).to_be_checked()
    wait_for_app(page)


def _rate(page: Page, ratings: list[int]) -> None:
    open_page(page, "Skills", "Skills")
    expander = page.get_by_text("Rate your skills")
    if not page.get_by_role("button", name="Save ratings").is_visible():
        expander.click()
    sliders = page.get_by_role("slider")
    expect(sliders).to_have_count(len(ratings))
    for slider, rating in zip(sliders.all(), ratings, strict=True):
        slider.focus()
        slider.press("Home")
        for _ in range(rating):
            slider.press("ArrowRight")
    page.get_by_role("button", name="Save ratings").click()
    expect(page.locator('[data-testid="stPlotlyChart"]')).to_be_visible()
    wait_for_app(page)


def _save(page: Page, name: str) -> None:
    page.locator("h1").first.scroll_into_view_if_needed()
    wait_for_app(page)
    # Toasts fade and progress bars animate: a screenshot script may wait for them to settle.
    page.wait_for_timeout(4_500)
    page.screenshot(path=SCREENSHOTS / f"{name}.png")


if __name__ == "__main__":
    main()
