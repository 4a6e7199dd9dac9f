"""A learner's journey in the real app and a real browser, across a server restart."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.browser import wait_for_app
from tests.e2e.server import StreamlitServer

pytestmark = pytest.mark.e2e

CPR_LABEL = "CPR / BLS certification card"


def sign_up(page: Page, display_name: str, username: str, passphrase: str) -> None:
    """Create an account on the sign-in page's second tab."""
    page.get_by_role("tab", name="Create an account").click()
    page.locator(".st-key-sign_up_display_name input").fill(display_name)
    page.locator(".st-key-sign_up_username input").fill(username)
    page.locator(".st-key-sign_up_passphrase input").fill(passphrase)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="My dashboard")).to_be_visible()


def sign_in(page: Page, username: str, passphrase: str) -> None:
    """Sign in on the sign-in page's first tab."""
    page.locator(".st-key-sign_in_username input").fill(username)
    page.locator(".st-key-sign_in_passphrase input").fill(passphrase)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="My dashboard")).to_be_visible()


def open_page(page: Page, title: str, heading: str) -> None:
    """Follow a sidebar navigation link and wait for the page's heading."""
    page.get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    wait_for_app(page)


def enter_date(page: Page, label: str, *, year: str, month: str, day: str) -> None:
    """Type a date into a Streamlit date input, one segment (year, month, day) at a time."""
    for part, digits in (("year", year), ("month", month), ("day", day)):
        segment = page.get_by_role("spinbutton", name=f"{part}, {label}")
        segment.click()
        segment.press_sequentially(digits)
        expect(segment).to_have_attribute("aria-valuenow", str(int(digits)))


def cpr_checkbox(page: Page) -> Locator:
    """The CPR requirement's checkbox (the input itself is visually hidden)."""
    return page.get_by_role("checkbox", name=CPR_LABEL)


def test_ticks_and_ratings_survive_a_server_restart(
    page: Page, make_server: Callable[[], StreamlitServer]
) -> None:
    server = make_server()
    server.start()
    page.goto(server.url)
    wait_for_app(page)
    sign_up(page, "Maria Garcia", "maria", "correct horse battery")

    open_page(page, "Requirements", "Requirements")
    page.get_by_text(CPR_LABEL, exact=True).click()
    expect(cpr_checkbox(page)).to_be_checked()
    expect(page.get_by_text(f"Saved: {CPR_LABEL} — done")).to_be_visible()

    open_page(page, "Skills", "Skills")
    first_slider = page.get_by_role("slider").first
    first_slider.focus()
    for _ in range(4):
        first_slider.press("ArrowRight")
    expect(first_slider).to_have_attribute("aria-valuetext", "4 · Proficient")
    page.get_by_role("button", name="Save ratings").click()
    expect(page.locator('[data-testid="stPlotlyChart"]')).to_be_visible()
    expect(page.locator('[data-testid="stTable"]')).to_be_visible()

    server.stop()
    server.start()
    page.goto(server.url)
    wait_for_app(page)
    sign_in(page, "maria", "correct horse battery")

    open_page(page, "Requirements", "Requirements")
    expect(cpr_checkbox(page)).to_be_checked()
    open_page(page, "Skills", "Skills")
    expect(page.locator('[data-testid="stPlotlyChart"]')).to_be_visible()
    expect(page.get_by_text("1 saved rating(s)", exact=False)).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def test_learn_page_is_readable_without_an_account(
    page: Page, make_server: Callable[[], StreamlitServer]
) -> None:
    server = make_server()
    server.start()
    page.goto(server.url)
    wait_for_app(page)
    open_page(page, "Learn about the job", "Learn about the job")
    expect(page.get_by_role("heading", name="Duties")).to_be_visible()
    expect(page.get_by_text("Bureau of Labor Statistics").first).to_be_visible()


def test_a_cpr_course_date_shows_when_the_card_expires(
    page: Page, make_server: Callable[[], StreamlitServer]
) -> None:
    server = make_server()
    server.start()
    page.goto(server.url)
    wait_for_app(page)
    sign_up(page, "Sam Lee", "sam", "another long passphrase")
    open_page(page, "Credentials", "Credentials")

    enter_date(page, "Date earned (course or exam date)", year="2026", month="03", day="14")
    page.get_by_role("button", name="Add credential").click()

    expect(page.get_by_text("2028-03-31")).to_be_visible()
    expect(page.get_by_role("button", name="Add deadlines to my calendar (.ics)")).to_be_visible()
