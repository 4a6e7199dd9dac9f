"""Specifies evidence files through backup, restore, export and account deletion.

A backup carries them and a restore checks them against the records that list them; deleting
the account leaves no byte of them anywhere in the data folder; the learner can take them away
in a zip beside their JSON export.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from pathway.accounts import Account
from pathway.backup import BackupError, backup_folder
from pathway.portability import EXPORT_FILE_NAME, export_with_evidence
from pathway.records import EvidenceRecord
from pathway.restore import restore_folder
from pathway.store import Store

PDF = b"%PDF-1.7\n CPR card of Maria, card number 4471-ZQ \n%%EOF"
PNG = b"\x89PNG\r\n\x1a\n immunization record photo"


@pytest.fixture
def maria(add_learner: Callable[[str], Account]) -> Account:
    """A learner with no evidence yet."""
    return add_learner("maria")


@pytest.fixture
def card(store: Store, maria: Account) -> EvidenceRecord:
    """Maria's CPR card, attached to the CPR requirement."""
    return store.add_evidence(maria.user_id, "req.cpr.card", "cpr card.pdf", PDF)


def member_name(learner: Account, evidence: EvidenceRecord) -> str:
    extension = {"pdf": ".pdf", "png": ".png", "jpeg": ".jpg"}[evidence.kind]
    return f"learners/{learner.user_id}.evidence/{evidence.evidence_id}{extension}"


def backup_members(data_dir: Path) -> dict[str, bytes]:
    archive = data_dir.parent / "backup.zip"
    backup_folder(data_dir, archive)
    with zipfile.ZipFile(archive) as bundle:
        return {name: bundle.read(name) for name in bundle.namelist()}


def zip_of(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for name, data in files.items():
            bundle.writestr(name, data)
    return path


def test_a_backup_holds_each_evidence_file(
    data_dir: Path, maria: Account, card: EvidenceRecord
) -> None:
    assert backup_members(data_dir)[member_name(maria, card)] == PDF


def test_a_restored_folder_serves_the_same_evidence(
    data_dir: Path, tmp_path: Path, maria: Account, card: EvidenceRecord
) -> None:
    archive = data_dir.parent / "backup.zip"
    backup_folder(data_dir, archive)

    restore_folder(archive, tmp_path / "restored")

    restored = Store(tmp_path / "restored")
    try:
        assert restored.evidence_bytes(maria.user_id, card.evidence_id) == PDF
    finally:
        restored.close()


def test_a_restore_refuses_a_record_listing_a_file_the_archive_lacks(
    data_dir: Path, tmp_path: Path, maria: Account, card: EvidenceRecord
) -> None:
    members = backup_members(data_dir)
    del members[member_name(maria, card)]
    archive = zip_of(tmp_path / "partial.zip", members)

    with pytest.raises(BackupError, match="lacks"):
        restore_folder(archive, tmp_path / "restored")
    assert not (tmp_path / "restored").exists()


def test_a_restore_refuses_an_evidence_file_swapped_for_another_content(
    data_dir: Path, tmp_path: Path, maria: Account, card: EvidenceRecord
) -> None:
    members = backup_members(data_dir)
    members[member_name(maria, card)] = b"MZ" + b"\x00" * (len(PDF) - 2)
    archive = zip_of(tmp_path / "swapped.zip", members)

    with pytest.raises(BackupError, match="its record lists"):
        restore_folder(archive, tmp_path / "restored")
    assert not (tmp_path / "restored").exists()


def test_a_restore_refuses_an_evidence_file_over_5_mb(
    data_dir: Path, tmp_path: Path, maria: Account, card: EvidenceRecord
) -> None:
    members = backup_members(data_dir)
    members[member_name(maria, card)] = b"%PDF-" + b"0" * (5 * 1024 * 1024)
    archive = zip_of(tmp_path / "big.zip", members)

    with pytest.raises(BackupError, match="over the limit"):
        restore_folder(archive, tmp_path / "restored")


def test_a_restore_refuses_a_file_in_the_evidence_folder_not_named_by_an_id(
    data_dir: Path, tmp_path: Path, maria: Account, card: EvidenceRecord
) -> None:
    members = backup_members(data_dir)
    members[f"learners/{maria.user_id}.evidence/run-me.sh"] = b"#!/bin/sh"
    archive = zip_of(tmp_path / "odd.zip", members)

    with pytest.raises(BackupError, match="not an MA Pathway data file"):
        restore_folder(archive, tmp_path / "restored")


def test_a_restore_leaves_out_evidence_no_record_lists(
    data_dir: Path, tmp_path: Path, maria: Account, card: EvidenceRecord
) -> None:
    members = backup_members(data_dir)
    leftover = f"learners/{maria.user_id}.evidence/{'c' * 32}.png"
    members[leftover] = PNG  # an upload whose record write never happened
    archive = zip_of(tmp_path / "leftover.zip", members)

    restore_folder(archive, tmp_path / "restored")

    assert not (tmp_path / "restored" / leftover).exists()
    assert (tmp_path / "restored" / member_name(maria, card)).read_bytes() == PDF


def test_deleting_the_account_leaves_no_byte_of_its_evidence_in_the_folder(
    store: Store, data_dir: Path, maria: Account, card: EvidenceRecord
) -> None:
    store.delete_account(maria.user_id)

    holding = [
        path for path in data_dir.rglob("*") if path.is_file() and b"4471-ZQ" in path.read_bytes()
    ]
    assert holding == []
    assert not any(maria.user_id in path.name for path in data_dir.rglob("*"))


def test_deleting_one_account_keeps_another_learners_evidence(
    store: Store, add_learner: Callable[[str], Account], maria: Account, card: EvidenceRecord
) -> None:
    james = add_learner("james")
    his = store.add_evidence(james.user_id, "req.cpr.card", "mine.png", PNG)

    store.delete_account(maria.user_id)

    assert store.evidence_bytes(james.user_id, his.evidence_id) == PNG


def test_the_evidence_export_holds_the_json_export_and_every_file(
    store: Store, maria: Account, card: EvidenceRecord
) -> None:
    photo = store.add_evidence(maria.user_id, "cred.bls", "front.png", PNG)

    with zipfile.ZipFile(io.BytesIO(export_with_evidence(store, maria))) as bundle:
        files = {name: bundle.read(name) for name in bundle.namelist()}

    assert json.loads(files.pop(EXPORT_FILE_NAME))["record"]["evidence"][1]["evidence_id"] == (
        photo.evidence_id
    )
    assert files == {
        "evidence/req_cpr_card/cpr card.pdf": PDF,
        "evidence/cred_bls/front.png": PNG,
    }


def test_two_files_of_one_name_both_go_into_the_evidence_export(
    store: Store, maria: Account, card: EvidenceRecord
) -> None:
    store.add_evidence(maria.user_id, "req.cpr.card", "cpr card.pdf", PDF + b" renewed")

    with zipfile.ZipFile(io.BytesIO(export_with_evidence(store, maria))) as bundle:
        names = sorted(bundle.namelist())

    assert names == [
        "evidence/req_cpr_card/2-cpr card.pdf",
        "evidence/req_cpr_card/cpr card.pdf",
        EXPORT_FILE_NAME,
    ]
