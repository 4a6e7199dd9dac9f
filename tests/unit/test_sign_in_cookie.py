"""Specifies the sign-in cookie routes: what Set-Cookie they send, and when they send none.

The routes run in a real Starlette app over a real store in a temporary folder, driven by
Starlette's test client (the Chromium tests cover the same routes behind `streamlit run`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from components.sign_in_cookie import COOKIE_NAME, SIGN_IN_PATH, SIGN_OUT_PATH, middleware, routes
from pathway import settings
from pathway.accounts import Account
from pathway.sessions import signed_in_account
from pathway.store import Store

DAY_SECONDS = 24 * 60 * 60


@pytest.fixture
def app_store(data_dir: Path, store: Store, monkeypatch: pytest.MonkeyPatch) -> Store:
    """The test's store, on the folder the routes read through MA_PATHWAY_DATA_DIR."""
    monkeypatch.setenv(settings.DATA_DIR.name, str(data_dir))
    return store


@pytest.fixture
def client(app_store: Store) -> Callable[..., TestClient]:
    def client_(base_url: str = "http://testserver") -> TestClient:
        app = Starlette(routes=routes(), middleware=middleware())
        return TestClient(app, base_url=base_url, follow_redirects=False)

    return client_


@pytest.fixture
def maria(add_learner: Callable[[str], Account]) -> Account:
    return add_learner("maria")


def post_code(client: TestClient, code: str, **headers: str) -> str:
    """Post a sign-in code as the app's page does; the Set-Cookie header sent back, or ""."""
    response = client.post(SIGN_IN_PATH, data={"code": code}, headers=headers)
    assert response.status_code == 303
    return response.headers.get("set-cookie", "")


def test_a_kept_sign_in_sets_an_http_only_lax_cookie_for_the_longest_sign_in(
    app_store: Store, client: Callable[..., TestClient], maria: Account
) -> None:
    header = post_code(client(), app_store.sessions.begin_sign_in(maria, keep=True))

    assert header.startswith(f"{COOKIE_NAME}=")
    for attribute in ("HttpOnly", "Path=/", "SameSite=lax", f"Max-Age={30 * DAY_SECONDS}"):
        assert attribute in header
    assert "Secure" not in header  # plain http


def test_the_cookie_signs_its_account_in(
    app_store: Store, client: Callable[..., TestClient], maria: Account
) -> None:
    test_client = client()
    post_code(test_client, app_store.sessions.begin_sign_in(maria, keep=True))

    signed_in = signed_in_account(app_store, test_client.cookies[COOKIE_NAME])
    assert signed_in is not None
    assert signed_in[0] == maria


def test_a_sign_in_not_kept_sets_a_cookie_that_ends_with_the_browser(
    app_store: Store, client: Callable[..., TestClient], maria: Account
) -> None:
    header = post_code(client(), app_store.sessions.begin_sign_in(maria, keep=False))

    assert header.startswith(f"{COOKIE_NAME}=")
    assert "Max-Age" not in header
    assert "expires" not in header.lower()


def test_over_https_the_cookie_is_secure(
    app_store: Store, client: Callable[..., TestClient], maria: Account
) -> None:
    code = app_store.sessions.begin_sign_in(maria, keep=True)
    header = post_code(client("https://testserver"), code)

    assert "Secure" in header


def test_behind_an_https_proxy_the_cookie_is_secure(
    app_store: Store, client: Callable[..., TestClient], maria: Account
) -> None:
    code = app_store.sessions.begin_sign_in(maria, keep=True)

    assert "Secure" in post_code(client(), code, **{"X-Forwarded-Proto": "https"})


def test_a_post_from_another_site_sets_no_cookie(
    app_store: Store, client: Callable[..., TestClient], maria: Account
) -> None:
    code = app_store.sessions.begin_sign_in(maria, keep=True)

    assert post_code(client(), code, **{"Sec-Fetch-Site": "cross-site"}) == ""


@pytest.mark.parametrize("code", ["", "made up", "x" * 5000])
def test_a_bad_code_sets_no_cookie(client: Callable[..., TestClient], code: str) -> None:
    assert post_code(client(), code) == ""


def test_a_code_used_once_sets_no_cookie_the_second_time(
    app_store: Store, client: Callable[..., TestClient], maria: Account
) -> None:
    code = app_store.sessions.begin_sign_in(maria, keep=True)
    post_code(client(), code)

    assert post_code(client(), code) == ""


def test_signing_out_ends_the_token_and_clears_the_cookie(
    app_store: Store, client: Callable[..., TestClient], maria: Account
) -> None:
    test_client = client()
    post_code(test_client, app_store.sessions.begin_sign_in(maria, keep=True))
    token = test_client.cookies[COOKIE_NAME]

    response = test_client.post(SIGN_OUT_PATH)

    assert f'{COOKIE_NAME}=""' in response.headers["set-cookie"]
    assert signed_in_account(app_store, token) is None


def test_a_page_load_with_a_refused_cookie_clears_it(client: Callable[..., TestClient]) -> None:
    test_client = client()
    test_client.cookies[COOKIE_NAME] = "forged"

    response = test_client.get("/checklist")  # no such route here: only the header matters

    assert f'{COOKIE_NAME}=""' in response.headers["set-cookie"]


def test_a_page_load_with_a_live_cookie_keeps_it(
    app_store: Store, client: Callable[..., TestClient], maria: Account
) -> None:
    test_client = client()
    post_code(test_client, app_store.sessions.begin_sign_in(maria, keep=True))

    assert "set-cookie" not in test_client.get("/checklist").headers
