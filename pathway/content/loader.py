"""Load `roadmap_data/*.yaml` into a validated `Content`, or fail with one clear line.

A coordinator edits these files by hand, so every failure names the file, the entry's id
and the field, and nothing half-loaded ever reaches the app.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from pathway.content.models import (
    Checklist,
    CompetencySet,
    Content,
    CredentialSet,
    Learn,
    Roadmap,
    SkillSet,
    StateNotes,
)

CONTENT_FILES: dict[str, type[BaseModel]] = {
    "roadmap": Roadmap,
    "checklist": Checklist,
    "skills": SkillSet,
    "learn": Learn,
    "credentials": CredentialSet,
    "states": StateNotes,
    "competencies": CompetencySet,
}
"""Each part of `Content` and the model its file `<part>.yaml` is validated into."""

RATING_LEVELS = {1, 2, 3, 4, 5}


class ContentError(Exception):
    """A content file is missing, unreadable or invalid; the message says where and why.

    The message is always one line, as the app shows it as one: anything unprintable that a
    file put into it (a newline in a key, a NUL, a lone surrogate) is escaped as in a repr.
    """

    def __init__(self, message: str) -> None:
        super().__init__("".join(c if c.isprintable() else repr(c)[1:-1] for c in message))


class _ContentYamlLoader(yaml.SafeLoader):
    """PyYAML's safe loader, with every value it cannot build reported as a YAML error.

    PyYAML's own constructors raise ValueError, KeyError, IndexError or AttributeError for
    scalars such as `2024-13-45`, `!!int abc` or `!!bool maybe`; this turns them into a
    `ConstructorError` that carries the line and column like any other YAML mistake.
    """

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except Exception as error:
            tag = node.tag.rsplit(":", 1)[-1]
            value = str(node.value)
            shown = repr(value if len(value) <= 40 else f"{value[:40]}...")
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read {shown} as {tag} ({error})", node.start_mark
            ) from error


def load_content(folder: Path) -> Content:
    """Read, validate and cross-check every content file in `folder`."""
    parts = {
        name: _load_part(folder / f"{name}.yaml", model) for name, model in CONTENT_FILES.items()
    }
    content = Content.model_validate(parts)
    _check_cross_references(folder, content)
    return content


def _load_part(path: Path, model: type[BaseModel]) -> BaseModel:
    raw = read_yaml_mapping(path)
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        raise ContentError(_describe(path, raw, error.errors()[0])) from None


def read_yaml_mapping(path: Path) -> dict[str, Any]:
    """The mapping a content file holds at its top; ContentError says why a file has none.

    Also reads the translation overlays (pathway/content/translations.py).
    """
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_ContentYamlLoader)
    except FileNotFoundError:
        raise ContentError(f"{path}: file is missing") from None
    except OSError as error:
        raise ContentError(f"{path}: cannot be read ({error.strerror})") from None
    except UnicodeDecodeError as error:
        raise ContentError(
            f"{path}: not UTF-8 text ({error.reason} at byte {error.start})"
        ) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise ContentError(f"{path}: YAML syntax error{where}: {problem}") from None
    except RecursionError:
        # PyYAML composes nested collections recursively, so `[[[[...` a few hundred deep
        # exhausts the stack before the parser can report the missing brackets.
        raise ContentError(f"{path}: YAML syntax error: collections nested too deeply") from None
    if not isinstance(raw, dict):
        raise ContentError(f"{path}: expected a mapping of fields at the top, found {_kind(raw)}")
    return raw


def _describe(path: Path, raw: dict[str, Any], error: ErrorDetails) -> str:
    """One line naming the file, the innermost entry with an id, and the field at fault."""
    entry_id = None
    node: Any = raw
    for part in error["loc"]:
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            entry_id = node["id"]
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
    field = ".".join(str(part) for part in error["loc"]) or "(top level)"
    entry = f" entry '{entry_id}'" if entry_id else ""
    return f"{path}:{entry} field '{field}': {error['msg']}"


def _check_cross_references(folder: Path, content: Content) -> None:
    roadmap_file = folder / "roadmap.yaml"
    phase_ids = {phase.id for phase in content.roadmap.phases}
    for position, step in enumerate(content.roadmap.steps, start=1):
        if step.number != position:
            raise ContentError(
                f"{roadmap_file}: entry '{step.id}' field 'number': is {_number(step.number)}, "
                f"but steps must be numbered 1, 2, 3... in order (expected {position})"
            )
        if step.phase not in phase_ids:
            raise ContentError(
                f"{roadmap_file}: entry '{step.id}' field 'phase': unknown phase '{step.phase}'"
            )
    levels = set(content.skills.levels)
    if levels != RATING_LEVELS:
        raise ContentError(
            f"{folder / 'skills.yaml'}: field 'levels': must name exactly the levels 1 to 5, "
            f"found [{', '.join(_number(level) for level in sorted(levels))}]"
        )
    _check_links(folder, content)
    categories = set(content.credentials.ce_categories)
    for credential in content.credentials.credentials:
        rule = credential.continuing_education
        unknown = sorted(set(rule.category_minimums) - categories) if rule else []
        if unknown:
            raise ContentError(
                f"{folder / 'credentials.yaml'}: entry '{credential.id}' field "
                f"'continuing_education.category_minimums': unknown category '{unknown[0]}' "
                f"(ce_categories are {', '.join(sorted(categories))})"
            )
    unknown_states = sorted(set(content.states.notes) - set(content.states.states))
    if unknown_states:
        raise ContentError(
            f"{folder / 'states.yaml'}: field 'notes.{unknown_states[0]}': "
            "not a state listed under 'states'"
        )
    _check_rule_kinds(folder, content)
    _check_state_requirements(folder, content)
    _check_competencies(folder, content)
    for file_name, item_id in _duplicate_ids(content):
        raise ContentError(
            f"{folder / file_name}: entry '{item_id}' field 'id': used more than once"
        )


def _check_links(folder: Path, content: Content) -> None:
    """Each link between a task, a requirement and a credential names an entry of the right kind.

    A task names the requirement it is the same fact as (one task per requirement, and both
    optional or neither, so a skip means the same on both); a requirement names the credential
    that satisfies it.
    """
    kinds = _id_kinds(content)
    requirements = {item.id: item for group in content.checklist.groups for item in group.items}
    linked_from: dict[str, str] = {}
    for step in content.roadmap.steps:
        for task in step.tasks:
            if task.requirement is None:
                continue
            where = f"{folder / 'roadmap.yaml'}: entry '{task.id}' field 'requirement'"
            _check_kind(where, task.requirement, "requirement", kinds)
            if task.requirement in linked_from:
                raise ContentError(
                    f"{where}: '{task.requirement}' is already linked from "
                    f"'{linked_from[task.requirement]}'"
                )
            linked_from[task.requirement] = task.id
            requirement = requirements[task.requirement]
            if requirement.optional != step.optional:
                raise ContentError(
                    f"{where}: '{task.requirement}' is {_optional(requirement.optional)} but "
                    f"step '{step.id}' is {_optional(step.optional)}; a linked task and "
                    "requirement are one fact, so both are optional or neither is"
                )
    for item in requirements.values():
        if item.credential is not None:
            where = f"{folder / 'checklist.yaml'}: entry '{item.id}' field 'credential'"
            _check_kind(where, item.credential, "credential", kinds)


def _id_kinds(content: Content) -> dict[str, str]:
    """Every linkable id and the kind of entry it names (task, requirement, credential, step)."""
    kinds = {step.id: "step" for step in content.roadmap.steps}
    kinds |= {task.id: "task" for step in content.roadmap.steps for task in step.tasks}
    kinds |= {group.id: "requirement group" for group in content.checklist.groups}
    kinds |= {item.id: "requirement" for group in content.checklist.groups for item in group.items}
    kinds |= {credential.id: "credential" for credential in content.credentials.credentials}
    return kinds


def _check_kind(where: str, target: str, kind: str, kinds: dict[str, str]) -> None:
    """Refuse a link to an id that does not exist or names another kind of entry."""
    found = kinds.get(target)
    if found is None:
        raise ContentError(f"{where}: unknown {kind} '{target}'")
    if found != kind:
        raise ContentError(f"{where}: '{target}' is a {found}, not a {kind}")


def _optional(optional: bool) -> str:
    return "optional" if optional else "not optional"


def _check_state_requirements(folder: Path, content: Content) -> None:
    """A state may make only optional steps or requirements required: anything else is a typo."""
    optional = {step.id for step in content.roadmap.steps if step.optional}
    optional |= {
        item.id for group in content.checklist.groups for item in group.items if item.optional
    }
    for code, note in content.states.notes.items():
        for position, item_id in enumerate(note.requires):
            if item_id not in optional:
                raise ContentError(
                    f"{folder / 'states.yaml'}: entry '{code}' field "
                    f"'notes.{code}.requires.{position}': "
                    f"'{item_id}' is not an optional step or requirement"
                )


def _check_competencies(folder: Path, content: Content) -> None:
    """Areas are listed once and each has competencies; verifiable ids name checklist items."""
    path = folder / "competencies.yaml"
    competencies = content.competencies
    area_counts = Counter(area.code for area in competencies.areas)
    for position, area in enumerate(competencies.areas):
        if area_counts[area.code] > 1:
            raise ContentError(
                f"{path}: field 'areas.{position}.code': "
                f"area '{area.code}' is listed more than once"
            )
    for position, competency in enumerate(competencies.competencies):
        if competency.area not in area_counts:
            raise ContentError(
                f"{path}: entry '{competency.id}' field 'competencies.{position}.area': "
                f"unknown area '{competency.area}'"
            )
    used = {competency.area for competency in competencies.competencies}
    for position, area in enumerate(competencies.areas):
        if area.code not in used:
            raise ContentError(
                f"{path}: field 'areas.{position}.code': area '{area.code}' has no competencies"
            )
    requirement_ids = {item.id for group in content.checklist.groups for item in group.items}
    for position, item_id in enumerate(competencies.verifiable):
        if item_id not in requirement_ids:
            raise ContentError(
                f"{path}: field 'verifiable.{position}': '{item_id}' is not a checklist item"
            )


def _duplicate_ids(content: Content) -> list[tuple[str, str]]:
    """(file name, id) for every id that appears twice anywhere in the content."""
    owners: list[tuple[str, str]] = []
    for step in content.roadmap.steps:
        owners += [("roadmap.yaml", step.id)] + [("roadmap.yaml", t.id) for t in step.tasks]
    owners += [("roadmap.yaml", phase.id) for phase in content.roadmap.phases]
    for group in content.checklist.groups:
        owners += [("checklist.yaml", group.id)] + [("checklist.yaml", i.id) for i in group.items]
    owners += [("skills.yaml", skill.id) for skill in content.skills.skills]
    learn = content.learn
    owners += [("learn.yaml", item.id) for item in learn.duty_areas]
    owners += [("learn.yaml", item.id) for item in learn.specialties]
    owners += [("learn.yaml", item.id) for item in learn.faq]
    owners += [("learn.yaml", item.id) for item in learn.figures]
    owners += [("credentials.yaml", item.id) for item in content.credentials.credentials]
    owners += [("competencies.yaml", item.id) for item in content.competencies.competencies]
    counts = Counter(item_id for _, item_id in owners)
    return [(file, item_id) for file, item_id in owners if counts[item_id] > 1]


def _number(value: int) -> str:
    """`value` in digits, or its size if Python refuses to print it (over 4,300 digits)."""
    return str(value) if value.bit_length() <= 64 else f"a {value.bit_length()}-bit number"


def _kind(value: Any) -> str:
    return "nothing (empty file)" if value is None else type(value).__name__


RULE_KINDS = (
    ("roadmap.yaml", "steps", "externship"),
    ("checklist.yaml", "requirements", "background_check"),
    ("credentials.yaml", "credentials", "cpr"),
)
"""(file, entries, kind) each cohort rule reads (pathway/cohort.py): at most one entry declares
it, so a rule never has to guess; content without it simply has no such rule."""


def _check_rule_kinds(folder: Path, content: Content) -> None:
    """The rules find their step, requirement and credential by `kind`: never two of one kind."""
    kinds: dict[str, list[str | None]] = {
        "steps": [step.kind for step in content.roadmap.steps],
        "requirements": [item.kind for group in content.checklist.groups for item in group.items],
        "credentials": [credential.kind for credential in content.credentials.credentials],
    }
    for file_name, entries, kind in RULE_KINDS:
        found = kinds[entries].count(kind)
        if found > 1:
            raise ContentError(
                f"{folder / file_name}: field 'kind': {found} {entries} say 'kind: {kind}', "
                "but the class progress rules read one"
            )
