"""Smoke test: every page in the navigation runs without an exception."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from tests.test_drift import registered_pages

SIGNED_IN_PAGES = [path for path, _ in registered_pages()]


@pytest.mark.parametrize("page", SIGNED_IN_PAGES)
def test_page_runs_for_a_signed_in_learner(page: str, open_page: Callable[[str], AppTest]) -> None:
    ran = open_page(page)
    assert not ran.exception, ran.exception


def test_sign_in_page_runs_for_a_visitor(app: AppTest) -> None:
    assert not app.exception
    assert app.title[0].value == "MA Pathway"
