"""The learner's PDF progress report, made offline with fpdf2 (no browser, no network).

The radar is drawn with the PDF's own lines, so the report needs nothing but Python. The core
PDF fonts cover Latin-1 only: other characters are replaced, never allowed to fail the report.
"""

from __future__ import annotations

import math
from datetime import date

from fpdf import FPDF

from pathway.accounts import Account
from pathway.content.models import Content
from pathway.credentials import credential_statuses, recertification_progress
from pathway.progress import checklist_progress, overall_progress, phase_progress, roadmap_progress
from pathway.records import LearnerRecord
from pathway.skills import HIGHEST_RATING, SkillRow, skill_rows

_PUNCTUATION = str.maketrans(
    {"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "..."}
)
_TEAL, _ORANGE, _GREY = (14, 124, 123), (213, 94, 0), (120, 120, 120)


def latin1(text: str) -> str:
    """Text the core PDF fonts can show: common punctuation mapped, anything else as '?'."""
    return text.translate(_PUNCTUATION).encode("latin-1", "replace").decode("latin-1")


def progress_report(
    content: Content, account: Account, record: LearnerRecord, today: date
) -> bytes:
    """The whole report as PDF bytes."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    _title(pdf, account, today)
    _progress(pdf, content, record)
    _checklist(pdf, content, record)
    _skills(pdf, skill_rows(content.skills, record))
    _credentials(pdf, content, record, today)
    return bytes(pdf.output())


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(3)
    pdf.set_font("helvetica", "B", 13)
    pdf.cell(0, 8, latin1(text), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=10)


def _line(pdf: FPDF, text: str) -> None:
    pdf.multi_cell(0, 5, latin1(text), new_x="LMARGIN", new_y="NEXT")


def _title(pdf: FPDF, account: Account, today: date) -> None:
    pdf.set_font("helvetica", "B", 18)
    pdf.cell(0, 10, "MA Pathway - progress report", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=11)
    _line(pdf, f"{account.display_name} ({account.username}), {today:%d %B %Y}")


def _progress(pdf: FPDF, content: Content, record: LearnerRecord) -> None:
    _heading(pdf, "Progress")
    for label, completion in (
        ("Overall", overall_progress(content, record)),
        ("Roadmap", roadmap_progress(content, record)),
        ("Requirements", checklist_progress(content, record)),
    ):
        _line(pdf, f"{label}: {completion.percent}% ({completion.resolved} of {completion.total})")
    for phase in phase_progress(content, record):
        c = phase.completion
        _line(pdf, f"  {phase.phase.title}: {c.percent}% ({c.resolved} of {c.total} tasks)")


def _checklist(pdf: FPDF, content: Content, record: LearnerRecord) -> None:
    _heading(pdf, "Requirement checklist")
    for group in content.checklist.groups:
        pdf.set_font("helvetica", "B", 10)
        _line(pdf, group.title)
        pdf.set_font("helvetica", size=10)
        for item in group.items:
            progress = record.item(item.id)
            dates = f", completed {progress.completed_on:%d %b %Y}" if progress.completed_on else ""
            _line(pdf, f"  [{progress.state.label}] {item.title}{dates}")


def _skills(pdf: FPDF, rows: list[SkillRow]) -> None:
    _heading(pdf, "Skills (1-5) against the entry-level target")
    if not any(row.rating for row in rows):
        _line(pdf, "No skills rated yet.")
        return
    if pdf.get_y() > 180:
        pdf.add_page()
    centre_x, centre_y, radius = 60.0, pdf.get_y() + 45, 35.0
    _radar(pdf, rows, centre_x, centre_y, radius)
    pdf.set_xy(115, centre_y - 42)
    for row in rows:
        pdf.set_x(115)
        rating = row.rating if row.rating is not None else "-"
        pdf.cell(
            0,
            5,
            latin1(f"{row.name}: {rating} (target {row.target})"),
            new_x="LMARGIN",
            new_y="NEXT",
        )
    pdf.set_y(max(pdf.get_y(), centre_y + radius + 8))


def _radar(pdf: FPDF, rows: list[SkillRow], x: float, y: float, radius: float) -> None:
    """Rings, spokes, the target (grey) and the latest ratings (orange), drawn as polygons."""

    def point(index: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / len(rows)
        distance = radius * value / HIGHEST_RATING
        return x + distance * math.cos(angle), y + distance * math.sin(angle)

    pdf.set_draw_color(*_GREY)
    pdf.set_line_width(0.1)
    for level in range(1, HIGHEST_RATING + 1):
        pdf.polygon([point(i, level) for i in range(len(rows))], style="D")
    for index in range(len(rows)):
        pdf.line(x, y, *point(index, HIGHEST_RATING))
    pdf.set_line_width(0.6)
    pdf.set_draw_color(*_TEAL)
    pdf.polygon([point(i, row.target) for i, row in enumerate(rows)], style="D")
    pdf.set_draw_color(*_ORANGE)
    pdf.polygon([point(i, row.rating or 0) for i, row in enumerate(rows)], style="D")
    pdf.set_line_width(0.2)
    pdf.set_draw_color(0, 0, 0)


def _credentials(pdf: FPDF, content: Content, record: LearnerRecord, today: date) -> None:
    statuses = credential_statuses(content.credentials, record, today)
    if not statuses:
        return
    _heading(pdf, "Credentials")
    for status in statuses:
        expiry = f"expires {status.expires_on:%d %b %Y} ({status.urgency.value})"
        _line(pdf, f"{status.credential.name}: {expiry}")
        progress = recertification_progress(status, record.ce_entries)
        if progress is not None:
            parts = "; ".join(f"{p.label} {p.earned:g} of {p.required:g}" for p in progress.parts)
            _line(pdf, f"  Continuing education: {parts}")
