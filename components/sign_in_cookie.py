"""The sign-in cookie: two small web routes that set it and clear it, served beside Streamlit.

A Streamlit run talks to the browser over a websocket and cannot set a cookie, let alone an
HttpOnly one, so `app.py` mounts these routes with `st.App` (still launched by
`streamlit run app.py`). After a successful sign-in the page posts a one-time code to
`SIGN_IN_PATH`; the route swaps it for a fresh token (`pathway.sessions`), sets the cookie
(HttpOnly, SameSite=Lax, path /, Secure over https; kept for MA_PATHWAY_SESSION_DAYS with
"Keep me signed in", else until the browser closes) and redirects to the app. `SIGN_OUT_PATH`
ends the cookie's token and clears it, and `ClearRefusedCookie` clears, on any page load, a
cookie the server refuses (forged, expired, ended elsewhere). Every run then reads the cookie
through `st.context.cookies` (components/session.py).
"""

from __future__ import annotations

from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pathway.sessions import signed_in_account, well_formed
from pathway.storage import Storage

COOKIE_NAME = "ma_pathway_session"
SIGN_IN_PATH = "/_pathway/sign-in"
SIGN_OUT_PATH = "/_pathway/sign-out"
_LONGEST_FORM = 1_024
"""Bytes read of a posted form: a code is 76 characters."""
_NOT_PAGES = ("/_stcore/", "/static/", "/media/", "/component/", "/_pathway/")
"""Paths that are Streamlit's own or these routes, not page loads."""


def routes() -> list[Route]:
    """The routes `st.App` serves beside Streamlit's own."""
    return [
        Route(SIGN_IN_PATH, _sign_in, methods=["POST"]),
        Route(SIGN_OUT_PATH, _sign_out, methods=["POST"]),
    ]


def middleware() -> list[Middleware]:
    """The middleware `st.App` runs before Streamlit's own."""
    return [Middleware(ClearRefusedCookie)]


class ClearRefusedCookie:
    """On a page load, a sign-in cookie the server refuses is cleared from the browser."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, adding a clearing Set-Cookie when its sign-in is refused."""
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or scope["path"].startswith(_NOT_PAGES)
        ):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        token = request.cookies.get(COOKIE_NAME)
        if token is None or await run_in_threadpool(_accepted, token):
            await self.app(scope, receive, send)
            return
        cleared = _cleared_cookie(request)

        async def send_clearing(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).append("set-cookie", cleared)
            await send(message)

        await self.app(scope, receive, send_clearing)


def _accepted(token: str) -> bool:
    return signed_in_account(_store(), token) is not None


def _cleared_cookie(request: Request) -> str:
    """The Set-Cookie header value that removes the sign-in cookie."""
    response = Response()
    response.delete_cookie(
        COOKIE_NAME, path="/", secure=_over_https(request), httponly=True, samesite="lax"
    )
    return response.headers["set-cookie"]


def _store() -> Storage:
    # The same store every session of this process uses (st.cache_resource), imported late:
    # this module is loaded by the web server before any session exists.
    from components.session import shared_store

    return shared_store()


def _from_this_site(request: Request) -> bool:
    """Whether the browser says the post came from the app's own pages (no login CSRF).

    Browsers send Sec-Fetch-Site with every request; one that sends nothing is let through.
    """
    return request.headers.get("sec-fetch-site", "same-origin") == "same-origin"


async def _posted_code(request: Request) -> str:
    body = (await request.body())[:_LONGEST_FORM].decode("ascii", errors="replace")
    return parse_qs(body).get("code", [""])[0]


async def _sign_in(request: Request) -> Response:
    """Swap the posted one-time code for a token in the cookie, then open the app."""
    response = RedirectResponse("/", status_code=303)
    code = await _posted_code(request)
    if not _from_this_site(request) or not well_formed(code):
        return response
    redeemed = await run_in_threadpool(_store().sessions.redeem, code)
    if redeemed is None:  # used, expired or made up: the app shows Sign in
        return response
    token, sign_in = redeemed
    store = _store()
    response.set_cookie(
        COOKIE_NAME,
        token,
        max_age=int(store.sessions.max_age.total_seconds()) if sign_in.keep else None,
        path="/",
        secure=_over_https(request),
        httponly=True,
        samesite="lax",
    )
    return response


async def _sign_out(request: Request) -> Response:
    """End the cookie's token on the server and clear the cookie."""
    response = RedirectResponse("/", status_code=303)
    if not _from_this_site(request):
        return response
    await run_in_threadpool(_store().sessions.revoke_token, request.cookies.get(COOKIE_NAME))
    response.headers.append("set-cookie", _cleared_cookie(request))
    return response


def _over_https(request: Request) -> bool:
    """Served over https, directly or behind a proxy that says so."""
    forwarded = request.headers.get("x-forwarded-proto", "")
    return request.url.scheme == "https" or forwarded.split(",")[0].strip() == "https"
