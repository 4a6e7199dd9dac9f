"""Drift guards: docs, navigation and code stay in step with each other and the content.

README describes every page and setting, every page file is registered, and every content id
written in code exists in roadmap_data/.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from pathway.content import load_content
from pathway.progress import item_titles
from pathway.settings import SETTINGS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def registered_pages() -> list[tuple[str, str]]:
    """(script path, title) of every `st.Page(...)` declared in app.py."""
    pages = []
    for node in ast.walk(ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "Page":
            path = node.args[0].value  # type: ignore[attr-defined]
            title = next(k.value.value for k in node.keywords if k.arg == "title")  # type: ignore[attr-defined]
            pages.append((path, title))
    return pages


def test_every_page_file_is_registered_in_the_navigation() -> None:
    files = {f"pages/{path.name}" for path in (ROOT / "pages").glob("*.py")}
    assert files == {path for path, _ in registered_pages()}


def test_readme_describes_every_page() -> None:
    missing = [title for _, title in registered_pages() if title not in README]
    assert not missing, f"README.md does not mention the pages {missing}"


def test_readme_documents_every_setting() -> None:
    missing = [setting.name for setting in SETTINGS if setting.name not in README]
    assert not missing, f"README.md does not document {missing}"


CONTENT_ID = re.compile(r"[\"'`]((?:req|task)\.[a-z0-9_]+\.[a-z0-9_]+)[\"'`:]")
"""A quoted requirement or task id, e.g. "req.cpr.card" or the widget key f"req:{...}"."""


def test_every_content_id_named_in_code_exists() -> None:
    known = set(item_titles(load_content(ROOT / "roadmap_data")))
    sources = [*ROOT.glob("*.py"), *ROOT.glob("pages/*.py"), *ROOT.glob("components/*.py")]
    sources += [
        *ROOT.glob("tests/app/*.py"),
        *ROOT.glob("tests/e2e/*.py"),
        *ROOT.glob("bench/*.py"),
    ]
    named = {
        (path.relative_to(ROOT).as_posix(), match)
        for path in sources
        for match in CONTENT_ID.findall(path.read_text(encoding="utf-8"))
    }
    assert named, "the pattern should find the ids the page tests use"
    missing = sorted((path, item_id) for path, item_id in named if item_id not in known)
    assert not missing, f"ids not in roadmap_data/: {missing}"
