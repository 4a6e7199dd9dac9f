"""The learner's PDF progress report, made offline with fpdf2 (no browser, no network).

The radar is drawn with the PDF's own lines, so the report needs nothing but Python. Text is
set in DejaVu Sans, shipped in `pathway/fonts/` and embedded, because the PDF core fonts cover
Latin-1 only ("Nguyễn" came out as "Nguy?n"). A character DejaVu has no glyph for (Chinese, say)
prints as "?", so it is seen to be missing instead of silently vanishing.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import TTFFont

from pathway.accounts import Account
from pathway.content.models import Content, SkillSet
from pathway.credentials import credential_statuses, recertification_progress
from pathway.plan import PlannedStep, learner_plan, overdue_step_ids
from pathway.progress import (
    DueItem,
    checklist_progress,
    counted_record,
    due_items,
    overall_progress,
    phase_progress,
    roadmap_progress,
    step_state,
)
from pathway.records import ItemProgress, ItemState, LearnerRecord
from pathway.skills import HIGHEST_RATING, SkillRow, skill_rows
from pathway.verification import CompetencyStatus, competency_states, hours_totals
from pathway.verifying import current_verifications, target_hours
from pathway.words import count_of, day, hour_entry_words, verified_words, words

FONT_DIR = Path(__file__).with_name("fonts")
_FAMILY = "dejavu"
_FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}

NOTE_SHOWN_CHARS = 600
"""Longest part of a note the report prints: a stored note may hold 2,000 characters."""

NOTE_SHOWN_LINES = 8
"""Most lines of one note the report prints, so a note of many short lines stays bounded too."""

NOTE_CUT = " … (cut short here; the whole note is in the app)"

_TEAL, _ORANGE, _GREY = (14, 124, 123), (213, 94, 0), (120, 120, 120)
_RADAR_RADIUS = 38.0
_LABEL_GAP = 2.5
_LABEL_SIZE = 7.5
_TARGET_DASH, _TARGET_GAP = 1.6, 1.0
_MARKER_RADIUS = 0.9
_RADAR_HEIGHT = 2 * (_RADAR_RADIUS + 8) + 25
"""Room the skills heading, the radar with its labels and the legend take on a page, in mm."""


class ReportPDF(FPDF):
    """An A4 document set in the embedded DejaVu Sans, which knows which characters it can print."""

    def __init__(self) -> None:
        """Embed the regular and bold faces of DejaVu Sans."""
        super().__init__(format="A4")
        self.set_auto_page_break(auto=True, margin=15)
        for style, file_name in _FONT_FILES.items():
            self.add_font(_FAMILY, style, FONT_DIR / file_name)

    def printable(self, text: str) -> str:
        """`text` with each character the current face cannot show (or a control one) as "?".

        Line breaks are kept and tabs become spaces: a learner's note keeps its own layout.
        """
        face = self.current_font
        glyphs = face.cmap if isinstance(face, TTFFont) else {}
        return "".join(
            character
            if character == "\n" or (character.isprintable() and ord(character) in glyphs)
            else "?"
            for character in text.replace("\t", " ")
        )

    def use_font(self, size: float, *, bold: bool = False) -> None:
        """Set the embedded face at `size` points."""
        self.set_font(_FAMILY, "B" if bold else "", size)

    def text_line(self, text: str, *, indent: float = 0, bold: bool = False) -> None:
        """A left-aligned paragraph that wraps at the right margin, `indent` mm in."""
        self.use_font(10, bold=bold)
        self.set_x(self.l_margin + indent)
        # Left-aligned: multi_cell justifies by default, and a PDF reader then reads the
        # stretched gaps as extra spaces.
        self.multi_cell(0, 5, self.printable(text), align="L", new_x="LMARGIN", new_y="NEXT")

    def heading(self, text: str) -> None:
        """A section heading."""
        self.ln(3)
        self.use_font(13, bold=True)
        self.cell(0, 8, self.printable(text), new_x="LMARGIN", new_y="NEXT")


def progress_report(
    content: Content,
    account: Account,
    record: LearnerRecord,
    today: date,
    hours_target: int | None = None,
) -> bytes:
    """The whole report as PDF bytes.

    States are the ones the progress rules count (a skip of an item the learner's state
    requires shows as not started), so every line agrees with the percentages above it.
    Externship hours count against `hours_target`, the learner's class's (else the content's).
    """
    pdf = ReportPDF()
    pdf.add_page()
    counted = counted_record(content, record, today)
    plan = learner_plan(content.roadmap, counted) or []
    late_steps = overdue_step_ids(plan, counted, today)
    due = due_items(content, record, today)
    late_items = {item.item_id for item in due if item.overdue}
    _title(pdf, account, today)
    _progress(pdf, content, record, today)
    _due_and_overdue(pdf, [entry for entry in plan if entry.step.id in late_steps], due)
    _roadmap(pdf, content, counted, late_steps, late_items)
    _checklist(pdf, content, counted, late_items)
    _competencies(pdf, content, record)
    _hours(pdf, record, hours_target or target_hours(content, None))
    _skills(pdf, content.skills, record)
    _credentials(pdf, content, record, today)
    return bytes(pdf.output())


def shown_note(note: str) -> str:
    """A learner's note as the report prints it: its own line breaks, blank lines dropped.

    A longer note is cut to NOTE_SHOWN_LINES lines and NOTE_SHOWN_CHARS characters, and says so.
    """
    lines = [line.rstrip() for line in note.strip().splitlines() if line.strip()]
    shown = "\n".join(lines[:NOTE_SHOWN_LINES])
    if len(lines) > NOTE_SHOWN_LINES or len(shown) > NOTE_SHOWN_CHARS:
        return shown[:NOTE_SHOWN_CHARS].rstrip() + NOTE_CUT
    return shown


def _title(pdf: ReportPDF, account: Account, today: date) -> None:
    pdf.use_font(18, bold=True)
    pdf.cell(0, 10, "MA Pathway progress report", new_x="LMARGIN", new_y="NEXT")
    pdf.use_font(11)
    name = pdf.printable(f"{account.display_name} ({account.username}), {day(today)}")
    pdf.multi_cell(0, 6, name, align="L", new_x="LMARGIN", new_y="NEXT")


def _progress(pdf: ReportPDF, content: Content, record: LearnerRecord, today: date) -> None:
    pdf.heading("Progress")
    for label, completion in (
        ("Overall", overall_progress(content, record, today)),
        ("Roadmap", roadmap_progress(content, record, today)),
        ("Requirements", checklist_progress(content, record, today)),
    ):
        pdf.text_line(
            f"{label}: {completion.percent}% ({completion.resolved} of {completion.total})"
        )
    for phase in phase_progress(content, record, today):
        c = phase.completion
        pdf.text_line(
            f"{phase.phase.title}: {c.percent}% ({c.resolved} of {c.total} tasks)", indent=4
        )


def _due_and_overdue(pdf: ReportPDF, late_steps: list[PlannedStep], due: list[DueItem]) -> None:
    """Steps past their planned end, then items past or near their target date."""
    pdf.heading("Overdue and due soon")
    lines = [
        f"OVERDUE: Step {entry.step.number}: {entry.step.title}, "
        f"planned to end {day(entry.ends_on)}"
        for entry in late_steps
    ]
    for item in due:
        if item.overdue:
            when = f"{count_of(-item.days_left, 'day')} ago"
            lines.append(f"OVERDUE: {item.title}, target date {day(item.due_on)} ({when})")
        else:
            when = "today" if item.days_left == 0 else f"in {count_of(item.days_left, 'day')}"
            lines.append(f"Due soon: {item.title}, target date {day(item.due_on)} ({when})")
    for line in lines or ["Nothing is overdue or due in the next 30 days."]:
        pdf.text_line(line)


def _item(
    pdf: ReportPDF,
    title: str,
    progress: ItemProgress,
    overdue: bool,
    indent: float,
    done_as: str | None = None,
) -> None:
    """One task or requirement: state, title, dates, an overdue flag in words, and its note.

    `done_as` names a done item an instructor verifies: verified by whom, or self-reported.
    """
    state = done_as if done_as and progress.state is ItemState.DONE else words(progress.state)
    parts = [f"[{state}] {title}"]
    if progress.completed_on:
        parts.append(f"completed {day(progress.completed_on)}")
    if progress.due_on:
        parts.append(f"target {day(progress.due_on)}")
    flag = " - OVERDUE, past its target date" if overdue else ""
    pdf.text_line(", ".join(parts) + flag, indent=indent)
    if progress.note.strip():
        pdf.text_line(f"Note: {shown_note(progress.note)}", indent=indent + 6)


def _roadmap(
    pdf: ReportPDF,
    content: Content,
    record: LearnerRecord,
    late_steps: set[str],
    late_items: set[str],
) -> None:
    """Each step's state; under it, the tasks that carry a date or a note."""
    pdf.heading("Roadmap")
    for step in content.roadmap.steps:
        flag = " - OVERDUE, past its planned end" if step.id in late_steps else ""
        state = step_state(step, record)
        pdf.text_line(f"[{words(state)}] Step {step.number}: {step.title}{flag}")
        for task in step.tasks:
            progress = record.item(task.id)
            if progress.completed_on or progress.due_on or progress.note.strip():
                _item(pdf, task.text, progress, task.id in late_items, indent=6)


def _checklist(
    pdf: ReportPDF, content: Content, record: LearnerRecord, late_items: set[str]
) -> None:
    pdf.heading("Requirement checklist")
    verifiable = set(content.competencies.verifiable)
    standing = current_verifications(record.verifications)
    for group in content.checklist.groups:
        pdf.text_line(group.title, bold=True)
        for item in group.items:
            done_as = verified_words(standing.get(item.id)) if item.id in verifiable else None
            _item(pdf, item.title, record.item(item.id), item.id in late_items, 4, done_as)


def _competencies(pdf: ReportPDF, content: Content, record: LearnerRecord) -> None:
    """Checked off of all by area, then each competency begun: checked off or self-reported."""
    listed = content.competencies.competencies
    states = competency_states((c.id for c in listed), record.check_offs)
    checked = {c.id for c in listed if states[c.id].status is CompetencyStatus.CHECKED_OFF}
    pdf.heading("Competencies")
    pdf.text_line(f"Checked off by an instructor: {len(checked)} of {len(listed)}")
    for area in content.competencies.areas:
        of_area = [c for c in listed if c.area == area.code]
        done = sum(c.id in checked for c in of_area)
        pdf.text_line(f"{area.code} {area.title}: {done} of {len(of_area)} checked off", indent=4)
    for competency in listed:
        state = states[competency.id]
        if state.status is CompetencyStatus.NOT_ATTEMPTED:
            continue
        line = f"[{words(state.status)}] {competency.title}"
        if state.status is CompetencyStatus.CHECKED_OFF and state.checked_on:
            line += f", by {state.evaluator} on {day(state.checked_on)}"
        pdf.text_line(line, indent=4)


def _hours(pdf: ReportPDF, record: LearnerRecord, target: int) -> None:
    """Approved and logged externship hours against the target, then each entry as it stands."""
    totals = hours_totals(record.hours, target)
    pdf.heading("Externship hours")
    pdf.text_line(
        f"{totals.approved:g} of {totals.target} hours approved by an instructor "
        f"({totals.logged:g} logged)"
    )
    for entry in sorted(record.hours, key=lambda e: e.worked_on):
        pdf.text_line(
            f"[{hour_entry_words(entry.approved)}] {day(entry.worked_on)}: {entry.hours:g} h "
            f"at {entry.site}, supervisor {entry.supervisor}",
            indent=4,
        )


def _skills(pdf: ReportPDF, skills: SkillSet, record: LearnerRecord) -> None:
    """The radar with skill names at its spokes and a legend, then the same numbers as text."""
    rows = skill_rows(skills, record)
    rated = bool(record.snapshots) and any(row.rating for row in rows)
    if rated and pdf.get_y() + _RADAR_HEIGHT > pdf.page_break_trigger:
        pdf.add_page()  # the heading goes with the radar onto the next page
    pdf.heading("Skills (1-5) against the entry-level target")
    if not rated:
        pdf.text_line("No skills rated yet.")
        return
    centre_x, centre_y = pdf.w / 2, pdf.get_y() + _RADAR_RADIUS + 8
    _radar(pdf, rows, centre_x, centre_y)
    pdf.set_y(centre_y + _RADAR_RADIUS + 8)
    _legend(pdf, f"Your ratings of {day(record.snapshots[-1].taken_at.date())}")
    for row in rows:
        rating = row.rating if row.rating is not None else "not rated"
        pdf.text_line(f"{row.name}: {rating} (target {row.target})")


def _radar(pdf: ReportPDF, rows: list[SkillRow], x: float, y: float) -> None:
    """Rings, spokes named by skill, the target (dashed) and the latest ratings (solid, dots)."""

    def point(index: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / len(rows)
        distance = _RADAR_RADIUS * value / HIGHEST_RATING
        return x + distance * math.cos(angle), y + distance * math.sin(angle)

    pdf.set_draw_color(*_GREY)
    pdf.set_line_width(0.1)
    for level in range(1, HIGHEST_RATING + 1):
        pdf.polygon([point(i, level) for i in range(len(rows))], style="D")
    for index in range(len(rows)):
        pdf.line(x, y, *point(index, HIGHEST_RATING))
    _spoke_labels(pdf, rows, x, y)
    pdf.set_line_width(0.6)
    pdf.set_draw_color(*_TEAL)
    pdf.set_dash_pattern(dash=_TARGET_DASH, gap=_TARGET_GAP)
    pdf.polygon([point(i, row.target) for i, row in enumerate(rows)], style="D")
    pdf.set_dash_pattern()
    pdf.set_draw_color(*_ORANGE)
    pdf.set_fill_color(*_ORANGE)
    pdf.polygon([point(i, row.rating or 0) for i, row in enumerate(rows)], style="D")
    for index, row in enumerate(rows):
        if row.rating is not None:
            pdf.circle(*point(index, row.rating), _MARKER_RADIUS, style="F")
    pdf.set_line_width(0.2)
    pdf.set_draw_color(0, 0, 0)


def _spoke_labels(pdf: ReportPDF, rows: list[SkillRow], x: float, y: float) -> None:
    """Each skill's name just outside its spoke, aligned away from the chart."""
    pdf.use_font(_LABEL_SIZE)
    height = _LABEL_SIZE * 0.45
    distance = _RADAR_RADIUS + _LABEL_GAP
    for index, row in enumerate(rows):
        angle = -math.pi / 2 + 2 * math.pi * index / len(rows)
        cos, sin = math.cos(angle), math.sin(angle)
        label = pdf.printable(row.name)
        width = pdf.get_string_width(label) + 1
        left = x + distance * cos
        if cos < -0.2:
            left -= width
        elif cos <= 0.2:
            left -= width / 2
        top = y + distance * sin - (height if sin < -0.2 else height / 2 if sin <= 0.2 else 0)
        pdf.set_xy(left, top)
        pdf.cell(width, height, label, align="C")


def _legend(pdf: ReportPDF, ratings_label: str) -> None:
    """Which line is which, by dash and marker as well as colour."""
    pdf.use_font(9)
    left, middle = pdf.l_margin + 20, pdf.get_y() + 2.5
    pdf.set_line_width(0.6)
    pdf.set_draw_color(*_TEAL)
    pdf.set_dash_pattern(dash=_TARGET_DASH, gap=_TARGET_GAP)
    pdf.line(left, middle, left + 12, middle)
    pdf.set_dash_pattern()
    pdf.set_xy(left + 14, middle - 2.5)
    pdf.cell(60, 5, "Entry-level target (dashed line)")
    left += 80
    pdf.set_draw_color(*_ORANGE)
    pdf.set_fill_color(*_ORANGE)
    pdf.line(left, middle, left + 12, middle)
    pdf.circle(left + 6, middle, _MARKER_RADIUS, style="F")
    pdf.set_xy(left + 14, middle - 2.5)
    pdf.cell(0, 5, pdf.printable(f"{ratings_label} (solid line, dots)"))
    pdf.set_line_width(0.2)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_xy(pdf.l_margin, middle + 5)


def _credentials(pdf: ReportPDF, content: Content, record: LearnerRecord, today: date) -> None:
    statuses = credential_statuses(content.credentials, record, today)
    if not statuses:
        return
    pdf.heading("Credentials")
    for status in statuses:
        expiry = f"expires {day(status.expires_on)} ({status.urgency.value})"
        pdf.text_line(f"{status.credential.name}: {expiry}")
        progress = recertification_progress(status, record.ce_entries)
        if progress is not None:
            parts = "; ".join(f"{p.label} {p.earned:g} of {p.required:g}" for p in progress.parts)
            pdf.text_line(f"Continuing education: {parts}", indent=4)
