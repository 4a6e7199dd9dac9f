"""No page, component or app.py holds a bare expression that Streamlit's magic would draw.

Magic is off in .streamlit/config.toml, and a stray value is a mistake either way. Streamlit
applies magic to the scripts it runs (app.py and pages/), so there only the module docstring
and function or class docstrings are allowed. Components are imported, never run as scripts,
so they may also keep the house style of a docstring under a constant; any other bare value is
refused there too, so nothing moved into a page brings one along.
"""

from __future__ import annotations

import ast
import tomllib
from itertools import pairwise
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = sorted([ROOT / "app.py", *(ROOT / "pages").glob("*.py")])
COMPONENTS = sorted((ROOT / "components").glob("*.py"))


def magic_lines(source: str, *, constant_docstrings: bool = False) -> list[int]:
    """Lines of statements that are a bare value magic would draw (not a call, not a docstring).

    With `constant_docstrings`, a string right after an assignment is allowed as its docstring.
    """
    tree = ast.parse(source)
    allowed: set[int] = set()
    for owner in ast.walk(tree):
        body = getattr(owner, "body", None)
        if not isinstance(body, list):
            continue
        documented = ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
        if isinstance(owner, documented) and body and _is_string(body[0]):
            allowed.add(id(body[0]))
        if constant_docstrings:
            allowed |= {
                id(after)
                for before, after in pairwise(body)
                if isinstance(before, ast.Assign | ast.AnnAssign) and _is_string(after)
            }
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr)
        and not isinstance(node.value, ast.Call | ast.Await | ast.Yield | ast.YieldFrom)
        and id(node) not in allowed
    ]


def _is_string(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_bare_expression_in_a_page_or_app(script: Path) -> None:
    assert magic_lines(script.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("module", COMPONENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_bare_expression_in_a_component(module: Path) -> None:
    source = module.read_text(encoding="utf-8")
    assert magic_lines(source, constant_docstrings=True) == []


def test_a_string_after_a_constant_in_a_page_is_caught() -> None:
    assert magic_lines('"""Page."""\nLIMIT = 150\n"""What LIMIT means."""\n') == [3]


def test_a_bare_name_inside_a_function_is_caught() -> None:
    assert magic_lines('def draw():\n    """Draw."""\n    table\n') == [3]


def test_magic_is_switched_off_in_the_streamlit_config() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["magicEnabled"] is False
