"""Drift guards: docs, navigation and code stay in step with each other and the content.

README describes every page and setting, every page file is registered, every content id
written in code exists in roadmap_data/, and every outside fact in roadmap_data/ carries its
source (a URL and the day it was read) and, where read outside the issuer's own pages, a verify
note.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import BaseModel

from pathway.content import load_content
from pathway.content.models import (
    Competency,
    Credential,
    ExternshipTarget,
    Fact,
    Figure,
    LapseRule,
    Source,
    StateNote,
)
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


# Sourcing of outside facts -------------------------------------------------------------------

OUTSIDE_FACT_MODELS = (Fact, Figure, Credential, LapseRule, Competency, ExternshipTarget)
"""Every kind of content entry that states a fact from outside the source article."""

ISSUER_HOSTS = {
    "www.aama-ntl.org",
    "www.americanmedtech.org",
    "info.nhanow.com",
    "cpr.heart.org",
    "www.maerb.org",
    "doh.wa.gov",
    "apps.leg.wa.gov",
    "www.azleg.gov",
    "sdlegislature.gov",
}
"""Pages of the issuer or regulator itself; a fact read elsewhere must say whom to verify with."""

ARTICLE_NUMBERS = {"9", "12", "1", "2"}
"""Numbers the source article itself gives in the app's own text: programs of 9–12 months or
1–2 years. Any other number there is an outside fact and needs a sourced fact on its entry."""

NUMBER = re.compile(r"\d[\d,]*")


def content_models(node: object) -> Iterator[BaseModel]:
    """Every model inside `node` (the content, an entry, a list or mapping of them), depth first."""
    if isinstance(node, BaseModel):
        yield node
        for name in type(node).model_fields:
            yield from content_models(getattr(node, name))
    elif isinstance(node, list | tuple):
        for item in node:
            yield from content_models(item)
    elif isinstance(node, dict):
        for item in node.values():
            yield from content_models(item)


SHIPPED = load_content(ROOT / "roadmap_data")
SOURCES = [model for model in content_models(SHIPPED) if isinstance(model, Source)]


def test_every_kind_of_outside_fact_requires_a_source() -> None:
    for model in OUTSIDE_FACT_MODELS:
        field = model.model_fields["source"]
        assert field.is_required(), model.__name__
        assert field.annotation is Source, model.__name__
    assert StateNote.model_fields["notes"].annotation == list[Fact]


def test_a_source_cannot_be_given_without_its_url_or_the_day_it_was_read() -> None:
    assert Source.model_fields["url"].is_required()
    assert Source.model_fields["as_of"].is_required()
    assert Source.model_fields["as_of"].annotation is date


def test_every_source_in_the_content_is_a_web_address_read_on_a_past_day() -> None:
    assert len(SOURCES) > 30, "the walk should reach every fact, figure, credential and note"
    for source in SOURCES:
        assert urlsplit(source.url).scheme in {"http", "https"}, source.title
        assert source.as_of <= date.today(), source.title


def test_a_fact_read_outside_the_issuers_own_pages_says_verify() -> None:
    unmarked = [
        source.title
        for source in SOURCES
        if urlsplit(source.url).hostname not in ISSUER_HOSTS and not source.verify
    ]
    assert not unmarked, f"secondary sources without a verify note: {unmarked}"


def test_every_state_note_has_a_source() -> None:
    for code, note in SHIPPED.states.notes.items():
        assert note.notes, code
        assert all(fact.source.url for fact in note.notes), code


def test_a_number_in_the_apps_own_text_is_the_articles_or_backed_by_a_fact_of_its_entry() -> None:
    entries: list[tuple[str, str, list[Fact]]] = [
        (item.id, f"{item.title} {item.detail}", item.facts)
        for group in SHIPPED.checklist.groups
        for item in group.items
    ]
    entries += [
        (step.id, " ".join([step.title, step.summary, step.done_when, *texts]), step.facts)
        for step in SHIPPED.roadmap.steps
        for texts in [[task.text for task in step.tasks]]
    ]
    entries += [
        (skill.id, f"{skill.name} {skill.description}", []) for skill in SHIPPED.skills.skills
    ]
    unsourced = [
        (entry_id, number)
        for entry_id, text, facts in entries
        for number in NUMBER.findall(text)
        if number not in ARTICLE_NUMBERS and not any(number in fact.text for fact in facts)
    ]
    assert not unsourced, f"numbers without a source: {unsourced}"
