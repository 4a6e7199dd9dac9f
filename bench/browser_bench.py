"""Browser benchmark: click-to-rendered latency of a tick, the app against a bare checkbox.

Run `python -m bench.browser_bench` (optionally `--clicks 30`). Starts the real app on a temp
data folder with one learner, signs in through the UI and opens Requirements; then serves
`bench/bare_checkbox.py` the same way. Each click is timed inside the page with
`performance.now()`: from the click event reaching the document to the first animation frame
after the DOM shows the new state (the box's checked state flipped, a progress bar's count
changed, and the app idle again). A Python wall time around the click, which adds
Playwright's own overhead, is printed alongside.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

from bench.bare_checkbox import LABEL as BARE_LABEL
from bench.report import elapsed_ms, print_figures, summary
from pathway.auth import sign_up
from pathway.content import load_content
from pathway.settings import content_dir
from pathway.store import Store
from tests.e2e.browser import IDLE_APP, NO_BROWSER, chromium_path, launch, wait_for_app
from tests.e2e.server import StreamlitServer
from tests.e2e.test_learner_journey import open_page, sign_in

USERNAME, PASSPHRASE = "maria", "correct horse battery"
WARM_UP_CLICKS = 3

WATCH_TICK = """([label, idle]) => {
  const box = () => document.querySelector(`input[aria-label="${CSS.escape(label)}"]`);
  const text = () => [...document.querySelectorAll('[data-testid="stProgress"]')]
    .map((element) => element.textContent).join("|");
  const before = text();
  const wanted = !box().checked;
  window.benchTick = new Promise((resolve, reject) => {
    let clicked = null;
    document.addEventListener("click", () => { clicked = performance.now(); },
      { capture: true, once: true });
    const observer = new MutationObserver(() => {
      if (clicked === null || text() === before || box()?.checked !== wanted
          || !document.querySelector(idle)) return;
      observer.disconnect();
      requestAnimationFrame(() => resolve(performance.now() - clicked));
    });
    observer.observe(document.body,
      { subtree: true, childList: true, attributes: true, characterData: true });
    setTimeout(() => reject(new Error("no re-render within 60 s")), 60000);
  });
}"""
"""Arms the page before a click; `window.benchTick` then resolves to the click's latency."""


STREAMLIT_DEFAULTS = ("--runner.postScriptGC", "true")
"""The one setting of .streamlit/config.toml that changes speed, put back to Streamlit's default."""


def main(argv: list[str] | None = None) -> None:
    """Time ticks on the app's Requirements page and on the bare page, then print both.

    The bare page is measured twice: with the project's .streamlit/config.toml, as the app runs,
    and with Streamlit's default of a full garbage collection after every run, as a bare
    Streamlit page runs out of the box.
    """
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clicks", type=int, default=30, help="measured clicks per page")
    args = parser.parse_args(argv)
    label = load_content(content_dir()).checklist.groups[0].items[0].title
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        executable = chromium_path(playwright)
        if executable is None:
            raise SystemExit(NO_BROWSER)
        browser = launch(playwright, executable)
        with _serve("app.py", Path(folder), with_learner=True) as app:
            page = _open(browser, app)
            sign_in(page, USERNAME, PASSPHRASE)
            open_page(page, "Requirements")
            app_figure = _tick_figure("app: tick a requirement", page, label, args.clicks)
            page.close()
        bare_figures = []
        for name, options in (
            ("bare checkbox page, the app's config: tick", ()),
            ("bare checkbox page, Streamlit defaults: tick", STREAMLIT_DEFAULTS),
        ):
            with _serve("bench/bare_checkbox.py", Path(folder), options=options) as bare:
                page = _open(browser, bare)
                bare_figures.append(_tick_figure(name, page, BARE_LABEL, args.clicks))
                page.close()
        browser.close()
    ratios = [
        {
            "figure": f"tick latency ratio app / {bare['figure'].removesuffix(': tick')}",
            "ratio": round(app_figure["median_ms"] / bare["median_ms"], 2),
        }
        for bare in bare_figures
    ]
    print_figures([app_figure, *bare_figures, *ratios])


def _serve(
    script: str, folder: Path, *, with_learner: bool = False, options: tuple[str, ...] = ()
) -> StreamlitServer:
    """A server for `script` on a fresh data folder, with the signed-up learner if asked."""
    data_dir = Path(tempfile.mkdtemp(dir=folder))
    if with_learner:
        store = Store(data_dir)
        try:
            sign_up(store, USERNAME, "Maria Garcia", PASSPHRASE)
        finally:
            store.close()
    return StreamlitServer(data_dir, data_dir / "streamlit.log", script, options)


def _open(browser: Browser, server: StreamlitServer) -> Page:
    """A new tab at a laptop's size on the server, once the page has finished running."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server.url)
    wait_for_app(page)
    return page


def _tick_figure(name: str, page: Page, label: str, clicks: int) -> dict:
    """Click the labelled checkbox `clicks` times after the warm-up; summarise the latencies."""
    checkbox = page.get_by_role("checkbox", name=label, exact=True)
    checkbox.wait_for(state="attached")
    # Clicked on its label, as a user does: the input itself is visually hidden.
    target = page.get_by_test_id("stCheckbox").filter(has=checkbox).get_by_text(label, exact=True)
    in_page, wall = [], []
    for click in range(WARM_UP_CLICKS + clicks):
        page.evaluate(WATCH_TICK, [label, IDLE_APP])
        started = time.perf_counter()
        target.click()
        latency = page.evaluate("window.benchTick")
        wall_ms = elapsed_ms(started)
        if click >= WARM_UP_CLICKS:
            in_page.append(latency)
            wall.append(wall_ms)
    return {
        "figure": name,
        **summary(in_page),
        "python_wall_median_ms": summary(wall)["median_ms"],
        "warm_up_clicks": WARM_UP_CLICKS,
    }


if __name__ == "__main__":
    main()
