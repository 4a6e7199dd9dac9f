"""Hostile text in every place a user can type it, rendered by the real app in Chromium.

Names, notes, class names and continuing education titles carry HTML, Markdown, javascript:
links, Streamlit directives, control characters and a right-to-left override. On every page
that shows them, the test checks that no injected element exists, no injected script ran, and
the text itself is on screen as typed.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from playwright.sync_api import Browser, Page, expect

from pathway.auth import sign_up as create_account
from pathway.classes import create_class, join_class
from pathway.data_file import SCHEMA_VERSION
from pathway.portability import EXPORT_FORMAT
from pathway.records import CEEntry, shown_id
from pathway.store import Store
from tests.e2e.browser import wait_for_app
from tests.e2e.server import StreamlitServer
from tests.e2e.test_learner_journey import open_page, sign_in, submit_sign_up
from tests.storage import add_entry, set_role

pytestmark = pytest.mark.e2e

PASSPHRASE = "correct horse battery"
HOSTILE_NAME = "<img src=x onerror=window.pwned=1>**Ana**"
HOSTILE_CLASS = "<img src=x onerror=window.pwned=2>[join](javascript:window.pwned=3)"
HOSTILE_TITLE = ":red[**CE**] <b>bold</b> [x](javascript:window.pwned=4) $x^2$"
HOSTILE_NOTE = (
    "<script>window.pwned=5</script>\n[click](javascript:window.pwned=6) **bold**\n"
    "\u202eright-to-left override\u0007 bell"
)
INJECTED = (
    'img[src="x"], script:text-matches("pwned"), a[href^="javascript"], '
    'strong:text-is("Ana"), strong:text-is("CE"), b:text-is("bold")'
)


def expect_inert(page: Page) -> None:
    """No element made from user text exists and no injected script has run."""
    wait_for_app(page)
    expect(page.locator(INJECTED)).to_have_count(0)
    assert page.evaluate("window.pwned") is None


def choose_requirement(page: Page, title: str) -> None:
    """Pick an item in the Dates and notes panel by typing its title, as a keyboard user does."""
    chooser = page.get_by_role("combobox", name="Requirement")
    chooser.click()
    chooser.fill(title)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Save details")).to_be_visible()
    wait_for_app(page)


@pytest.fixture
def hostile_class(streamlit_server: StreamlitServer) -> str:
    """A class with a hostile name, joined by a learner with a hostile name and CE title.

    Returns the learner's username; the instructor is "rivera".
    """
    store = Store(streamlit_server.data_dir)
    try:
        instructor = create_account(store, "rivera", "Ana Rivera", PASSPHRASE)
        set_role(store, "rivera", "instructor")
        rivera = store.find_account("rivera")
        assert rivera is not None
        classroom = create_class(store, rivera, HOSTILE_CLASS, date.today())
        learner = create_account(store, "ana", HOSTILE_NAME, PASSPHRASE)
        join_class(store, learner, classroom.join_code)
        add_entry(
            store,
            learner.user_id,
            CEEntry(completed_on=date.today(), title=HOSTILE_TITLE, amount=1, category="clinical"),
        )
        assert instructor.username == "rivera"
        return learner.username
    finally:
        store.close()


def test_hostile_text_is_inert_on_every_learner_page(
    page: Page, streamlit_server: StreamlitServer, hostile_class: str
) -> None:
    page.goto(streamlit_server.url)
    wait_for_app(page)
    sign_in(page, hostile_class, PASSPHRASE)
    expect(page.get_by_text(f"Welcome, {HOSTILE_NAME}.")).to_be_visible()
    expect_inert(page)

    open_page(page, "Requirements")
    choose_requirement(page, "CPR / BLS certification card")
    page.get_by_role("textbox", name="Note").fill(HOSTILE_NOTE)
    page.get_by_role("button", name="Save details").click()
    expect(page.get_by_text("has a note").first).to_be_visible()
    expect_inert(page)
    open_page(page, "Requirements")
    choose_requirement(page, "CPR / BLS certification card")
    expect(page.get_by_role("textbox", name="Note")).to_have_value(HOSTILE_NOTE)
    expect_inert(page)

    open_page(page, "Credentials")
    expect(page.get_by_text(HOSTILE_TITLE).first).to_be_attached()
    expect_inert(page)

    open_page(page, "My account")
    expect(page.get_by_text(HOSTILE_CLASS).first).to_be_visible()
    expect_inert(page)


def test_hostile_text_is_inert_on_the_instructors_pages(
    browser: Browser, streamlit_server: StreamlitServer, hostile_class: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(streamlit_server.url)
        wait_for_app(page)
        sign_in(page, "rivera", PASSPHRASE)
        open_page(page, "My classes")
        expect_inert(page)
        open_page(page, "Class progress")
        # The heatmap's row label, drawn by Plotly as SVG text.
        expect(page.locator("svg text", has_text="<img src=x").first).to_be_attached()
        expect_inert(page)
    finally:
        context.close()


def test_a_megabyte_name_is_refused_with_the_limit(
    page: Page, streamlit_server: StreamlitServer
) -> None:
    page.goto(streamlit_server.url)
    wait_for_app(page)
    submit_sign_up(page, "A" * 1_000_000, "mega", PASSPHRASE)
    expect(page.get_by_text("Display names are at most 60 characters.")).to_be_visible()
    expect(page.get_by_role("heading", name="My dashboard")).to_have_count(0)


def test_a_name_with_a_right_to_left_override_is_refused_with_a_message(
    page: Page, streamlit_server: StreamlitServer
) -> None:
    page.goto(streamlit_server.url)
    wait_for_app(page)
    submit_sign_up(page, "Ana \u202eavilS", "ana", PASSPHRASE)
    expect(page.get_by_text("Display names cannot contain control characters.")).to_be_visible()


LINKING_USERNAME = "[Click](https://evil.example) ![t](http://127.0.0.1/x.png)"
LINKING_CLASS = "https://evil.example/join www.evil.example ![t](http://127.0.0.1/x.png)"
EVIL_LINK = 'a[href*="evil"], img[src*="x.png"]'


def record_image_requests(page: Page) -> list[str]:
    """Every request the page makes for the injected image, filled in as they happen."""
    fetched: list[str] = []
    page.on("request", lambda request: "x.png" in request.url and fetched.append(request.url))
    return fetched


def test_a_username_quoted_by_an_import_is_no_link_and_fetches_no_image(
    page: Page, streamlit_server: StreamlitServer
) -> None:
    """Issue 18.9: the message quoting the export's username rendered a link and an image.

    Since issue 19.6 another account's export asks first ("This export is from ..."): the
    question quotes the username, and must quote it as text.
    """
    store = Store(streamlit_server.data_dir)
    try:
        create_account(store, "ana", "Ana", PASSPHRASE)
    finally:
        store.close()
    fetched = record_image_requests(page)
    page.goto(streamlit_server.url)
    wait_for_app(page)
    sign_in(page, "ana", PASSPHRASE)
    open_page(page, "My account")
    export = {
        "format": EXPORT_FORMAT,
        "schema_version": SCHEMA_VERSION,
        "account": {"username": LINKING_USERNAME},
        "record": {},
    }
    contents = json.dumps(export).encode()
    upload = {"name": "x.json", "mimeType": "application/json", "buffer": contents}
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(files=[upload])
    page.get_by_role("button", name="Import").click()
    refusal = page.get_by_test_id("stAlert").filter(has_text="This export is from")
    expect(refusal).to_be_visible()
    wait_for_app(page)
    expect(page.locator(EVIL_LINK)).to_have_count(0)
    assert fetched == []
    # As typed, but for the invisible word joiners that stop Markdown's bare links.
    # The question quotes the username as typed, cut to a message's length (`shown_id`).
    assert shown_id(LINKING_USERNAME) in refusal.inner_text().replace("\u2060", "")


def test_a_class_name_with_bare_links_is_no_link_in_the_toast_or_the_class_table(
    browser: Browser, page: Page, streamlit_server: StreamlitServer
) -> None:
    """Issue 18.9: bare URLs in a class name became links in "Joined" and on My classes."""
    store = Store(streamlit_server.data_dir)
    try:
        create_account(store, "rivera", "Ana Rivera", PASSPHRASE)
        set_role(store, "rivera", "instructor")
        rivera = store.find_account("rivera")
        assert rivera is not None
        code = create_class(store, rivera, LINKING_CLASS, date.today()).join_code
        create_account(store, "ana", "Ana", PASSPHRASE)
    finally:
        store.close()
    fetched = record_image_requests(page)
    page.goto(streamlit_server.url)
    wait_for_app(page)
    sign_in(page, "ana", PASSPHRASE)
    open_page(page, "My account")
    page.get_by_label("Join code from your instructor").fill(code)
    page.get_by_role("button", name="Join class").click()
    toast = page.get_by_test_id("stToast").filter(has_text="Joined")
    expect(toast).to_be_visible()
    expect(toast.locator(EVIL_LINK)).to_have_count(0)
    expect(page.locator(EVIL_LINK)).to_have_count(0)

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        teacher = context.new_page()
        fetched_by_teacher = record_image_requests(teacher)
        teacher.goto(streamlit_server.url)
        wait_for_app(teacher)
        sign_in(teacher, "rivera", PASSPHRASE)
        open_page(teacher, "My classes")
        expect(teacher.get_by_test_id("stDataFrame")).to_be_visible()
        expect(teacher.locator(EVIL_LINK)).to_have_count(0)
    finally:
        context.close()
    assert fetched == fetched_by_teacher == []
