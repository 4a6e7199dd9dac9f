"""Every learner page on a phone (390 x 844) in real Chromium: nothing wider than the screen.

The learner signs up once, then opens each page by its address, as a phone user does with the
sidebar closed; the sign-in cookie keeps them signed in. A page passes when the document is no
wider than the viewport and no element sticks out past its edges, except inside a box
that scrolls or clips on its own (a wide table scrolls within itself, not the whole page).

Then issue 19 item 11, as a learner met it on a phone: the sidebar closes after a page is
chosen; what to do next comes before the phase bars; Dates and notes opens next to the item;
the CE log's columns and the recertification chart's labels all show. The browser's user agent
stays a desktop one, as on a tablet or a phone asking for the desktop site: Streamlit closes its
sidebar by itself only for a phone's user agent.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from pathway import auth
from pathway.credentials import add_months
from pathway.records import CEEntry, HeldCredential
from pathway.store import Store
from tests.e2e.browser import wait_for_app
from tests.e2e.server import StreamlitServer
from tests.e2e.test_learner_journey import (
    CPR_LABEL,
    PASSPHRASE,
    USERNAME,
    expect_no_exception,
    requirement_checkbox,
    sign_in,
    sign_up,
)
from tests.storage import add_entry

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}

LEARNER_PAGES = {
    "dashboard": "My dashboard",
    "roadmap": "Roadmap",
    "checklist": "Requirements",
    "skills": "Skills",
    "credentials": "Credentials",
    "learn": "Learn about the job",
    "account": "My account",
}
"""URL path of every page a learner sees, and the heading it opens with."""

OVERFLOWING = """
() => {
  const width = window.innerWidth;
  const page = new Set(["stMain", "stAppViewContainer", "stApp"]);
  const contained = (element) => {
    // In a box of the page's content that scrolls or clips by itself; the page's own
    // scrolling containers do not count: a page scrolling sideways is what must not happen.
    for (let box = element.parentElement; box; box = box.parentElement) {
      if (page.has(box.getAttribute("data-testid"))) return false;
      if (getComputedStyle(box).overflowX !== "visible") return true;
    }
    return false;
  };
  const found = [];
  if (document.documentElement.scrollWidth > width) {
    found.push(`document is ${document.documentElement.scrollWidth}px wide`);
  }
  for (const element of document.querySelectorAll("body *")) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || box.right <= 0) continue;  // hidden, or off-screen
    if (box.left >= -1 && box.right <= width + 1) continue;
    if (contained(element)) continue;
    const id = element.getAttribute("data-testid") || element.className || element.tagName;
    const span = `${Math.round(box.left)} to ${Math.round(box.right)}px`;
    found.push(`${element.tagName} ${id} spans ${span}`);
  }
  return found.slice(0, 10);
}
"""


@pytest.fixture
def phone(browser: Browser, streamlit_server: StreamlitServer) -> Page:
    """A phone-sized tab in which a learner created an account (and so is signed in)."""
    tab = phone_tab(browser)
    tab.goto(streamlit_server.url)
    wait_for_app(tab)
    sign_up(tab, "Maria Garcia", USERNAME, PASSPHRASE)
    return tab


def test_the_sidebar_starts_closed_on_a_phone(
    phone: Page, streamlit_server: StreamlitServer
) -> None:
    phone.goto(streamlit_server.url + "checklist")
    wait_for_app(phone)

    # Streamlit's default initial_sidebar_state="auto" closes it on small screens.
    sidebar = phone.get_by_test_id("stSidebar")
    expect(sidebar).to_have_attribute("data-collapsed", "true")
    box = sidebar.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= 0  # off the screen


@pytest.mark.parametrize("path", LEARNER_PAGES)
def test_no_learner_page_is_wider_than_a_phone(
    phone: Page, streamlit_server: StreamlitServer, path: str
) -> None:
    phone.goto(streamlit_server.url + path)
    expect(phone.get_by_role("heading", name=LEARNER_PAGES[path], exact=True)).to_be_visible()
    wait_for_app(phone)
    expect_no_exception(phone)

    assert phone.evaluate(OVERFLOWING) == []


def test_the_width_check_finds_an_element_wider_than_the_phone(
    phone: Page, streamlit_server: StreamlitServer
) -> None:
    phone.evaluate(
        "document.querySelector('[data-testid=\"stMain\"]')"
        ".appendChild(document.createElement('div'))"
        ".setAttribute('style', 'width: 800px; min-height: 10px; flex-shrink: 0')"
    )

    assert phone.evaluate(OVERFLOWING) != []


def phone_tab(browser: Browser) -> Page:
    """A new phone-sized tab with its own cookies."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(20_000)
    return context.new_page()


def open_by_address(phone: Page, server: StreamlitServer, path: str) -> None:
    """Open a learner page by its address and wait until it has run."""
    phone.goto(server.url + path)
    expect(phone.get_by_role("heading", name=LEARNER_PAGES[path], exact=True)).to_be_visible()
    wait_for_app(phone)


def top(locator: Locator) -> float:
    """Where `locator` starts, from the top of the page."""
    box = locator.bounding_box()
    assert box is not None, f"{locator} is not drawn"
    return box["y"]


def test_the_sidebar_closes_after_choosing_a_page_on_a_phone(phone: Page) -> None:
    sidebar = phone.get_by_test_id("stSidebar")
    phone.get_by_test_id("stExpandSidebarButton").click()
    expect(sidebar).to_have_attribute("data-collapsed", "false")

    phone.get_by_role("link", name="Requirements", exact=True).click()

    expect(phone.get_by_role("heading", name="Requirements", exact=True)).to_be_visible()
    expect(sidebar).to_have_attribute("data-collapsed", "true")


def test_next_step_and_due_dates_come_before_the_phase_bars_on_a_phone(
    phone: Page, streamlit_server: StreamlitServer
) -> None:
    open_by_address(phone, streamlit_server, "dashboard")

    phases = top(phone.get_by_role("heading", name="Progress by phase"))
    assert top(phone.get_by_role("heading", name="Next step")) < phases
    assert top(phone.get_by_role("heading", name="Due and overdue")) < phases


def test_dates_and_notes_open_next_to_the_item_on_a_phone(
    phone: Page, streamlit_server: StreamlitServer
) -> None:
    open_by_address(phone, streamlit_server, "checklist")
    item = phone.get_by_test_id("stCheckbox").filter(has=requirement_checkbox(phone, CPR_LABEL))

    phone.locator(".st-key-details-open-req-cpr-card").get_by_role("button").click()

    save = phone.get_by_role("button", name="Save details")
    expect(save).to_be_visible()
    assert 0 < top(save) - top(item) < PHONE["height"]  # within one screen of the item


@pytest.fixture
def phone_with_credentials(browser: Browser, streamlit_server: StreamlitServer) -> Page:
    """A phone tab signed in as a learner with a CMA to renew and three logged activities."""
    store = Store(streamlit_server.data_dir)
    try:
        learner = auth.sign_up(store, USERNAME, "Maria Garcia", PASSPHRASE).user_id
        today = date.today()
        cma = HeldCredential(credential_id="cred.cma", earned_on=add_months(today, -30))
        add_entry(store, learner, cma)
        for title, category in (
            ("Infection control update", "clinical"),
            ("Coding refresher for the front office", "administrative"),
            ("Patient communication", "general"),
        ):
            entry = CEEntry(
                completed_on=today - timedelta(days=60),
                title=title,
                provider="Community college",
                amount=5,
                category=category,
                approved=True,
            )
            add_entry(store, learner, entry)
    finally:
        store.close()
    tab = phone_tab(browser)
    tab.goto(streamlit_server.url)
    wait_for_app(tab)
    sign_in(tab, USERNAME, PASSPHRASE)
    open_by_address(tab, streamlit_server, "credentials")
    return tab


OUTSIDE = """
(box, selector) => {
  const edge = box.getBoundingClientRect();
  const right = Math.min(edge.right, window.innerWidth);
  return [...box.querySelectorAll(selector)]
    .map((element) => [element.textContent.trim(), element.getBoundingClientRect()])
    .filter(([, r]) => r.left < edge.left - 1 || r.right > right + 1 || r.bottom > edge.bottom + 1)
    .map(([text, r]) => `${text}: ${Math.round(r.left)} to ${Math.round(r.right)}px`);
}
"""
"""The texts matching `selector` in `box` that reach past its edges or the screen's."""


def test_every_column_of_the_ce_log_shows_on_a_phone(phone_with_credentials: Page) -> None:
    phone = phone_with_credentials
    log = phone.get_by_test_id("stTable").filter(has_text="Infection control update")
    expect(log).to_be_visible()

    assert log.evaluate(OUTSIDE, "th, td") == []


def test_no_recertification_chart_label_is_cut_off_on_a_phone(
    phone_with_credentials: Page,
) -> None:
    phone = phone_with_credentials
    chart = phone.get_by_test_id("stPlotlyChart").first
    expect(chart.locator(".main-svg").first).to_be_attached()

    assert chart.evaluate(OUTSIDE, ".xtick text, .ytick text, .legendtext") == []
