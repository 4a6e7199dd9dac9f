"""Every page passes axe-core's WCAG 2.0/2.1 A and AA rules in the real browser, light and dark.

One server with the sample learner and the demo class serves the whole module, and each role
signs in once per colour scheme; each page is then one test, so a failure names the page. The
only violations allowed are Streamlit's own, listed in STREAMLIT_CAUSED by rule and selector
(docs/ACCESSIBILITY.md says why each one cannot be fixed from the app).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

import pytest
from playwright.sync_api import Browser, Page

from pathway.demo import DEMO_PASSPHRASE, INSTRUCTOR_USERNAME
from tests.e2e.browser import SETTLED, browser_required, wait_for_app
from tests.e2e.server import PROJECT_ROOT, StreamlitServer
from tests.e2e.take_screenshots import PASSPHRASE, USERNAME, fill_sample_learner
from tests.e2e.test_learner_journey import open_page, sign_in

AXE_SCRIPT = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
NO_AXE = f"No axe-core at {AXE_SCRIPT}: run `npm ci --no-audit --no-fund` in the project root"
WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
STREAMLIT_CAUSED = [
    # Streamlit's sidebar navigation wraps its <li> items in <div>s inside the <ul>.
    ("list", '[data-testid="stSidebarNavItems"]'),
    ("listitem", '[data-testid="stSidebarNavItems"]'),
]
"""(axe rule id, CSS selector): a violation of that rule on an element inside that selector."""

Role = Literal["visitor", "learner", "instructor"]
Scheme = Literal["light", "dark"]
PAGES: list[tuple[Role, str]] = [
    ("visitor", "Sign in"),
    ("visitor", "Learn about the job"),
    ("learner", "My dashboard"),
    ("learner", "Roadmap"),
    ("learner", "Requirements"),
    ("learner", "Skills"),
    ("learner", "Credentials"),
    ("learner", "Learn about the job"),
    ("learner", "My account"),
    ("instructor", "My classes"),
    ("instructor", "Class progress"),
]
DARK_PAGES: list[tuple[Role, str]] = [("learner", "My dashboard"), ("instructor", "Class progress")]
SIGN_IN: dict[Role, tuple[str, str] | None] = {
    "visitor": None,
    "learner": (USERNAME, PASSPHRASE),
    "instructor": (INSTRUCTOR_USERNAME, DEMO_PASSPHRASE),
}

# Runs axe on the document, then drops the nodes STREAMLIT_CAUSED allows (by rule id and by the
# element's closest match of the selector) and returns what is left, one line per node, naming
# the nearest Streamlit element (data-testid) since axe's own selectors are generated classes.
RUN_AXE = """async ([tags, allowed]) => {
    const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
    const left = [];
    for (const violation of result.violations) {
        for (const node of violation.nodes) {
            const element = document.querySelector(node.target[0]);
            const excused = allowed.some(([rule, selector]) =>
                rule === violation.id && element !== null && element.closest(selector) !== null);
            if (!excused) {
                const within = element?.closest("[data-testid]")?.dataset.testid;
                left.push(`${violation.id} at ${node.target.join(" ")} (in ${within}): `
                    + node.failureSummary);
            }
        }
    }
    return left;
}"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    """axe-core's script from node_modules/; skips without it, fails on CI like a browser."""
    if not AXE_SCRIPT.exists():
        if browser_required():
            pytest.fail(NO_AXE)
        pytest.skip(NO_AXE)
    return AXE_SCRIPT.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sample_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamlitServer]:
    """The real app on a data folder holding the sample learner and the demo class."""
    folder = tmp_path_factory.mktemp("accessibility")
    fill_sample_learner(folder / "data")
    with StreamlitServer(folder / "data", folder / "streamlit.log") as server:
        yield server


@pytest.fixture(scope="module")
def role_pages(browser: Browser, sample_server: StreamlitServer) -> Iterator[RolePages]:
    """One signed-in tab per role and colour scheme, opened on first use and reused."""
    pages = RolePages(browser, sample_server)
    yield pages
    pages.close()


class RolePages:
    """Tabs already signed in as each role, so each page's test only follows a sidebar link."""

    def __init__(self, browser: Browser, server: StreamlitServer) -> None:
        self._browser = browser
        self._server = server
        self._pages: dict[tuple[Role, Scheme], Page] = {}

    def open(self, role: Role, scheme: Scheme, title: str) -> Page:
        """The tab of `role` in `scheme`, showing the page `title`."""
        page = self._pages.get((role, scheme))
        if page is None:
            page = self._sign_in(role, scheme)
            self._pages[(role, scheme)] = page
        if title == "Sign in":
            page.goto(self._server.url)
            wait_for_app(page)
        else:
            open_page(page, title)
        return page

    def _sign_in(self, role: Role, scheme: Scheme) -> Page:
        context = self._browser.new_context(
            viewport={"width": 1280, "height": 900}, color_scheme=scheme
        )
        context.set_default_timeout(20_000)
        page = context.new_page()
        page.goto(self._server.url)
        wait_for_app(page)
        account = SIGN_IN[role]
        if account is not None:
            sign_in(page, *account)
        return page

    def close(self) -> None:
        """Close every tab's browser context."""
        for page in self._pages.values():
            page.context.close()


def violations(page: Page, axe_source: str) -> list[Any]:
    """Axe's WCAG 2.0/2.1 A and AA violations on the page as drawn, less Streamlit-caused ones."""
    page.wait_for_function(SETTLED)
    page.add_script_tag(content=axe_source)
    return page.evaluate(RUN_AXE, [WCAG_A_AA, STREAMLIT_CAUSED])


@pytest.mark.parametrize(("role", "title"), PAGES, ids=[f"{r}: {t}" for r, t in PAGES])
def test_page_has_no_wcag_violations_in_the_light_theme(
    role_pages: RolePages, axe_source: str, role: Role, title: str
) -> None:
    page = role_pages.open(role, "light", title)
    assert violations(page, axe_source) == []


@pytest.mark.parametrize(("role", "title"), DARK_PAGES, ids=[f"{r}: {t}" for r, t in DARK_PAGES])
def test_page_has_no_wcag_violations_in_the_dark_theme(
    role_pages: RolePages, axe_source: str, role: Role, title: str
) -> None:
    page = role_pages.open(role, "dark", title)
    assert violations(page, axe_source) == []
