"""Smoke test: every page in the navigation runs, shows its own title, and raises nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from pathway.auth import sign_up
from pathway.store import Store
from tests.app.conftest import new_session
from tests.storage import set_role
from tests.test_drift import registered_pages

# Shown instead of everything else: to visitors, and to accounts that must change passphrase.
GATE_PAGES = {"pages/sign_in.py", "pages/change_passphrase.py"}
SIGNED_IN_PAGES = [(path, title) for path, title in registered_pages() if path not in GATE_PAGES]


@pytest.fixture
def instructor(app_data_dir: Path) -> str:
    """An instructor account, who is shown every signed-in page."""
    store = Store(app_data_dir)
    try:
        sign_up(store, "rivera", "Ana Rivera", "instructor passphrase")
        set_role(store, "rivera", "instructor")
    finally:
        store.close()
    return "rivera"


@pytest.mark.parametrize(("page", "title"), SIGNED_IN_PAGES)
def test_page_runs_for_a_signed_in_instructor(page: str, title: str, instructor: str) -> None:
    ran = new_session(instructor).switch_page(page).run()
    assert not ran.exception, ran.exception
    assert ran.title[0].value == title


def test_sign_in_page_runs_for_a_visitor(app_data_dir: Path) -> None:
    visitor = new_session()
    assert not visitor.exception
    assert visitor.title[0].value == "MA Pathway"
