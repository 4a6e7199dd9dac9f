"""Content in another language: `roadmap_data/<language>/<part>.yaml` laid over the English.

An overlay file holds only the words, keyed by the same ids as the English file, so the
English stays the one place for ids, numbers, dates, rules and sources:

    step.research:          # an entry with an id: its translated fields
      title: Investigación y autoevaluación
      facts.0.text: ...     # a field of a list inside the entry, by position
    scope_note: ...         # a field outside every entry, by its path in the file

Which fields are words is declared once, in `TRANSLATED_FIELDS`; every such field of the
English content must have its translation, and the overlay may name nothing else, so a
translation cannot fall behind the English unnoticed. Each mistake names the file and field.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from pathway.content.loader import CONTENT_FILES, ContentError, read_yaml_mapping
from pathway.content.models import (
    Competency,
    CompetencyArea,
    Content,
    ContinuingEducationRule,
    Credential,
    Duty,
    DutyArea,
    Fact,
    Figure,
    LapseRule,
    Learn,
    Phase,
    ProgramType,
    Question,
    Requirement,
    RequirementGroup,
    Skill,
    SkillSet,
    Source,
    Specialty,
    StateNotes,
    Step,
    Task,
)

TRANSLATED_FIELDS: Mapping[type[BaseModel], tuple[str, ...]] = {
    ProgramType: ("name", "typical"),
    Phase: ("title", "summary"),
    Step: ("title", "summary", "duration", "done_when"),
    Task: ("text",),
    RequirementGroup: ("title", "summary"),
    Requirement: ("title", "detail"),
    SkillSet: ("levels", "target_profile"),
    Skill: ("name", "description"),
    Learn: ("about", "scope_note"),
    DutyArea: ("title",),
    Duty: ("title", "detail"),
    Question: ("question", "answer"),
    Specialty: ("name", "detail"),
    Figure: ("label", "value", "detail", "period"),
    Credential: ("name", "renewal"),
    ContinuingEducationRule: ("unit", "approved_label"),
    LapseRule: ("consequence",),
    Fact: ("text",),
    Source: ("verify",),
    StateNotes: ("disclaimer", "default_note", "states"),
    CompetencyArea: ("title",),
    Competency: ("title",),
}
"""The fields people read as words, by model; everything else (ids, numbers, dates, codes,
addresses, source titles, which name the page as published) is the same in every language."""

ENTRY_KEYS = ("id", "code")
"""The fields that name an entry of a file; an entry kept in a mapping is named by its key."""

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Slot:
    """One translated field: the overlay key naming it, and where it sits in the content."""

    part: str
    """The content file's part (`roadmap` for roadmap.yaml)."""
    entry: str | None
    """The id of the innermost entry holding the field; None outside every entry."""
    field: str
    """The field's dotted path within its entry (or within the file, outside entries)."""
    location: Path_
    """The path from `Content` down to the field's value."""


def translation_slots(content: Content) -> list[Slot]:
    """Every field of `content` that an overlay translates, in file order."""
    slots: list[Slot] = []
    for part in CONTENT_FILES:
        slots += _slots_of(getattr(content, part), part, None, (), (part,))
    return slots


def _slots_of(
    model: BaseModel, part: str, entry: str | None, within: Path_, location: Path_
) -> Iterator[Slot]:
    translated = TRANSLATED_FIELDS.get(type(model), ())
    for name in type(model).model_fields:
        value = getattr(model, name)
        inner, at = (*within, name), (*location, name)
        if name in translated:
            yield from _text_slots(value, part, entry, inner, at)
            continue
        for key, child in _children(value):
            named = _entry_name(child, value, key)
            if named is None:  # part of the entry around it: its fields by their path
                yield from _slots_of(child, part, entry, (*inner, *key), (*at, *key))
            else:
                yield from _slots_of(child, part, named, (), (*at, *key))


def _entry_name(child: BaseModel, container: Any, key: Path_) -> str | None:
    """`child`'s name as an entry of its file (its id or code, or its key in a mapping).

    None when `child` has no name of its own, such as a fact of a step.
    """
    for field in ENTRY_KEYS:
        name = getattr(child, field, None)
        if isinstance(name, str):
            return name
    return str(key[0]) if isinstance(container, dict) else None


def _children(value: Any) -> Iterator[tuple[Path_, BaseModel]]:
    """The models directly inside a field's value, each with its key or position."""
    if isinstance(value, BaseModel):
        yield (), value
    elif isinstance(value, (list, dict)):
        keyed = value.items() if isinstance(value, dict) else enumerate(value)
        yield from (((key,), item) for key, item in keyed if isinstance(item, BaseModel))


def _text_slots(
    value: Any, part: str, entry: str | None, within: Path_, location: Path_
) -> Iterator[Slot]:
    """A text field's slots: one for a string, one per item of a list or mapping of strings.

    An empty optional text (a Source without a `verify` line) has nothing to translate.
    """
    if isinstance(value, str):
        if value:
            yield Slot(part, entry, ".".join(str(step) for step in within), location)
        return
    items = enumerate(value) if isinstance(value, list) else value.items()
    for key, text in items:
        yield from _text_slots(text, part, entry, (*within, key), (*location, key))


def overlay_of(content: Content, part: str) -> dict[str, Any]:
    """The overlay of `part` that would translate `content` into itself, in file order.

    The skeleton of a new language's file: copy it, then replace each English text.
    """
    overlay: dict[str, Any] = {}
    for slot in translation_slots(content):
        if slot.part != part:
            continue
        text = _value_at(content, slot.location)
        if slot.entry is None:
            overlay[slot.field] = text
        else:
            overlay.setdefault(slot.entry, {})[slot.field] = text
    return overlay


def _value_at(content: Content, location: Path_) -> str:
    node: Any = content
    for step in location:
        node = getattr(node, str(step)) if isinstance(node, BaseModel) else node[step]
    return str(node)


def load_translation(folder: Path, content: Content, language: str) -> Content:
    """`content` (the English, loaded from `folder`) with every word from `folder/language/`.

    ContentError names the file and field of a missing translation, of a key that names no id
    or translated field, and of a value that is not text.
    """
    slots = translation_slots(content)
    dumped = content.model_dump()
    for part in CONTENT_FILES:
        path = folder / language / f"{part}.yaml"
        overlay = read_yaml_mapping(path)
        part_slots = [slot for slot in slots if slot.part == part]
        for slot, text in _matched(path, overlay, part_slots):
            _place(dumped, slot.location, text)
    return Content.model_validate(dumped)


def _matched(path: Path, overlay: dict[str, Any], slots: list[Slot]) -> Iterator[tuple[Slot, str]]:
    """Each slot with its text from `overlay`; the first problem is raised as a ContentError."""
    entries = {slot.entry for slot in slots if slot.entry is not None}
    wanted = {(slot.entry, slot.field) for slot in slots}
    for key, value in overlay.items():
        if isinstance(value, dict) and key in entries:
            for field, text in value.items():
                if (key, field) not in wanted:
                    raise ContentError(
                        f"{path}: entry '{key}' field '{field}': not a translated field of "
                        "this entry"
                    )
                _check_text(path, key, field, text)
        elif (None, key) in wanted:
            _check_text(path, None, key, value)
        else:
            raise ContentError(
                f"{path}: '{key}' names no id or translated field of the English file"
            )
    for slot in slots:
        found = _text_of(overlay, slot)
        if found is None:
            raise ContentError(f"{path}:{_entry(slot.entry)} field '{slot.field}': no translation")
        yield slot, found


def _text_of(overlay: dict[str, Any], slot: Slot) -> Any:
    """The overlay's value for `slot`, or None when it has none."""
    if slot.entry is None:
        return overlay.get(slot.field)
    fields = overlay.get(slot.entry)
    return fields.get(slot.field) if isinstance(fields, dict) else None


def _check_text(path: Path, entry: str | None, field: object, text: object) -> None:
    if not (isinstance(text, str) and text.strip()):
        raise ContentError(f"{path}:{_entry(entry)} field '{field}': must be text")


def _entry(entry: str | None) -> str:
    return f" entry '{entry}'" if entry is not None else ""


def _place(dumped: dict[str, Any], location: Path_, text: str) -> None:
    """Put `text` at `location` in the dumped content, replacing the English there."""
    node: Any = dumped
    for step in location[:-1]:
        node = node[step]
    node[location[-1]] = text.strip()
