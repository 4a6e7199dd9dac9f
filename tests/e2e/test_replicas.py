"""Two `streamlit run` replicas on one PostgreSQL database, as behind a load balancer.

Each replica is its own process with its own caches; only the database is shared. A learner
signs up on one and ticks on the other, and each sees both ticks; a replica SIGKILLed right
after its last acknowledged tick loses none of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from pathway.pg_store import PgStore
from pathway.records import ItemState
from pathway.settings import DATABASE_URL
from tests.e2e.browser import wait_for_app
from tests.e2e.server import StreamlitServer
from tests.e2e.test_learner_journey import (
    open_page,
    requirement_checkbox,
    sign_in,
    sign_up,
    tick_requirement,
)

pytestmark = pytest.mark.e2e

PASSPHRASE = "two replicas passphrase"
FIRST, SECOND = "High school diploma or GED certificate", "CPR / BLS certification card"
TICKED_BEFORE_THE_KILL = ("Background check", "Drug screening", "Immunization: hepatitis B series")


@pytest.fixture
def replicas(database_url: str, tmp_path: Path) -> Iterator[tuple[StreamlitServer, ...]]:
    """Two replicas of the app on the tests' database, each with its own (unused) data folder."""
    servers = tuple(
        StreamlitServer(
            tmp_path / f"data-{name}",
            tmp_path / f"streamlit-{name}.log",
            environment={DATABASE_URL.name: database_url},
        )
        for name in ("a", "b")
    )
    try:
        for server in servers:
            server.start()
        yield servers
    finally:
        for server in servers:
            server.stop()


def open_tab(browser: Browser, server: StreamlitServer) -> Page:
    """A new browser (its own cookies) on one replica's sign-in page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(server.url)
    wait_for_app(page)
    return page


def ticked(page: Page, label: str) -> None:
    """The requirements page, reloaded from its replica, shows `label` ticked."""
    page.reload()
    wait_for_app(page)
    expect(requirement_checkbox(page, label)).to_be_checked()


def test_a_tick_on_either_replica_is_seen_on_both(
    browser: Browser, replicas: tuple[StreamlitServer, ...]
) -> None:
    first, second = replicas
    on_a = open_tab(browser, first)
    sign_up(on_a, "Maria Garcia", "maria", PASSPHRASE)
    open_page(on_a, "Requirements")
    tick_requirement(on_a, FIRST)

    on_b = open_tab(browser, second)
    sign_in(on_b, "maria", PASSPHRASE)
    open_page(on_b, "Requirements")
    expect(requirement_checkbox(on_b, FIRST)).to_be_checked()
    tick_requirement(on_b, SECOND)

    ticked(on_a, SECOND)
    ticked(on_b, FIRST)


def test_a_replica_killed_after_acknowledging_ticks_loses_none(
    browser: Browser, replicas: tuple[StreamlitServer, ...], database_url: str
) -> None:
    first, second = replicas
    on_b = open_tab(browser, second)
    sign_up(on_b, "Ben Okafor", "ben", PASSPHRASE)
    open_page(on_b, "Requirements")
    for label in TICKED_BEFORE_THE_KILL:
        tick_requirement(on_b, label)  # returns once the page has said "Saved"
    second.kill()

    on_a = open_tab(browser, first)
    sign_in(on_a, "ben", PASSPHRASE)
    open_page(on_a, "Requirements")
    for label in TICKED_BEFORE_THE_KILL:
        expect(requirement_checkbox(on_a, label)).to_be_checked()
    store = PgStore(database_url)
    try:
        ben = store.find_account("ben")
        assert ben is not None
        done = [p for p in store.read(ben.user_id).progress.values() if p.state is ItemState.DONE]
        assert len(done) == len(TICKED_BEFORE_THE_KILL)
    finally:
        store.close()
