"""Downloads (PDF report, JSON export, calendar) are built on request and gone after sign-out.

Issue 18.7: the exports used to be built on every run of My account and kept by Streamlit's
media store under a URL anyone could fetch without a cookie, long after sign-out.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import streamlit.testing.v1.app_test as app_test_module
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.media_file_storage import MediaFileStorageError
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

import pathway.portability
import pathway.report
from pathway.auth import add_account_with_hash
from pathway.classes import create_class, join_class
from pathway.store import Store
from tests.app.test_credentials_page import add_credential
from tests.storage import set_role


@pytest.fixture
def media() -> Iterator[MediaFileManager]:
    """One media store for every run, as a real server has (AppTest makes one per run)."""
    shared = MediaFileManager(MemoryMediaFileStorage("/mock/media"))
    real = app_test_module.MediaFileManager
    app_test_module.MediaFileManager = lambda storage: shared  # type: ignore[assignment]
    yield shared
    app_test_module.MediaFileManager = real  # type: ignore[assignment]


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How often the PDF report and the JSON export were built (the real builders still run)."""
    counts = {"progress_report": 0, "export_learner": 0}

    def counted(module: Any, name: str) -> None:
        real: Callable[..., Any] = getattr(module, name)

        def build(*args: Any, **kwargs: Any) -> Any:
            counts[name] += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, build)

    counted(pathway.report, "progress_report")
    counted(pathway.portability, "export_learner")
    return counts


def download_ids(app: AppTest) -> dict[str, str]:
    """Each download button's label and the id of the builder it will call when clicked."""
    buttons = app.get("download_button")
    return {button.proto.label: button.proto.deferred_file_id for button in buttons}


def click_download(media: MediaFileManager, app: AppTest, label: str) -> str:
    """What the browser does on a click: run the button's builder; returns the file's URL."""
    return media.execute_deferred(download_ids(app)[label])


JSON_LABEL = "Download all my data (JSON)"
PDF_LABEL = "Download my progress report (PDF)"


def test_my_account_builds_no_export_until_one_is_asked_for(
    media: MediaFileManager, builds: dict[str, int], open_page: Callable[[str], AppTest]
) -> None:
    account = open_page("pages/account.py")
    account.run()
    assert builds == {"progress_report": 0, "export_learner": 0}
    assert all(download_ids(account).values())
    assert not any(button.proto.url for button in account.get("download_button"))


def test_a_click_builds_the_export_once_with_the_learners_data(
    media: MediaFileManager, builds: dict[str, int], open_page: Callable[[str], AppTest]
) -> None:
    account = open_page("pages/account.py")
    url = click_download(media, account, JSON_LABEL)
    stored = media.read_file(url.rsplit("/", 1)[1])
    assert stored is not None
    assert json.loads(stored.content)["account"]["username"] == "maria"
    assert builds == {"progress_report": 0, "export_learner": 1}


def test_deleting_the_account_signs_out_and_leaves_no_export_on_the_server(
    media: MediaFileManager, open_page: Callable[[str], AppTest]
) -> None:
    """Deleting runs the same `sign_out` as the sidebar's button.

    AppTest drops the sidebar after a page switch; tests/e2e/test_downloads.py clicks that
    button in Chromium.
    """
    account = open_page("pages/account.py")
    urls = [click_download(media, account, label) for label in (JSON_LABEL, PDF_LABEL)]
    ids = download_ids(account)
    account.text_input(key="confirm_delete").input("maria").run()
    account.button(key="delete_account").click().run()
    assert [media.read_file(url.rsplit("/", 1)[1]) for url in urls] == [None, None]
    for builder in ids.values():
        with pytest.raises(MediaFileStorageError):
            media.execute_deferred(builder)


def test_the_calendar_is_built_only_on_request(
    media: MediaFileManager, open_page: Callable[[str], AppTest]
) -> None:
    credentials = open_page("pages/credentials.py")
    add_credential(credentials, "cred.bls", date(2026, 3, 14))
    [button] = credentials.get("download_button")
    assert button.proto.deferred_file_id
    assert not button.proto.url


def test_class_progress_builds_its_csv_files_only_on_request(
    media: MediaFileManager, signed_in: AppTest, app_data_dir: Path
) -> None:
    """Issue 19.12: both CSV files were built on every run of Class progress."""
    store = Store(app_data_dir)
    try:
        set_role(store, "maria", "instructor")
        teacher = store.find_account("maria")
        assert teacher is not None
        classroom = create_class(store, teacher, "MA Evening", date(2027, 1, 11))
        learner = add_account_with_hash(store, "james", "James Okafor", "")
        join_class(store, learner, classroom.join_code)
    finally:
        store.close()
    cohort = signed_in.run().switch_page("pages/cohort.py").run()
    buttons = cohort.get("download_button")
    assert [button.proto.label for button in buttons] == [
        "Learners (CSV)",
        "Requirement matrix (CSV)",
    ]
    assert not any(button.proto.url for button in buttons)
    url = click_download(media, cohort, "Learners (CSV)")
    stored = media.read_file(url.rsplit("/", 1)[1])
    assert stored is not None
    assert stored.content.decode("utf-8-sig").startswith("Learner,")
