"""Take README's screenshots from the real app: `python -m tests.e2e.take_screenshots`.

Fills a temporary data folder with a sample learner and the demo class through the domain's own
store, starts the real server on it, signs in with headless Chromium and writes one PNG per page
to docs/screenshots/, the main ones again in the dark theme (`-dark`, the browser asking for a
dark colour scheme, as a phone set to dark mode does), and a few more at a phone's size (390 x 844).
"""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Literal

from playwright.sync_api import Browser, Page, expect, sync_playwright

from pathway.auth import sign_up
from pathway.content import load_content
from pathway.credentials import add_months
from pathway.demo import DEMO_PASSPHRASE, INSTRUCTOR_USERNAME, fill_demo
from pathway.records import CEEntry, HeldCredential, ItemProgress, ItemState, SkillSnapshot
from pathway.settings import content_dir
from pathway.store import Store
from tests.e2e.browser import NO_BROWSER, chromium_path, launch, wait_for_app
from tests.e2e.server import PROJECT_ROOT, StreamlitServer
from tests.e2e.test_learner_journey import open_page, sign_in
from tests.e2e.test_phone_layout import PHONE
from tests.storage import add_entry, add_snapshot, save_progress

SCREENSHOTS = PROJECT_ROOT / "docs" / "screenshots"
USERNAME, PASSPHRASE = "maria", "correct horse battery"
DONE_ITEMS = [
    "req.high_school.diploma",
    "req.education.program_type",
    "req.education.enrolled",
    "req.clinical.vital_signs",
    "req.cpr.card",
    "task.research.role",
    "task.research.self_assessment",
    "task.high_school.diploma",
    "task.high_school.science_math",
]
IN_PROGRESS_ITEMS = ["task.choose_program.research", "req.education.terminology"]
FIRST_RATINGS = [2, 3, 2, 1, 2, 2, 1, 3, 3, 2, 2, 1, 2, 2, 1]
LATEST_RATINGS = [4, 4, 3, 3, 3, 3, 2, 4, 4, 3, 3, 2, 4, 3, 2]
Scheme = Literal["light", "dark"]
SCHEMES: tuple[tuple[Scheme, str], ...] = (("light", ""), ("dark", "-dark"))
"""Each colour scheme photographed, and the suffix of its file names."""
PHONE_PAGES = [("checklist", "phone-checklist", "Education"), ("skills", "phone-skills", None)]
"""(URL path, file name, heading to scroll to) of the phone screenshots after the dashboard."""


def fill_sample_learner(data_dir: Path) -> None:
    """Maria, a few months into her program, with a CPR card due for renewal soon."""
    skills = load_content(content_dir()).skills.skills
    store = Store(data_dir)
    try:
        maria = sign_up(store, USERNAME, "Maria Garcia", PASSPHRASE).user_id
        today = date.today()
        for item_id in DONE_ITEMS:
            save_progress(
                store, maria, item_id, ItemProgress(state=ItemState.DONE, completed_on=today)
            )
        for item_id in IN_PROGRESS_ITEMS:
            save_progress(store, maria, item_id, ItemProgress(state=ItemState.IN_PROGRESS))
        store.change(
            maria,
            lambda record: record.with_profile(
                program_type="program.diploma", plan_start=today - timedelta(weeks=12), state="WA"
            ),
        )
        save_progress(
            store,
            maria,
            "req.background.check",
            ItemProgress(due_on=today + timedelta(days=12), note="Externship site asks for it"),
        )
        for days_ago, ratings in ((90, FIRST_RATINGS), (0, LATEST_RATINGS)):
            taken_at = datetime.now(UTC) - timedelta(days=days_ago)
            by_skill = {skill.id: rating for skill, rating in zip(skills, ratings, strict=True)}
            add_snapshot(store, maria, SkillSnapshot(taken_at=taken_at, ratings=by_skill))
        # A card that expires at the end of next month, so the 30/90-day alert shows.
        cpr_course = add_months(today, -23)
        add_entry(store, maria, HeldCredential(credential_id="cred.bls", earned_on=cpr_course))
        add_entry(
            store, maria, HeldCredential(credential_id="cred.cma", earned_on=add_months(today, -30))
        )
        for title, amount, category in (
            ("Infection control update", 4, "clinical"),
            ("Coding refresher", 6, "administrative"),
            ("Patient communication", 5, "general"),
        ):
            add_entry(
                store,
                maria,
                CEEntry(
                    completed_on=today - timedelta(days=60),
                    title=title,
                    provider="Community college",
                    amount=amount,
                    category=category,
                    approved=True,
                ),
            )
        fill_demo(store, load_content(content_dir()), learners=24, today=today)
    finally:
        store.close()


def main() -> None:
    """Fill in the sample learner and save one screenshot per page."""
    expect.set_options(timeout=60_000)  # as the tests' own, more: a busy machine draws slowly
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        executable = chromium_path(playwright)
        if executable is None:
            raise SystemExit(NO_BROWSER)
        fill_sample_learner(Path(folder) / "data")
        browser = launch(playwright, executable)
        with StreamlitServer(Path(folder) / "data", Path(folder) / "streamlit.log") as server:
            for scheme, suffix in SCHEMES:
                _learner_pages(browser, server, scheme, suffix)
                _cohort_page(browser, server, scheme, suffix)
            phone = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
            phone.goto(server.url)
            wait_for_app(phone)
            sign_in(phone, USERNAME, PASSPHRASE)
            _save(phone, "phone-dashboard")
            for path, name, heading in PHONE_PAGES:
                phone.goto(server.url + path)  # the sidebar is closed: by address, signed in
                wait_for_app(phone)
                _save(phone, name, heading)
        browser.close()


def _learner_pages(browser: Browser, server: StreamlitServer, scheme: Scheme, suffix: str) -> None:
    """Maria's pages on a laptop's screen in one colour scheme, saved as `<page><suffix>.png`."""
    page = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page.goto(server.url)
    wait_for_app(page)
    sign_in(page, USERNAME, PASSPHRASE)
    _save(page, f"dashboard{suffix}")
    for title, name, heading in (
        ("Roadmap", "roadmap", None),
        ("Requirements", "checklist", "Education"),
        ("Credentials", "credentials", None),
    ):
        open_page(page, title, title)
        _save(page, f"{name}{suffix}", heading)
    open_page(page, "Skills", "Skills")
    page.get_by_text("Show growth since my first ratings").click()
    wait_for_app(page)
    _save(page, f"skills{suffix}")
    page.context.close()


def _cohort_page(browser: Browser, server: StreamlitServer, scheme: Scheme, suffix: str) -> None:
    """The demo class's progress, as its instructor sees it, in one colour scheme."""
    instructor = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    instructor.goto(server.url)
    wait_for_app(instructor)
    sign_in(instructor, INSTRUCTOR_USERNAME, DEMO_PASSPHRASE)
    open_page(instructor, "Class progress", "Class progress")
    _save(instructor, f"cohort{suffix}")
    instructor.context.close()


def _save(page: Page, name: str, heading: str | None = None) -> None:
    # Scroll the page's title, or a given heading, to the top of the view.
    target = (
        page.get_by_role("heading", name=heading, exact=True) if heading else page.locator("h1")
    )
    target.first.evaluate("element => element.scrollIntoView({block: 'start'})")
    wait_for_app(page)
    # Toasts fade and progress bars animate: a screenshot script may wait for them to settle.
    page.wait_for_timeout(1_500)
    page.screenshot(path=SCREENSHOTS / f"{name}.png")


if __name__ == "__main__":
    main()
