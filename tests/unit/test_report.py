"""The PDF progress report parses as a PDF and carries the learner's requirements and dates."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

from pypdf import PdfReader

from pathway.accounts import Account
from pathway.content import Content
from pathway.records import (
    HeldCredential,
    ItemProgress,
    ItemState,
    LearnerRecord,
    SkillSnapshot,
)
from pathway.report import latin1, progress_report

TODAY = date(2027, 3, 1)
NOW = datetime(2027, 3, 1, tzinfo=UTC)
ACCOUNT = Account(
    user_id="1" * 32,
    username="maria",
    display_name="María Gómez — 李",
    passphrase_hash="scrypt$x",
    created_at=NOW,
)


def report_text(content: Content, record: LearnerRecord) -> str:
    """All text of the generated report, as a PDF reader extracts it."""
    pdf = progress_report(content, ACCOUNT, record, TODAY)
    assert pdf.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_report_lists_requirements_with_their_states_and_dates(content: Content) -> None:
    done = ItemProgress(state=ItemState.DONE, completed_on=date(2027, 2, 14))
    text = report_text(content, LearnerRecord(progress={"req.cpr.card": done}))
    assert "[Done] CPR / BLS certification card, completed 14 Feb 2027" in text
    assert "[Not started] Background check" in text


def test_report_names_the_learner_and_the_date(content: Content) -> None:
    text = report_text(content, LearnerRecord())
    assert "(maria), 01 March 2027" in text
    assert "María Gómez - ?" in text


def test_report_includes_skills_and_credential_expiry(content: Content) -> None:
    skill = content.skills.skills[0]
    record = LearnerRecord(
        snapshots=[SkillSnapshot(taken_at=NOW, ratings={skill.id: 4})],
        credentials=[HeldCredential(credential_id="cred.bls", earned_on=date(2026, 3, 14))],
    )
    text = report_text(content, record)
    assert f"{skill.name}: 4 (target {skill.target})" in text
    assert "expires 31 Mar 2028" in text


def test_text_outside_latin1_never_breaks_the_report() -> None:
    assert latin1("María — 李") == "María - ?"
