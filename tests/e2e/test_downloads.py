"""Exports in the real app: built when clicked, and no longer served once the learner signs out.

Issue 18.7: `/media/<id>.json` and `.pdf` answered 200 with no cookie 200 s after sign-out. The
test fetches the download's URL as a stranger would: a fresh request with no cookie.
"""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import wait_for_app
from tests.e2e.server import StreamlitServer
from tests.e2e.test_learner_journey import open_page, sign_up

pytestmark = pytest.mark.e2e


def status_without_cookie(url: str) -> int:
    """The HTTP status a request with no cookie and no session gets for `url`."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def download(page: Page, label: str) -> str:
    """Click a download button and return the address the file came from."""
    with page.expect_download() as started:
        page.get_by_role("button", name=label).click()
    return started.value.url


def test_exports_are_not_served_after_sign_out(
    page: Page, streamlit_server: StreamlitServer
) -> None:
    page.goto(streamlit_server.url)
    wait_for_app(page)
    sign_up(page, "Maria Garcia", "maria", "correct horse battery")
    open_page(page, "My account")
    urls = [
        download(page, "Download all my data (JSON)"),
        download(page, "Download my progress report (PDF)"),
    ]
    assert [status_without_cookie(url) for url in urls] == [200, 200]

    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page.get_by_role("tab", name="Create an account")).to_be_visible()
    wait_for_app(page)
    assert [status_without_cookie(url) for url in urls] == [404, 404]
