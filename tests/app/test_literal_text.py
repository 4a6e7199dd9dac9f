"""Every message drawn as Markdown takes user text only through `markdown_literal` (issue 18.9).

Streamlit reads Markdown in alerts, toasts, captions, `st.markdown`, `st.write`, metrics,
headings and table cells. A username in an import refusal and a class name in the "Joined"
toast once became a link and a fetched image. This test reads the source of pages/,
components/ and app.py and fails on any such call whose text is built from something other
than literals, `markdown_literal(...)`, or an expression listed below as trusted (content from
`roadmap_data/`, numbers, dates, server-made text), so a new message with user text cannot slip
in unescaped.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
SOURCES = sorted(
    [PROJECT / "app.py", *PROJECT.glob("pages/*.py"), *PROJECT.glob("components/*.py")]
)

MARKDOWN_CALLS = {
    "error", "warning", "info", "success", "toast", "markdown", "write", "caption", "metric",
    "title", "header", "subheader", "confirm", "report_failure", "show",
}  # fmt: skip
"""Calls whose first argument Streamlit renders as Markdown (`confirm` and `report_failure`
queue a toast and an error; `show` is the alert picked by urgency in credential_panel)."""

TRUSTED = {
    # content from roadmap_data/, validated at start-up
    "status.credential.name", "status.credential.renewal", "status.credential.source.title",
    "status.credential.source.verify", "names[credential_id]", "title", "item.title",
    "action.step.title", "action.step.number", "action.task.text", "step.summary",
    "phase.phase.summary", "group.summary", "group.title", "item.detail", "rule", "note",
    "states.states[state]", "content.skills.target_profile", "paragraph", "learn.scope_note",
    "figure.label", "figure.value", "part.label", "duty.title", "duty.detail",
    "specialty.name", "specialty.detail", "source.title", "source.url", "source.as_of",
    "source.verify", "question.question", "content.states.disclaimer", "words(state).lower()",
    "status.credential.source.url", "states.source.title", "states.source.url",
    # numbers, dates and lines the app makes
    "when", "status", "version", "len(result.created)", "len(result.problems)",
    "len(snapshot.ratings)", "entry.amount", "len(record.snapshots)", "last_saved",
    "progress.cycle_start", "progress.cycle_end", "part.earned", "part.required",
    "part.missing", "status.expires_on", "status.days_left", "item.due_on", "item.days_left",
    "len(overdue)", "len(view.attention)", "HEATMAP_MAX_LEARNERS", "len(labels)",
    "classroom.join_code", "words(flag)",
    "overall.percent", "roadmap.percent", "checklist.percent", "skills_met", "skills",
    "level", "name", "label", "' · '.join(lines)", "'  \\n'.join(lines)",
    "sum((summary.flag is flag for summary in summaries))",
    # server-made text: paths under the data folder (named by hex ids) and OS reasons
    "data_error_text(error)", "error.path", "error.problem", "wait", "PASSPHRASE_MIN_LENGTH",
    # content again: the state rules' disclaimer and source, the skill levels
    "states.disclaimer", "states.source.as_of", "states.source.verify",
    "' · '.join((f'{level} {name}' for level, name in content.skills.levels.items()))",
    # content again: sourced facts (components/sources.py), lapse rules, state requirements
    "source_note(figure.source)", "source_note(credential.source)", "source_note(fact.source)",
    "source_note(credential.lapse.source)", "source_note(lapse.source)", "lapse.after_days",
    "lapse.consequence", "required_in",
    # content again: competencies (title, area code, domain) and the confirmations built from
    # them (`done` in competency_list.py and competency_check_off.py: a fixed phrase and a title)
    "competency.title", "competency.domain", "domain.capitalize()", "STATUS_ICONS[state.status]",
    "len(outcome.saved)", "done",
    # show_confirmation draws what confirm() and report_failure() queued, checked at those calls
    "message", "failure",
}  # fmt: skip
"""Expressions allowed inside a Markdown message. Add one only if no user can choose its text."""

DATE_WORDS = {"day", "moment"}
"""`pathway.words` calls whose text is digits and separators, whatever date they are given."""

TABLES_OF_CONTENT_ONLY = {
    "components/skill_ratings.py",
    "components/credential_panel.py",
    "pages/cohort.py",
    # charts' tables: content and numbers; the learners x requirements grid goes as a data grid
    "components/chart_tables.py",
}
"""Files whose `st.table` shows only content and numbers; user text goes in `st.dataframe`."""


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    if isinstance(call.func, ast.Name):
        return call.func.id
    return None


def _is_literal_path(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and _called_name(node) == "markdown_literal"


def _unsafe_parts(node: ast.expr) -> list[str]:
    """The parts of a message expression that are neither literal, escaped nor trusted."""
    if isinstance(node, ast.Constant) or _is_literal_path(node):
        return []
    if isinstance(node, ast.Call) and _called_name(node) in DATE_WORDS:
        return []
    if isinstance(node, ast.Call) and _called_name(node) == "count_of":
        # "2 steps": as safe as the number and the nouns it is given
        return [part for argument in node.args for part in _unsafe_parts(argument)]
    if isinstance(node, ast.JoinedStr):
        return [
            part
            for value in node.values
            if isinstance(value, ast.FormattedValue)
            for part in _unsafe_parts(value.value)
        ]
    if isinstance(node, ast.BinOp):
        return _unsafe_parts(node.left) + _unsafe_parts(node.right)
    if isinstance(node, ast.IfExp):
        return _unsafe_parts(node.body) + _unsafe_parts(node.orelse)
    source = ast.unparse(node)
    return [] if source in TRUSTED else [source]


def markdown_messages_with_user_text(path: Path) -> list[str]:
    """`file:line: expression` for each Markdown call in `path` fed untrusted text."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or _called_name(node) not in MARKDOWN_CALLS:
            continue
        if node.args:
            message = node.args[0]
        else:
            message = next((kw.value for kw in node.keywords if kw.arg == "body"), None)
        if message is None:
            continue
        name = path.relative_to(PROJECT).as_posix()
        found += [f"{name}:{node.lineno}: {part}" for part in _unsafe_parts(message)]
    return found


def table_calls(path: Path) -> int:
    """How many `st.table` (or `column.table`) calls the file makes."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return sum(
        isinstance(node, ast.Call) and _called_name(node) == "table" for node in ast.walk(tree)
    )


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: path.relative_to(PROJECT).as_posix())
def test_no_markdown_message_takes_user_text_unescaped(path: Path) -> None:
    assert markdown_messages_with_user_text(path) == []


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: path.relative_to(PROJECT).as_posix())
def test_tables_with_user_text_are_data_grids_not_markdown_tables(path: Path) -> None:
    if path.relative_to(PROJECT).as_posix() not in TABLES_OF_CONTENT_ONLY:
        assert table_calls(path) == 0


def test_the_check_finds_an_unescaped_name_in_a_toast(tmp_path: Path) -> None:
    """The check itself can fail: a toast built from a class name is reported."""
    page = PROJECT / "pages" / "_probe.py"
    try:
        page.write_text('confirm(f"Joined {classroom.name}")\n', encoding="utf-8")
        assert markdown_messages_with_user_text(page) == ["pages/_probe.py:1: classroom.name"]
    finally:
        page.unlink()
