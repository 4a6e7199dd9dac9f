"""Page benchmark: script-run time of the learner pages and the cohort page under AppTest.

Run `python -m bench.page_bench` (optionally `--learners 30 500 --reruns 10`). For each class
size a data folder holds the demo class (built by `bench.fixtures`); each page then opens in a
new AppTest session. Timed in Python around `AppTest.run()`: the process's very first run (imports
and content loading, a figure of its own), each page's first run in its session (cold: a new
store reads every file it needs, and at the first size the page's own imports are paid) and its
warm reruns. The learner pages are seen by the class's first learner, the cohort page by its
instructor, whose only class is the one rendered.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import date
from pathlib import Path

from streamlit.testing.v1 import AppTest

from bench.fixtures import demo_class
from bench.report import elapsed_ms, print_figures, summary
from components.session import USERNAME_KEY
from pathway.content import Content, load_content
from pathway.demo import INSTRUCTOR_USERNAME
from pathway.settings import DATA_DIR, PROJECT_ROOT, content_dir
from pathway.store import Store

APP_SCRIPT = str(PROJECT_ROOT / "app.py")
LANDING_PAGE = "pages/dashboard.py"
"""Where a signed-in session starts: its first run is already this page's first run."""
LEARNER_PAGES = (LANDING_PAGE, "pages/checklist.py", "pages/skills.py")
COHORT_PAGE = "pages/cohort.py"
RUN_TIMEOUT_SECONDS = 300
"""Generous: a slow page should be measured, not cut off (AppTest's default is 3 s)."""


def main(argv: list[str] | None = None) -> None:
    """Build each class, time every page on it and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--learners", type=int, nargs="+", default=[30, 500])
    parser.add_argument("--reruns", type=int, default=10, help="warm reruns per page")
    args = parser.parse_args(argv)
    content = load_content(content_dir())
    figures: list[dict] = []
    with tempfile.TemporaryDirectory() as folder:
        for learners in args.learners:
            data_dir = Path(folder) / f"class-of-{learners}"
            first_learner = _build_class(data_dir, content, learners)
            os.environ[DATA_DIR.name] = str(data_dir)
            if not figures:
                figures.append(_process_start(first_learner))
            pages = [(page, first_learner) for page in LEARNER_PAGES]
            for page, username in [*pages, (COHORT_PAGE, INSTRUCTOR_USERNAME)]:
                figures += _page_figures(page, username, learners, args.reruns)
    print_figures(figures)


def _build_class(data_dir: Path, content: Content, learners: int) -> str:
    """Fill `data_dir` with a demo class of `learners`; returns its first learner's username."""
    store = Store(data_dir)
    try:
        return demo_class(store, content, learners, date.today()).learner_usernames[0]
    finally:
        store.close()


def _process_start(username: str) -> dict:
    """The first script run of the process: imports, content validation, the store's opening."""
    started = time.perf_counter()
    _run(_signed_in_session(username), LANDING_PAGE)
    return {"figure": "first run in the process (imports)", "ms": elapsed_ms(started)}


def _page_figures(page: str, username: str, learners: int, reruns: int) -> list[dict]:
    """A new signed-in session opens `page`: its first run, then `reruns` warm reruns."""
    session = _signed_in_session(username)
    if page != LANDING_PAGE:
        _run(session, LANDING_PAGE)
        session.switch_page(page)
    started = time.perf_counter()
    _run(session, page)
    first_ms = elapsed_ms(started)
    warm = []
    for _ in range(reruns):
        started = time.perf_counter()
        _run(session, page)
        warm.append(elapsed_ms(started))
    name = Path(page).stem
    extra = {"rendered_learners": _learners_counted(session)} if page == COHORT_PAGE else {}
    return [
        {"figure": f"{name}: first run (cold)", "learners": learners, "ms": first_ms},
        {"figure": f"{name}: warm rerun", "learners": learners, **summary(warm), **extra},
    ]


def _signed_in_session(username: str) -> AppTest:
    """A new browser session on the app, signed in as `username`, not yet run."""
    session = AppTest.from_file(APP_SCRIPT, default_timeout=RUN_TIMEOUT_SECONDS)
    session.session_state[USERNAME_KEY] = username
    return session


def _run(session: AppTest, page: str) -> None:
    """Run the script; a page that raised has no meaningful time, so stop with its error."""
    session.run()
    if session.exception:
        raise RuntimeError(f"{page} raised: {session.exception[0].message}")


def _learners_counted(session: AppTest) -> int:
    """The cohort page's status counts add up to the learners it rendered."""
    return sum(int(metric.value) for metric in session.metric)


if __name__ == "__main__":
    main()
