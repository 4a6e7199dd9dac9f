"""A learner's journey through the real app in headless Chromium, across a server restart.

Each test drives `streamlit run app.py` as a user would: by the labels on screen and the
sidebar's links. After every action a test waits for what the user would see change (a heading,
a ticked box, a toast), never for a fixed time.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.browser import wait_for_app
from tests.e2e.server import StreamlitServer

pytestmark = pytest.mark.e2e

DISPLAY_NAME, USERNAME, PASSPHRASE = "Maria Garcia", "maria", "correct horse battery"
CPR_LABEL = "CPR / BLS certification card"


def submit_sign_up(page: Page, display_name: str, username: str, passphrase: str) -> None:
    """Fill in and send the sign-in page's "Create an account" form."""
    page.get_by_role("tab", name="Create an account").click()
    form = page.get_by_role("tabpanel", name="Create an account")
    form.get_by_label("Your name, as shown on your dashboard").fill(display_name)
    form.get_by_label("Username", exact=True).fill(username)
    form.get_by_label("Passphrase", exact=True).fill(passphrase)
    form.get_by_role("button", name="Create account").click()


def sign_up(page: Page, display_name: str, username: str, passphrase: str) -> None:
    """Create an account and wait for the dashboard it opens."""
    submit_sign_up(page, display_name, username, passphrase)
    expect(page.get_by_role("heading", name="My dashboard")).to_be_visible()
    wait_for_app(page)


def sign_in(page: Page, username: str, passphrase: str) -> None:
    """Sign in on the sign-in page's "Sign in" tab."""
    form = page.get_by_role("tabpanel", name="Sign in")
    form.get_by_label("Username", exact=True).fill(username)
    form.get_by_label("Passphrase", exact=True).fill(passphrase)
    form.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="My dashboard")).to_be_visible()
    wait_for_app(page)


def open_page(page: Page, title: str, heading: str | None = None) -> None:
    """Follow the sidebar link `title`; wait for the page's heading (the title unless given)."""
    page.get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", name=heading or title, exact=True)).to_be_visible()
    wait_for_app(page)
    expect_no_exception(page)


def expect_no_exception(page: Page) -> None:
    """The page shows no Streamlit exception box."""
    expect(page.get_by_test_id("stException")).to_have_count(0)


def requirement_checkbox(page: Page, label: str) -> Locator:
    """A requirement's checkbox input (visually hidden; it carries the state and the name)."""
    return page.get_by_role("checkbox", name=label, exact=True)


def tick_requirement(page: Page, label: str) -> None:
    """Tick a requirement by clicking its label, as a user does, and wait for the save."""
    checkbox = requirement_checkbox(page, label)
    page.get_by_test_id("stCheckbox").filter(has=checkbox).get_by_text(label, exact=True).click()
    expect(checkbox).to_be_checked()
    expect(page.get_by_test_id("stToast").filter(has_text=f"Saved: {label}")).to_be_visible()


def rate_first_skill(page: Page, steps_up: int) -> Locator:
    """Move the first skill's rating slider up with the keyboard; returns the slider thumb."""
    thumb = page.get_by_test_id("stSlider").first.get_by_role("slider")
    thumb.focus()
    for _ in range(steps_up):
        thumb.press("ArrowRight")
    return thumb


def enter_date(page: Page, label: str, *, year: str, month: str, day: str) -> None:
    """Type a date into a Streamlit date input, one segment (year, month, day) at a time."""
    for part, digits in (("year", year), ("month", month), ("day", day)):
        segment = page.get_by_role("spinbutton", name=f"{part}, {label}")
        segment.click()
        segment.press_sequentially(digits)
        expect(segment).to_have_attribute("aria-valuenow", str(int(digits)))


def expect_radar_and_table(page: Page) -> None:
    """The skills radar and the table with the same numbers are both on screen."""
    expect(page.get_by_test_id("stPlotlyChart").locator(".js-plotly-plot")).to_be_visible()
    expect(page.get_by_test_id("stTable")).to_be_visible()


def test_learner_progress_survives_a_server_restart(
    page: Page, streamlit_server: StreamlitServer
) -> None:
    page.goto(streamlit_server.url)
    wait_for_app(page)
    sign_up(page, DISPLAY_NAME, USERNAME, PASSPHRASE)

    open_page(page, "Requirements")
    tick_requirement(page, CPR_LABEL)

    open_page(page, "Skills")
    rate_your_skills = page.get_by_test_id("stExpander").filter(has_text="Rate your skills")
    expect(rate_your_skills.locator("details")).to_have_attribute("open", "")
    thumb = rate_first_skill(page, steps_up=4)
    expect(thumb).to_have_attribute("aria-valuetext", "4 · Proficient")
    page.get_by_role("button", name="Save ratings").click()
    expect_radar_and_table(page)
    expect(page.get_by_text("1 saved rating")).to_be_visible()

    streamlit_server.stop()
    streamlit_server.start()
    page.goto(streamlit_server.url)
    wait_for_app(page)
    # Still signed in: the sign-in cookie's token is kept on disk like the accounts.
    expect(page.get_by_role("heading", name="My dashboard")).to_be_visible()

    open_page(page, "Requirements")
    expect(requirement_checkbox(page, CPR_LABEL)).to_be_checked()
    open_page(page, "Skills")
    expect_radar_and_table(page)
    expect(page.get_by_text("1 saved rating")).to_be_visible()
    expect_no_exception(page)


def test_learn_page_is_readable_without_an_account(
    page: Page, streamlit_server: StreamlitServer
) -> None:
    page.goto(streamlit_server.url)
    wait_for_app(page)
    open_page(page, "Learn about the job")
    expect(page.get_by_role("heading", name="Duties")).to_be_visible()
    expect(page.get_by_text("Bureau of Labor Statistics").first).to_be_visible()


def test_a_cpr_course_date_shows_when_the_card_expires(
    page: Page, streamlit_server: StreamlitServer
) -> None:
    page.goto(streamlit_server.url)
    wait_for_app(page)
    sign_up(page, "Sam Lee", "sam", "another long passphrase")
    open_page(page, "Credentials")

    enter_date(page, "Date earned (course or exam date)", year="2026", month="03", day="14")
    page.get_by_role("button", name="Add credential").click()

    expect(page.get_by_text("2028-03-31")).to_be_visible()
    expect(page.get_by_role("button", name="Add deadlines to my calendar (.ics)")).to_be_visible()
    expect_no_exception(page)
