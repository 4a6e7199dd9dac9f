"""Memory benchmark: the real server's resident memory with a 5,000-learner class loaded.

Run `python -m bench.memory_bench` (optionally `--learners 5000`). Builds the data folder with
`bench.fixtures`, starts `streamlit run app.py` on it and reads the server's /proc status: right
after start-up, after the instructor signs in through Chromium, and after the Class progress
page (which loads every learner of the class) has rendered. VmHWM is the process's peak RSS.
The page's render time is Python wall time from the sidebar click to the app being idle with
its charts drawn: on the first visit (the server also imports pandas and Plotly and opens every
learner file) and on a second visit after a trip to the dashboard.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

from bench.fixtures import demo_class
from bench.report import elapsed_ms, print_figures
from pathway.content import load_content
from pathway.demo import DEMO_PASSPHRASE, INSTRUCTOR_USERNAME
from pathway.settings import content_dir
from pathway.store import Store
from tests.e2e.browser import IDLE_APP, NO_BROWSER, chromium_path, launch, wait_for_app
from tests.e2e.server import StreamlitServer
from tests.e2e.test_learner_journey import expect_no_exception, open_page, sign_in

COHORT_CHARTS = 3
"""Plotly charts the Class progress page draws: requirement shares, heatmap, class radar."""
RENDER_TIMEOUT_MS = 300_000
"""Generous: a slow page should be measured, not cut off."""


def main(argv: list[str] | None = None) -> None:
    """Build the class, load it in the real server and print the memory figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--learners", type=int, default=5000)
    parser.add_argument(
        "--visits", type=int, default=3, help="times the Class progress page is opened"
    )
    args = parser.parse_args(argv)
    expect.set_options(timeout=30_000)
    figures = []
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        executable = chromium_path(playwright)
        if executable is None:
            raise SystemExit(NO_BROWSER)
        data_dir = Path(folder) / "data"
        started = time.perf_counter()
        _build_class(data_dir, args.learners)
        figures.append(
            {"figure": "build the data folder", "learners": args.learners,
             "ms": elapsed_ms(started)}
        )  # fmt: skip
        browser = launch(playwright, executable)
        with StreamlitServer(data_dir, Path(folder) / "streamlit.log") as server:
            figures.append(_memory("server memory after start-up", server.pid, args.learners))
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(server.url)
            wait_for_app(page)
            sign_in(page, INSTRUCTOR_USERNAME, DEMO_PASSPHRASE)
            figures.append(_memory("server memory after sign-in", server.pid, args.learners))
            for visit in range(1, args.visits + 1):
                figures.append(
                    {"figure": f"cohort page render in the browser, visit {visit}",
                     "learners": args.learners, "ms": _open_cohort_page(page)}
                )  # fmt: skip
                name = f"server memory after cohort page visit {visit}"
                figures.append(_memory(name, server.pid, args.learners))
                open_page(page, "My dashboard")
        browser.close()
    print_figures(figures)


def _build_class(data_dir: Path, learners: int) -> None:
    store = Store(data_dir)
    try:
        demo_class(store, load_content(content_dir()), learners, date.today())
    finally:
        store.close()


def _open_cohort_page(page: Page) -> float:
    """Open Class progress from the sidebar; milliseconds until it is idle with its charts."""
    started = time.perf_counter()
    page.get_by_role("link", name="Class progress", exact=True).click()
    expect(page.get_by_role("heading", name="Class progress", exact=True)).to_be_visible()
    expect(page.locator(IDLE_APP)).to_be_attached(timeout=RENDER_TIMEOUT_MS)
    expect(page.locator('[data-testid="stPlotlyChart"] .main-svg').first).to_be_attached()
    expect(page.get_by_test_id("stPlotlyChart")).to_have_count(COHORT_CHARTS)
    render_ms = elapsed_ms(started)
    expect_no_exception(page)
    return render_ms


def _memory(name: str, pid: int, learners: int) -> dict:
    """The process's current (VmRSS) and peak (VmHWM) resident memory, in MiB."""
    status = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    return {
        "figure": name,
        "learners": learners,
        "vm_rss_mib": _mebibytes(status["VmRSS"]),
        "vm_hwm_mib": _mebibytes(status["VmHWM"]),
    }


def _mebibytes(field: str) -> float:
    """A /proc status size such as "  123456 kB" in MiB."""
    kibibytes = int(field.split()[0])
    return round(kibibytes / 1024, 1)


if __name__ == "__main__":
    main()
