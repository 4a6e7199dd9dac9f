"""Staying signed in across reloads, tabs and browser restarts, and ending it, in real Chromium.

Each browser context is one browser profile with its own cookies; "closing the browser" is a
new context given the old one's cookies minus the session cookies, as a browser keeps them.
Each test waits for what a user would see, never for a fixed time.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, WebSocket, expect
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect

from components.sign_in_cookie import COOKIE_NAME
from pathway.accounts import Account, hash_passphrase
from pathway.data_file import DataFile, where
from pathway.sessions import token_hash
from pathway.store import Store
from tests.e2e.browser import wait_for_app
from tests.e2e.server import StreamlitServer
from tests.e2e.test_learner_journey import (
    PASSPHRASE,
    USERNAME,
    expect_no_exception,
    open_page,
    sign_up,
)

pytestmark = pytest.mark.e2e

NewContext = Callable[..., BrowserContext]


@pytest.fixture
def new_context(browser: Browser) -> Iterator[NewContext]:
    """Open browser contexts (profiles) as a test needs them; all closed at teardown."""
    opened: list[BrowserContext] = []

    def open_(cookies: list | None = None) -> BrowserContext:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(20_000)
        if cookies:
            context.add_cookies(cookies)
        opened.append(context)
        return context

    yield open_
    for context in opened:
        context.close()


def visit(context: BrowserContext, url: str) -> Page:
    """A new tab of `context` on `url`, once the app has finished its run."""
    tab = context.new_page()
    tab.goto(url)
    wait_for_app(tab)
    return tab


def expect_signed_in(tab: Page) -> None:
    expect(tab.get_by_role("button", name="Sign out")).to_be_visible()
    expect_no_exception(tab)


def expect_signed_out(tab: Page) -> None:
    expect(tab.get_by_role("tabpanel", name="Sign in").get_by_label("Username")).to_be_visible()
    expect(tab.get_by_role("button", name="Sign out")).to_have_count(0)
    expect_no_exception(tab)


def sign_in_with(tab: Page, username: str, passphrase: str, *, keep: bool = True) -> None:
    """Sign in on the sign-in form, ticking or unticking "Keep me signed in"."""
    form = tab.get_by_role("tabpanel", name="Sign in")
    form.get_by_label("Username", exact=True).fill(username)
    form.get_by_label("Passphrase", exact=True).fill(passphrase)
    keep_box = form.get_by_role("checkbox", name="Keep me signed in")
    if keep_box.is_checked() != keep:
        form.get_by_text("Keep me signed in").click()
    form.get_by_role("button", name="Sign in").click()
    expect(tab.get_by_role("button", name="Sign out")).to_be_visible()
    wait_for_app(tab)


def sign_out(tab: Page) -> None:
    tab.get_by_role("button", name="Sign out").click()
    expect_signed_out(tab)
    wait_for_app(tab)


def reopened_browser(new_context: NewContext, closed: BrowserContext) -> BrowserContext:
    """The same profile after the browser was closed: session cookies are gone."""
    kept = [cookie for cookie in closed.cookies() if cookie["expires"] != -1]
    closed.close()
    return new_context(kept)


@pytest.fixture
def signed_up(new_context: NewContext, streamlit_server: StreamlitServer) -> BrowserContext:
    """A browser profile in which Maria created her account (and so is signed in)."""
    context = new_context()
    tab = visit(context, streamlit_server.url)
    sign_up(tab, "Maria Garcia", USERNAME, PASSPHRASE)
    tab.close()
    return context


def test_a_reload_keeps_the_learner_signed_in_on_the_same_page(
    signed_up: BrowserContext, streamlit_server: StreamlitServer
) -> None:
    tab = visit(signed_up, streamlit_server.url)
    open_page(tab, "Requirements")
    tab.reload()
    wait_for_app(tab)

    expect_signed_in(tab)
    expect(tab.get_by_role("heading", name="Requirements", exact=True)).to_be_visible()


def test_a_second_tab_is_signed_in(
    signed_up: BrowserContext, streamlit_server: StreamlitServer
) -> None:
    expect_signed_in(visit(signed_up, streamlit_server.url + "checklist"))


def test_the_sign_in_cookie_is_http_only_lax_and_for_the_whole_site(
    signed_up: BrowserContext,
) -> None:
    (cookie,) = [c for c in signed_up.cookies() if c["name"] == COOKIE_NAME]

    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Lax"
    assert cookie["path"] == "/"


def test_without_keep_me_signed_in_closing_the_browser_signs_out(
    new_context: NewContext, signed_up: BrowserContext, streamlit_server: StreamlitServer
) -> None:
    context = new_context()
    tab = visit(context, streamlit_server.url)
    sign_in_with(tab, USERNAME, PASSPHRASE, keep=False)

    expect_signed_out(visit(reopened_browser(new_context, context), streamlit_server.url))


def test_with_keep_me_signed_in_closing_the_browser_keeps_the_sign_in(
    new_context: NewContext, signed_up: BrowserContext, streamlit_server: StreamlitServer
) -> None:
    context = new_context()
    tab = visit(context, streamlit_server.url)
    sign_in_with(tab, USERNAME, PASSPHRASE, keep=True)

    expect_signed_in(visit(reopened_browser(new_context, context), streamlit_server.url))


def test_after_signing_out_a_reload_shows_sign_in(
    signed_up: BrowserContext, streamlit_server: StreamlitServer
) -> None:
    tab = visit(signed_up, streamlit_server.url)
    sign_out(tab)
    tab.reload()
    wait_for_app(tab)

    expect_signed_out(tab)
    assert [c for c in signed_up.cookies() if c["name"] == COOKIE_NAME] == []


def test_a_cookie_copied_before_signing_out_is_refused_after_it(
    new_context: NewContext, signed_up: BrowserContext, streamlit_server: StreamlitServer
) -> None:
    copied = signed_up.cookies()
    sign_out(visit(signed_up, streamlit_server.url))
    copy = new_context(copied)

    expect_signed_out(visit(copy, streamlit_server.url))
    assert [c for c in copy.cookies() if c["name"] == COOKIE_NAME] == []  # and cleared


def test_sign_out_everywhere_signs_out_another_browser_on_its_next_run(
    new_context: NewContext, signed_up: BrowserContext, streamlit_server: StreamlitServer
) -> None:
    phone = visit(new_context(), streamlit_server.url)
    sign_in_with(phone, USERNAME, PASSPHRASE)
    laptop = visit(signed_up, streamlit_server.url)
    open_page(laptop, "My account")
    laptop.get_by_role("button", name="Sign out everywhere").click()
    expect_signed_out(laptop)

    phone.get_by_role("link", name="Roadmap", exact=True).click()  # its next run
    expect_signed_out(phone)


def test_changing_the_passphrase_signs_out_other_browsers(
    new_context: NewContext, streamlit_server: StreamlitServer
) -> None:
    store = Store(streamlit_server.data_dir)
    try:  # an account from a roster, which must choose its passphrase at first sign-in
        store.add_account(
            Account(
                user_id=uuid.uuid4().hex,
                username="jo",
                display_name="Jo",
                passphrase_hash=hash_passphrase("one-time pass"),
                created_at=datetime.now(UTC),
                must_change_passphrase=True,
            )
        )
    finally:
        store.close()
    other = visit(new_context(), streamlit_server.url)
    sign_in_with_one_time(other)
    this = visit(new_context(), streamlit_server.url)
    sign_in_with_one_time(this)

    this.get_by_label("New passphrase").fill("my own passphrase")
    this.get_by_label("The same again").fill("my own passphrase")
    this.get_by_role("button", name="Save passphrase").click()
    expect(this.get_by_role("heading", name="My dashboard")).to_be_visible()

    other.get_by_label("New passphrase").fill("another passphrase")
    other.get_by_label("The same again").fill("another passphrase")
    other.get_by_role("button", name="Save passphrase").click()  # its next run
    expect_signed_out(other)
    this.reload()
    wait_for_app(this)
    expect_signed_in(this)


def sign_in_with_one_time(tab: Page) -> None:
    form = tab.get_by_role("tabpanel", name="Sign in")
    form.get_by_label("Username", exact=True).fill("jo")
    form.get_by_label("Passphrase", exact=True).fill("one-time pass")
    form.get_by_role("button", name="Sign in").click()
    expect(tab.get_by_role("heading", name="Choose your passphrase")).to_be_visible()
    wait_for_app(tab)


@pytest.mark.parametrize("make_bad", ["forged", "truncated", "expired"])
def test_a_bad_token_shows_sign_in_without_an_error(
    new_context: NewContext,
    signed_up: BrowserContext,
    streamlit_server: StreamlitServer,
    make_bad: str,
) -> None:
    (cookie,) = [c for c in signed_up.cookies() if c["name"] == COOKIE_NAME]
    if make_bad == "forged":
        cookie["value"] = "A" * len(cookie["value"])
    elif make_bad == "truncated":
        cookie["value"] = cookie["value"][:20]
    else:  # the stored sign-in's expiry put in the past, as time would
        expire_sign_in(streamlit_server, cookie["value"])

    context = new_context([cookie])
    tab = visit(context, streamlit_server.url)

    expect_signed_out(tab)
    expect(tab.get_by_text("Traceback")).to_have_count(0)
    assert [c for c in context.cookies() if c["name"] == COOKIE_NAME] == []  # cleared


def expire_sign_in(server: StreamlitServer, token: str) -> None:
    """Move the stored expiry of `token`'s sign-in into the past, as time would."""
    user_id = token.split(".", 1)[0]  # a token is <account id>.<secret>
    sessions = DataFile(server.data_dir / "sessions" / f"{user_id}.json", create=False)
    try:  # the one locked write path, as another process would use it
        sessions.change(
            lambda table: table("tokens").update(
                {"expires_at": "2000-01-01T00:00:00Z"}, where("token_hash", token_hash(token))
            )
        )
    finally:
        sessions.close()


def session_ids(tab: Page) -> list[str]:
    """The Streamlit session ids the server hands this tab, as they arrive (filled in later)."""
    ids: list[str] = []

    def watch(socket: WebSocket) -> None:
        def read(payload: str | bytes) -> None:
            if isinstance(payload, bytes):
                message = ForwardMsg()
                message.ParseFromString(payload)
                if message.WhichOneof("type") == "new_session":
                    ids.append(message.new_session.initialize.session_id)

        socket.on("framereceived", read)

    tab.on("websocket", watch)
    return ids


def replayed_run(server: StreamlitServer, session_id: str) -> str:
    """Everything one run sends to a raw websocket that offers `session_id` and no cookie."""
    url = f"ws://127.0.0.1:{server.port}/_stcore/stream"
    with connect(url, subprotocols=["streamlit", "none", session_id], open_timeout=20) as socket:
        rerun = BackMsg()
        rerun.rerun_script.query_string = ""
        socket.send(rerun.SerializeToString())
        received = []
        while True:
            message = ForwardMsg()
            message.ParseFromString(socket.recv(timeout=30))
            received.append(str(message))
            if message.WhichOneof("type") == "script_finished":
                return "\n".join(received)


def test_regression_a_replayed_session_id_without_the_cookie_is_signed_out(
    new_context: NewContext, streamlit_server: StreamlitServer
) -> None:
    victim = new_context().new_page()
    ids = session_ids(victim)
    victim.goto(streamlit_server.url)
    wait_for_app(victim)
    sign_up(victim, "Maria Garcia", USERNAME, PASSPHRASE)

    replayed = replayed_run(streamlit_server, ids[-1])

    assert "Maria Garcia" not in replayed
    assert "Sign out" not in replayed
    assert "Create an account" in replayed  # the sign-in page, for a visitor


def test_regression_a_session_id_from_before_sign_in_is_not_signed_in_after_it(
    new_context: NewContext, streamlit_server: StreamlitServer
) -> None:
    victim = new_context().new_page()
    ids = session_ids(victim)
    victim.goto(streamlit_server.url)
    wait_for_app(victim)
    before = ids[-1]
    sign_up(victim, "Maria Garcia", USERNAME, PASSPHRASE)

    replayed = replayed_run(streamlit_server, before)

    assert "Maria Garcia" not in replayed
    assert "Sign out" not in replayed
