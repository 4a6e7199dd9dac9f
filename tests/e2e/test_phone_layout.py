"""Every learner page on a phone (390 x 844) in real Chromium: nothing wider than the screen.

The learner signs up once, then opens each page by its address, as a phone user does with the
sidebar closed; the sign-in cookie keeps them signed in. A page passes when the document is no
wider than the viewport and no element sticks out past its edges, except inside a box
that scrolls or clips on its own (a wide table scrolls within itself, not the whole page).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.browser import wait_for_app
from tests.e2e.server import StreamlitServer
from tests.e2e.test_learner_journey import PASSPHRASE, USERNAME, expect_no_exception, sign_up

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
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(20_000)
    tab = context.new_page()
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
