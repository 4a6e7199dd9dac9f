"""Evidence files in the pages: attach to a requirement or a credential, see it, remove it.

A refused upload shows one line under the uploader and leaves the record and the folder as
they were; an attached file is listed with a download that is built only when clicked.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.evidence_upload import upload_key
from tests.app.conftest import shown
from tests.app.test_checklist_page import open_details, stored_record
from tests.app.test_credentials_page import add_credential

CPR = "req.cpr.card"
PDF = b"%PDF-1.7\n scanned card \n%%EOF"


@pytest.fixture
def checklist(open_page: Callable[[str], AppTest]) -> AppTest:
    """The checklist page of a learner, with the CPR requirement's details open."""
    return open_details(open_page("pages/checklist.py"), CPR)


def attach(app: AppTest, item_id: str, name: str, data: bytes, mime: str) -> AppTest:
    """Choose a file in the item's picker and press Attach file."""
    uploader = next(u for u in app.get("file_uploader") if u.key == upload_key(item_id))
    uploader.set_value((name, data, mime))
    form = f"evidence_form:{item_id}"
    next(b for b in app.form_submit_button if b.form_id == form).click()
    return app.run()


def evidence_folder(data_dir: Path) -> Path:
    return next((data_dir / "learners").glob("*.evidence"), data_dir / "none")


def test_an_attached_pdf_is_listed_under_the_requirement(
    checklist: AppTest, app_data_dir: Path
) -> None:
    attach(checklist, CPR, "BLS card.pdf", PDF, "application/pdf")

    (listed,) = stored_record(app_data_dir).evidence
    assert (listed.item_id, listed.stored_name) == (CPR, "BLS card.pdf")
    assert any(text.value.startswith("BLS card.pdf · ") for text in checklist.text)
    assert not checklist.exception


def test_an_attached_file_is_a_download_built_only_when_clicked(
    checklist: AppTest, app_data_dir: Path
) -> None:
    attach(checklist, CPR, "BLS card.pdf", PDF, "application/pdf")

    (listed,) = stored_record(app_data_dir).evidence
    (button,) = checklist.get("download_button")
    assert button.proto.id.endswith(f"evidence:download:{listed.evidence_id}")
    assert button.proto.deferred_file_id  # no bytes in the media store, no URL, until clicked
    assert not button.proto.url


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("card.pdf", b"just some text", "Only PDF, PNG or JPEG"),
        ("card.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), "over 5 MB"),
        ("../../card.pdf", PDF, "file name cannot be used"),
    ],
    ids=["wrong-type", "too-big", "hostile-name"],
)
def test_a_refused_upload_says_why_in_one_line_and_keeps_nothing(
    checklist: AppTest, app_data_dir: Path, name: str, data: bytes, message: str
) -> None:
    attach(checklist, CPR, name, data, "application/pdf")

    assert [error for error in checklist.error if message in shown(error.value)]
    assert stored_record(app_data_dir).evidence == []
    assert not evidence_folder(app_data_dir).exists() or not any(
        evidence_folder(app_data_dir).iterdir()
    )


def test_removing_an_attached_file_unlists_it_and_deletes_it(
    checklist: AppTest, app_data_dir: Path
) -> None:
    attach(checklist, CPR, "BLS card.pdf", PDF, "application/pdf")
    (listed,) = stored_record(app_data_dir).evidence

    checklist.button(key=f"evidence:remove:{listed.evidence_id}").click().run()

    assert stored_record(app_data_dir).evidence == []
    assert list(evidence_folder(app_data_dir).iterdir()) == []
    assert not checklist.exception


def test_a_card_attaches_to_a_held_credential(
    open_page: Callable[[str], AppTest], app_data_dir: Path
) -> None:
    page = open_page("pages/credentials.py")
    add_credential(page, "cred.bls", date(2026, 3, 14))

    attach(page, "cred.bls", "card.png", b"\x89PNG\r\n\x1a\n photo", "image/png")

    (listed,) = stored_record(app_data_dir).evidence
    assert (listed.item_id, listed.kind) == ("cred.bls", "png")


def zip_download_labels(app: AppTest) -> list[str]:
    return [b.proto.label for b in app.get("download_button") if "(ZIP)" in b.proto.label]


def test_my_account_offers_data_and_evidence_as_a_zip_once_a_file_is_attached(
    checklist: AppTest, open_page: Callable[[str], AppTest]
) -> None:
    attach(checklist, CPR, "BLS card.pdf", PDF, "application/pdf")

    account = open_page("pages/account.py")

    assert zip_download_labels(account) == ["Download all my data with my evidence files (ZIP)"]


def test_my_account_offers_no_zip_without_evidence(open_page: Callable[[str], AppTest]) -> None:
    assert zip_download_labels(open_page("pages/account.py")) == []
