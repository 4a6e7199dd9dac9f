"""The PDF progress report, read back as a PDF reader extracts its text.

Each test builds a report for one small record on a fixed day and reads the words a person
would see: the learner's name as written, the radar's spoke labels and legend, target dates,
notes shown literally and bounded, and overdue items flagged in words.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime, timedelta
from typing import cast

from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PageObject, PdfReader
from pypdf.generic import DictionaryObject

from pathway.accounts import Account
from pathway.content import Content
from pathway.records import (
    CheckOffAction,
    CheckOffEntry,
    HeldCredential,
    HourEntry,
    ItemProgress,
    ItemState,
    LearnerProfile,
    LearnerRecord,
    RequirementVerification,
    SkillSnapshot,
    VerificationAction,
)
from pathway.report import NOTE_SHOWN_LINES, ReportPDF, progress_report

TODAY = date(2027, 3, 1)
NOW = datetime(2027, 3, 1, tzinfo=UTC)
ACCOUNT = Account(
    user_id="1" * 32,
    username="maria",
    display_name="María Gómez",
    passphrase_hash="scrypt$x",
    created_at=NOW,
)
LEGEND_TARGET = "Entry-level target (dashed line)"


def report_pdf(content: Content, record: LearnerRecord, account: Account = ACCOUNT) -> bytes:
    """The report of `record` on TODAY, checked to be a PDF."""
    pdf = progress_report(content, account, record, TODAY)
    assert pdf.startswith(b"%PDF-")
    return pdf


def report_text(content: Content, record: LearnerRecord, account: Account = ACCOUNT) -> str:
    """All text of the generated report, as a PDF reader extracts it."""
    reader = PdfReader(io.BytesIO(report_pdf(content, record, account)))
    return "\n".join(page.extract_text() for page in reader.pages)


def named(display_name: str) -> Account:
    """The test account under another display name."""
    return ACCOUNT.model_copy(update={"display_name": display_name})


def with_progress(**progress: ItemProgress) -> LearnerRecord:
    """A record holding exactly this progress, keyed by item id (dots written as `__`)."""
    return LearnerRecord(progress={key.replace("__", "."): p for key, p in progress.items()})


def rated(content: Content) -> LearnerRecord:
    """A record with one snapshot rating every skill 4."""
    ratings = {skill.id: 4 for skill in content.skills.skills}
    return LearnerRecord(snapshots=[SkillSnapshot(taken_at=NOW, ratings=ratings)])


def skills_section(text: str) -> str:
    """The text from the skills heading to the legend: what the radar itself prints."""
    start = text.index("Skills (1-5) against the entry-level target")
    return text[start : text.index(LEGEND_TARGET, start)]


def page_drawing(page: PageObject) -> bytes:
    """The drawing operators of one page, uncompressed."""
    contents = page.get_contents()
    assert contents is not None
    return contents.get_data()


def test_report_lists_requirements_with_their_states_and_dates(content: Content) -> None:
    done = ItemProgress(state=ItemState.DONE, completed_on=date(2027, 2, 14))
    text = report_text(content, with_progress(req__cpr__card=done))
    assert "[Done (self-reported)] CPR / BLS certification card, completed 2027-02-14" in text
    assert "[Not started] Background check" in text


def test_report_names_the_learner_and_the_date(content: Content) -> None:
    text = report_text(content, LearnerRecord())
    assert "María Gómez (maria), 2027-03-01" in text


def test_a_name_outside_latin1_prints_as_written(content: Content) -> None:
    text = report_text(content, LearnerRecord(), named("Nguyễn Thị Minh"))
    assert "Nguyễn Thị Minh (maria)" in text


@settings(max_examples=10, deadline=None)
@given(st.text(alphabet="aAzZéÉøßăđơưễỹĐΑΩαωλДЖдяґїЇ", min_size=1, max_size=30))
def test_names_in_latin_greek_and_cyrillic_letters_print_as_written(
    content: Content, name: str
) -> None:
    text = report_text(content, LearnerRecord(), named(name))
    assert f"{name} (maria)" in text


def test_a_character_the_font_lacks_prints_as_a_question_mark(content: Content) -> None:
    text = report_text(content, LearnerRecord(), named("Li 李 — Nguyễn"))
    assert "Li ? — Nguyễn (maria)" in text


def test_the_bold_face_prints_vietnamese_letters_too() -> None:
    pdf = ReportPDF()
    pdf.use_font(12, bold=True)
    assert pdf.printable("Nguyễn Thị") == "Nguyễn Thị"


def test_report_embeds_dejavu_regular_and_bold_and_no_core_font(content: Content) -> None:
    reader = PdfReader(io.BytesIO(report_pdf(content, LearnerRecord())))
    resources = cast(DictionaryObject, reader.pages[0]["/Resources"])
    fonts = cast(DictionaryObject, resources["/Font"])
    names = {
        str(cast(DictionaryObject, fonts[key].get_object())["/BaseFont"]).split("+")[-1]
        for key in fonts
    }
    assert names == {"DejaVuSansBook", "DejaVuSansBold"}


def test_report_includes_skills_and_credential_expiry(content: Content) -> None:
    skill = content.skills.skills[0]
    record = LearnerRecord(
        snapshots=[SkillSnapshot(taken_at=NOW, ratings={skill.id: 4})],
        credentials=[HeldCredential(credential_id="cred.bls", earned_on=date(2026, 3, 14))],
    )
    text = report_text(content, record)
    assert f"{skill.name}: 4 (target {skill.target})" in text
    assert "expires 2028-03-31" in text


def test_radar_spokes_are_labelled_with_every_skill_name(content: Content) -> None:
    radar = skills_section(report_text(content, rated(content)))
    for skill in content.skills.skills:
        assert skill.name in radar


def test_radar_legend_names_target_and_ratings_by_line_style(content: Content) -> None:
    text = report_text(content, rated(content))
    assert LEGEND_TARGET in text
    assert "Your ratings of 2027-03-01 (solid line, dots)" in text


def test_radar_target_is_drawn_dashed(content: Content) -> None:
    reader = PdfReader(io.BytesIO(report_pdf(content, rated(content))))
    drawn = b"".join(page_drawing(page) for page in reader.pages)
    assert re.search(rb"\[[0-9. ]+\] [0-9.]+ d", drawn)


def test_requirement_shows_its_target_date(content: Content) -> None:
    planned = ItemProgress(state=ItemState.IN_PROGRESS, due_on=date(2027, 4, 10))
    text = report_text(content, with_progress(req__background__check=planned))
    assert "[In progress] Background check, target 2027-04-10" in text


def test_requirement_past_its_target_date_is_flagged_overdue(content: Content) -> None:
    late = ItemProgress(due_on=date(2027, 2, 1))
    text = report_text(content, with_progress(req__background__check=late))
    assert "[Not started] Background check, target 2027-02-01 - OVERDUE, past its target date" in (
        text
    )
    assert "OVERDUE: Background check, target date 2027-02-01 (28 days ago)" in text


def test_a_done_requirement_past_its_target_date_is_not_overdue(content: Content) -> None:
    done = ItemProgress(
        state=ItemState.DONE, completed_on=date(2027, 1, 20), due_on=date(2027, 2, 1)
    )
    text = report_text(content, with_progress(req__background__check=done))
    expected = "[Done (self-reported)] Background check, completed 2027-01-20, target 2027-02-01"
    assert f"{expected}\n" in text
    assert "OVERDUE" not in text


def test_requirement_due_soon_is_listed_with_the_days_left(content: Content) -> None:
    soon = ItemProgress(due_on=TODAY + timedelta(days=9))
    text = report_text(content, with_progress(req__background__check=soon))
    assert "Due soon: Background check, target date 2027-03-10 (in 9 days)" in text


def test_roadmap_task_shows_its_target_date_and_note(content: Content) -> None:
    task = content.roadmap.steps[0].tasks[0]
    planned = ItemProgress(due_on=date(2027, 5, 3), note="Ask the counsellor")
    text = report_text(content, LearnerRecord(progress={task.id: planned}))
    assert "target 2027-05-03" in text
    assert "Note: Ask the counsellor" in text


def test_step_past_its_planned_end_is_flagged_overdue(content: Content) -> None:
    profile = LearnerProfile(program_type="program.diploma", plan_start=date(2026, 1, 1))
    text = report_text(content, LearnerRecord(profile=profile))
    step = content.roadmap.steps[0]
    assert f"OVERDUE: Step 1: {step.title}, planned to end 2026-01-14" in text
    assert f"Step 1: {step.title} - OVERDUE, past its planned end" in text


def test_a_note_is_printed_literally(content: Content) -> None:
    note = "Signed by **Ms. Lee** <b>ok</b> [link](x) & 100%"
    text = report_text(content, with_progress(req__cpr__card=ItemProgress(note=note)))
    assert f"Note: {note}" in text


def test_a_note_keeps_its_line_breaks(content: Content) -> None:
    note = "Card in my wallet\nCopy given to the program"
    text = report_text(content, with_progress(req__cpr__card=ItemProgress(note=note)))
    assert "Note: Card in my wallet\nCopy given to the program" in text


def test_a_long_note_is_cut_and_says_so(content: Content) -> None:
    note = " ".join(f"word{number}" for number in range(250))
    text = report_text(content, with_progress(req__cpr__card=ItemProgress(note=note)))
    assert "word10 " in text
    assert "word249" not in text
    assert "(cut short here; the whole note is in the app)" in text


def test_a_note_of_many_lines_prints_only_the_first_lines(content: Content) -> None:
    note = "\n".join(f"line {number:02d}" for number in range(1, 41))
    text = report_text(content, with_progress(req__cpr__card=ItemProgress(note=note)))
    assert f"line {NOTE_SHOWN_LINES:02d}" in text
    assert f"line {NOTE_SHOWN_LINES + 1:02d}" not in text
    assert "cut short here" in text


# Verified progress: competencies, hours, verified requirements ------------------------------

CPR = "req.cpr.card"
TB = "req.pre_externship.tb_test"


def check_off_entry(competency_id: str) -> CheckOffEntry:
    return CheckOffEntry(
        competency_id=competency_id,
        action=CheckOffAction.CHECKED_OFF,
        actor_id="rivera",
        actor_name="Ana Rivera",
        recorded_at=NOW,
        checked_on=TODAY,
    )


def test_the_competency_summary_counts_check_offs_by_area(content: Content) -> None:
    first = content.competencies.competencies[0]
    text = report_text(content, LearnerRecord(check_offs=[check_off_entry(first.id)]))
    listed = content.competencies.competencies
    area = next(a for a in content.competencies.areas if a.code == first.area)
    of_area = sum(c.area == first.area for c in listed)
    assert f"Checked off by an instructor: 1 of {len(listed)}" in text
    assert f"{area.code} {area.title}: 1 of {of_area} checked off" in text
    assert f"[Checked off] {first.title}, by Ana Rivera on 2027-03-01" in text


def test_a_competency_being_practised_is_marked_self_reported(content: Content) -> None:
    first = content.competencies.competencies[0]
    practising = check_off_entry(first.id).model_copy(
        update={"action": CheckOffAction.PRACTISING, "checked_on": None}
    )
    text = report_text(content, LearnerRecord(check_offs=[practising]))
    assert f"[Practising (self-reported)] {first.title}" in text


def test_the_hours_summary_marks_each_entry_approved_or_self_reported(content: Content) -> None:
    hours = [
        HourEntry(worked_on=TODAY, site="Valley Clinic", hours=6, supervisor="Dr. Lee",
                  approved=True),
        HourEntry(worked_on=TODAY, site="Valley Clinic", hours=2, supervisor="Dr. Lee"),
    ]  # fmt: skip
    pdf = progress_report(content, ACCOUNT, LearnerRecord(hours=hours), TODAY, 200)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "6 of 200 hours approved by an instructor (8 logged)" in text
    assert "[Approved] 2027-03-01: 6 h at Valley Clinic, supervisor Dr. Lee" in text
    assert "[Self-reported, waiting for approval] 2027-03-01: 2 h" in text


def test_a_done_verifiable_requirement_is_marked_verified_or_self_reported(
    content: Content,
) -> None:
    done = ItemProgress(state=ItemState.DONE, completed_on=TODAY)
    verified = RequirementVerification(
        item_id=CPR,
        action=VerificationAction.VERIFIED,
        actor_id="rivera",
        actor_name="Ana Rivera",
        recorded_at=NOW,
    )
    text = report_text(
        content, LearnerRecord(progress={CPR: done, TB: done}, verifications=[verified])
    )
    assert "[Verified by Ana Rivera on 2027-03-01] CPR / BLS certification card" in text
    assert "[Done (self-reported)]" in text
