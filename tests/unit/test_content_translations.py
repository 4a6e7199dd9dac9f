"""Specifies the content overlays: every word of the content in each language, nothing else.

Each test copies the English content files into a temporary folder, writes an overlay made
from them (every text marked as translated), breaks one thing, and checks that the
ContentError names the overlay file and the field, as the loader does for the English files.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from pathway import settings
from pathway.content import Content, ContentError, load_content
from pathway.content.loader import CONTENT_FILES
from pathway.content.translations import load_translation, overlay_of, translation_slots
from pathway.i18n import LANGUAGES

ENGLISH_FOLDER = settings.PROJECT_ROOT / "roadmap_data"
MARK = "ǃ"
"""One character: a figure's value must stay within 14 characters, marked too."""
Overlay = dict[str, Any]


@pytest.fixture(scope="module")
def english() -> Content:
    """The shipped English content."""
    return load_content(ENGLISH_FOLDER)


def _marked(overlay: Overlay) -> Overlay:
    """`overlay` with every text marked, as if translated."""
    return {
        key: _marked(value) if isinstance(value, dict) else MARK + value
        for key, value in overlay.items()
    }


@pytest.fixture
def write_overlay(tmp_path: Path, english: Content) -> Callable[..., Path]:
    """Write the English files and a marked "xx" overlay, after `change(part, overlay)`."""

    def write(change: Callable[[str, Overlay], None] = lambda part, overlay: None) -> Path:
        for part in CONTENT_FILES:
            shutil.copy(ENGLISH_FOLDER / f"{part}.yaml", tmp_path / f"{part}.yaml")
            overlay = _marked(overlay_of(english, part))
            change(part, overlay)
            (tmp_path / "xx").mkdir(exist_ok=True)
            (tmp_path / "xx" / f"{part}.yaml").write_text(
                yaml.safe_dump(overlay, allow_unicode=True, sort_keys=False), encoding="utf-8"
            )
        return tmp_path

    return write


def _error(folder: Path, english: Content) -> str:
    with pytest.raises(ContentError) as caught:
        load_translation(folder, english, "xx")
    return str(caught.value)


def test_an_overlay_replaces_the_words_of_an_entry(write_overlay, english) -> None:
    translated = load_translation(write_overlay(), english, "xx")
    assert translated.roadmap.steps[0].title == MARK + english.roadmap.steps[0].title


def test_text_outside_every_entry_is_translated_by_its_path(write_overlay, english) -> None:
    translated = load_translation(write_overlay(), english, "xx")
    assert translated.skills.levels[1] == MARK + english.skills.levels[1]


def test_a_fact_inside_an_entry_is_translated_by_its_position(write_overlay, english) -> None:
    translated = load_translation(write_overlay(), english, "xx")
    note = translated.states.notes["WA"].notes[0]
    assert note.text == MARK + english.states.notes["WA"].notes[0].text


def test_ids_numbers_and_addresses_stay_as_in_the_english(write_overlay, english) -> None:
    translated = load_translation(write_overlay(), english, "xx")
    step, original = translated.roadmap.steps[0], english.roadmap.steps[0]
    assert (step.id, step.number, step.plan_weeks) == (
        original.id,
        original.number,
        original.plan_weeks,
    )
    assert translated.credentials.credentials[0].source.url == (
        english.credentials.credentials[0].source.url
    )


def test_a_missing_translation_names_file_entry_and_field(write_overlay, english) -> None:
    def drop_title(part: str, overlay: Overlay) -> None:
        if part == "roadmap":
            del overlay["step.research"]["title"]

    message = _error(write_overlay(drop_title), english)
    assert message.endswith("xx/roadmap.yaml: entry 'step.research' field 'title': no translation")


def test_a_missing_text_outside_entries_names_its_path(write_overlay, english) -> None:
    def drop_level(part: str, overlay: Overlay) -> None:
        if part == "skills":
            del overlay["levels.3"]

    assert _error(write_overlay(drop_level), english).endswith(
        "xx/skills.yaml: field 'levels.3': no translation"
    )


def test_a_key_that_names_no_id_is_refused(write_overlay, english) -> None:
    def add_unknown(part: str, overlay: Overlay) -> None:
        if part == "checklist":
            overlay["req.no_such.item"] = {"title": "Nada"}

    assert _error(write_overlay(add_unknown), english).endswith(
        "xx/checklist.yaml: 'req.no_such.item' names no id or translated field of the English file"
    )


def test_a_field_that_is_not_translated_is_refused(write_overlay, english) -> None:
    def translate_the_number(part: str, overlay: Overlay) -> None:
        if part == "roadmap":
            overlay["step.research"]["number"] = "uno"

    assert _error(write_overlay(translate_the_number), english).endswith(
        "xx/roadmap.yaml: entry 'step.research' field 'number': not a translated field of this "
        "entry"
    )


def test_a_translation_that_is_not_text_is_refused(write_overlay, english) -> None:
    def blank(part: str, overlay: Overlay) -> None:
        if part == "learn":
            overlay["scope_note"] = "  "

    assert _error(write_overlay(blank), english).endswith(
        "xx/learn.yaml: field 'scope_note': must be text"
    )


def test_a_missing_overlay_file_is_named(write_overlay, english) -> None:
    folder = write_overlay()
    (folder / "xx" / "states.yaml").unlink()
    assert _error(folder, english).endswith("xx/states.yaml: file is missing")


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
def test_the_shipped_overlay_translates_every_content_field(english, language) -> None:
    translated = load_translation(ENGLISH_FOLDER, english, language)
    assert translated.roadmap.steps[0].title != english.roadmap.steps[0].title


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
def test_no_text_of_three_words_or_more_is_left_in_english(english, language) -> None:
    translated = load_translation(ENGLISH_FOLDER, english, language)
    english_overlays = {part: overlay_of(english, part) for part in CONTENT_FILES}
    translated_overlays = {part: overlay_of(translated, part) for part in CONTENT_FILES}
    left = [
        (slot.part, slot.entry, slot.field)
        for slot in translation_slots(english)
        if len(_text(english_overlays, slot).split()) >= 3
        and _text(english_overlays, slot) == _text(translated_overlays, slot)
    ]
    assert not left


def _text(overlays: dict[str, Overlay], slot) -> str:
    overlay = overlays[slot.part]
    return overlay[slot.field] if slot.entry is None else overlay[slot.entry][slot.field]
