"""Drift guards: README describes every page and setting, and every page file is registered."""

from __future__ import annotations

import ast
from pathlib import Path

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
