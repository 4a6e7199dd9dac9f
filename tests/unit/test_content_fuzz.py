"""Fuzzes the content loader: whatever a content file holds, it loads or fails on one line.

A coordinator edits `roadmap_data/` by hand, so any text at all may end up in a content file.
Whatever it is, `load_content` must return valid `Content` or raise `ContentError` with one
line that starts with the file's path and, where a field is at fault, names the entry and the
field; any other exception, or a message spread over lines, would reach the app as a crash.

Each property writes fuzzed bytes, fuzzed YAML or a mutated real file in place of one file of a
private copy of the real content, loads the folder, and restores the file. The copy is module
scoped because hypothesis runs many examples per test and must not share a function-scoped
`tmp_path` between them.
"""

from __future__ import annotations

import copy
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from pathway.content import Content, ContentError, load_content
from pathway.content.loader import CONTENT_FILES
from pathway.settings import PROJECT_ROOT

CONTENT_DIR = PROJECT_ROOT / "roadmap_data"
PARTS = list(CONTENT_FILES)
REAL_DATA: dict[str, Any] = {
    part: yaml.safe_load((CONTENT_DIR / f"{part}.yaml").read_text(encoding="utf-8"))
    for part in PARTS
}
"""The shipped files, parsed once; mutations work on deep copies."""

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
"""Forty examples for each of the six files; properties that load a whole mutated real
file, or whose space is small, take fewer, keeping this file under ~40 s on two cores."""

MESSAGE_AFTER_PATH = re.compile(
    r": (file is missing|cannot be read .+|not UTF-8 text .+|YAML syntax error.*"
    r"|expected a mapping of fields at the top, found .+|(entry '.+' )?field '.+': .+)"
)
"""What follows the path in every ContentError: a problem with the whole file, or a field's."""


class TooLongToPrint(int):
    """An int of more than 4,300 digits, which Python refuses to turn into decimal text.

    Its repr is a formula, so hypothesis can still print a failing example that holds one.
    """

    def __repr__(self) -> str:
        return f"{'-' if self < 0 else ''}2**{abs(self).bit_length() - 1}"


TOO_LONG_TO_PRINT = TooLongToPrint(2**15_000)


# Strategies -------------------------------------------------------------------------------


def _words(node: Any) -> Iterator[str]:
    """Every key and short string in the real data: field names and ids the fuzz should reuse."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield str(key)
            yield from _words(value)
    elif isinstance(node, list):
        for item in node:
            yield from _words(item)
    elif isinstance(node, str) and len(node) < 40:
        yield node


REAL_WORDS = sorted({word for data in REAL_DATA.values() for word in _words(data)})

YAML_PUNCTUATION = [*"[]{},:-?|>#&*!%'\"", ": ", "- ", "? ", "&a ", "*a", "<<: ", "--- ", "...\n"]
YAML_SPACING = ["  ", "\n  ", "\t", "\r", "\n", "\x00", "\x85", "\u2028", "\ufeff", "%YAML 1.1\n"]
YAML_TAGS = ["!!int ", "!!float ", "!!bool ", "!!timestamp ", "!!binary ", "!!set ", "!!omap "]
ODD_TAGS = ["!!str ", "!!map ", "!!seq ", "!!python/object:os.system ", "!local "]
ODD_SCALARS = ["0x", "0b", "0o", "1:30", "1_000", ".inf", "-.nan", "~", "null", "yes", "No", "é"]
ODD_DATES = ["2024-13-45", "0000-01-01", "2024-05-01", "2001-12-14t21:59:43.10+99:00"]
ODD_ESCAPES = ['"\\ud800"', '"\\x85"', '"a\\nb"', "1" * 4400, "0x" + "f" * 4000]
TRICKY_TOKENS = [
    *YAML_PUNCTUATION,
    *YAML_SPACING,
    *YAML_TAGS,
    *ODD_TAGS,
    *ODD_SCALARS,
    *ODD_DATES,
    *ODD_ESCAPES,
]
"""Pieces of YAML that PyYAML's scanner, parser and constructors treat specially."""

yaml_like_text = st.lists(
    st.one_of(st.sampled_from(TRICKY_TOKENS), st.sampled_from(REAL_WORDS), st.text(max_size=4)),
    max_size=40,
).map("".join)

deep_nesting = st.builds(
    lambda opener, depth, tail: opener * depth + tail,
    st.sampled_from(["[", "{a: ", "- ", "[x, ", "{", "? "]),
    st.integers(min_value=1, max_value=1_500),
    st.sampled_from(["", "1", "]", "\n"]),
)

any_bytes = st.one_of(
    st.binary(max_size=300),
    yaml_like_text.map(lambda text: text.encode("utf-8", "surrogatepass")),
    deep_nesting.map(str.encode),
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([TOO_LONG_TO_PRINT, TooLongToPrint(-TOO_LONG_TO_PRINT), 0, 1, 5, 6, 261]),
    st.floats(),
    st.text(),
    yaml_like_text,
    st.sampled_from(REAL_WORDS),
    st.dates(),
    st.datetimes(),
)

keys = st.one_of(
    st.sampled_from(REAL_WORDS),
    st.text(),
    yaml_like_text,
    st.integers(min_value=-10, max_value=10),
    st.booleans(),
    st.none(),
    st.dates(),
    st.floats(allow_nan=False),
)

yaml_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=4),
    max_leaves=20,
)


class FuzzDumper(yaml.SafeDumper):
    """A safe dumper that writes ints too long for decimal text in hex, which YAML reads back."""


FuzzDumper.add_representer(
    TooLongToPrint,
    lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:int", hex(value)),
)


def dump(data: Any) -> bytes:
    """`data` as the UTF-8 YAML a coordinator might have written."""
    return yaml.dump(data, Dumper=FuzzDumper, sort_keys=False, allow_unicode=True).encode()


def _places(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every (path, value) in `node`, the root included, depth first."""
    yield path, node
    if isinstance(node, dict | list):
        children = node.items() if isinstance(node, dict) else enumerate(node)
        for key, child in children:
            yield from _places(child, (*path, key))


def _at(node: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        node = node[part]
    return node


@st.composite
def key_deleted(draw: st.DrawFn, part: str) -> Any:
    """The real file with one key of one mapping removed."""
    data = copy.deepcopy(REAL_DATA[part])
    mappings = [value for _, value in _places(data) if isinstance(value, dict) and value]
    mapping = draw(st.sampled_from(mappings))
    del mapping[draw(st.sampled_from(list(mapping)))]
    return data


@st.composite
def key_added(draw: st.DrawFn, part: str) -> Any:
    """The real file with one more key, a typo or any text at all, in one of its mappings."""
    data = copy.deepcopy(REAL_DATA[part])
    mappings = [value for _, value in _places(data) if isinstance(value, dict)]
    key = draw(st.one_of(st.sampled_from(REAL_WORDS), st.text(), yaml_like_text))
    draw(st.sampled_from(mappings))[key] = draw(yaml_values)
    return data


@st.composite
def value_replaced(draw: st.DrawFn, part: str) -> Any:
    """The real file with one value, anywhere below the top, replaced by one of another type."""
    data = copy.deepcopy(REAL_DATA[part])
    path = draw(st.sampled_from([path for path, _ in _places(data) if path]))
    old = _at(data, path)
    new = draw(yaml_values)
    assume(type(new) is not type(old))
    _at(data, path[:-1])[path[-1]] = new
    return data


@st.composite
def entry_duplicated(draw: st.DrawFn, part: str) -> Any:
    """The real file with one item of one list copied into the same list, ids and all."""
    data = copy.deepcopy(REAL_DATA[part])
    lists = [value for _, value in _places(data) if isinstance(value, list) and value]
    assume(lists)
    items = draw(st.sampled_from(lists))
    entry = draw(st.sampled_from(items))
    items.insert(draw(st.integers(min_value=0, max_value=len(items))), copy.deepcopy(entry))
    return data


@st.composite
def list_emptied(draw: st.DrawFn, part: str) -> Any:
    """The real file with one of its lists (steps, tasks, answers, ...) left empty."""
    data = copy.deepcopy(REAL_DATA[part])
    lists = [value for _, value in _places(data) if isinstance(value, list) and value]
    assume(lists)
    draw(st.sampled_from(lists)).clear()
    return data


# Harness ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def content_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the real content folder; each example restores the file it changed."""
    folder = tmp_path_factory.mktemp("fuzz") / "roadmap_data"
    shutil.copytree(CONTENT_DIR, folder)
    return folder


def assert_loads_or_fails_on_one_line(folder: Path, part: str, text: bytes) -> None:
    """Write `text` as `part`'s file, load the folder, and check the one-line-error promise.

    Any exception other than ContentError escapes, so hypothesis reports it with its input.
    """
    path = folder / f"{part}.yaml"
    path.write_bytes(text)
    try:
        content = load_content(folder)
    except ContentError as error:
        message = str(error)
        assert message.splitlines() == [message], f"not one line: {message!r}"
        assert message.startswith(str(path)), f"does not name {path.name}: {message!r}"
        assert MESSAGE_AFTER_PATH.fullmatch(message[len(str(path)) :]), message
    else:
        assert isinstance(content, Content)
    finally:
        shutil.copyfile(CONTENT_DIR / path.name, path)


def load_error(folder: Path, part: str, text: str) -> str:
    """The message of the ContentError raised with `text` as `part`'s file; checks its shape."""
    path = folder / f"{part}.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        with pytest.raises(ContentError) as raised:
            load_content(folder)
    finally:
        shutil.copyfile(CONTENT_DIR / path.name, path)
    message = str(raised.value)
    assert message.splitlines() == [message]
    assert message.startswith(f"{path}: ")
    return message


# Properties -------------------------------------------------------------------------------


@pytest.mark.parametrize("part", PARTS)
@FUZZ
@given(text=any_bytes)
def test_any_bytes_in_a_file_load_or_fail_on_one_line_naming_it(
    content_copy: Path, part: str, text: bytes
) -> None:
    assert_loads_or_fails_on_one_line(content_copy, part, text)


@pytest.mark.parametrize("part", PARTS)
@FUZZ
@given(data=st.one_of(st.dictionaries(keys, yaml_values, max_size=8), yaml_values))
def test_any_yaml_data_in_a_file_loads_or_fails_on_one_line_naming_it(
    content_copy: Path, part: str, data: Any
) -> None:
    assert_loads_or_fails_on_one_line(content_copy, part, dump(data))


@pytest.mark.parametrize("part", PARTS)
@settings(FUZZ, max_examples=15)
@given(data=st.data())
def test_real_file_missing_any_key_loads_or_fails_on_one_line_naming_it(
    content_copy: Path, part: str, data: st.DataObject
) -> None:
    mutated = data.draw(key_deleted(part))
    assert_loads_or_fails_on_one_line(content_copy, part, dump(mutated))


@pytest.mark.parametrize("part", PARTS)
@settings(FUZZ, max_examples=20)
@given(data=st.data())
def test_real_file_with_any_key_added_loads_or_fails_on_one_line_naming_it(
    content_copy: Path, part: str, data: st.DataObject
) -> None:
    mutated = data.draw(key_added(part))
    assert_loads_or_fails_on_one_line(content_copy, part, dump(mutated))


@pytest.mark.parametrize("part", PARTS)
@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_real_file_with_any_value_retyped_loads_or_fails_on_one_line_naming_it(
    content_copy: Path, part: str, data: st.DataObject
) -> None:
    mutated = data.draw(value_replaced(part))
    assert_loads_or_fails_on_one_line(content_copy, part, dump(mutated))


@pytest.mark.parametrize("part", PARTS)
@settings(FUZZ, max_examples=15)
@given(data=st.data())
def test_real_file_with_any_entry_duplicated_loads_or_fails_on_one_line_naming_it(
    content_copy: Path, part: str, data: st.DataObject
) -> None:
    mutated = data.draw(entry_duplicated(part))
    assert_loads_or_fails_on_one_line(content_copy, part, dump(mutated))


@pytest.mark.parametrize("part", PARTS)
@settings(FUZZ, max_examples=15)
@given(data=st.data())
def test_real_file_with_any_list_emptied_loads_or_fails_on_one_line_naming_it(
    content_copy: Path, part: str, data: st.DataObject
) -> None:
    mutated = data.draw(list_emptied(part))
    assert_loads_or_fails_on_one_line(content_copy, part, dump(mutated))


# Regressions: each input below once escaped the loader as another exception or a broken line.


def test_collections_nested_too_deeply_are_a_yaml_error_not_a_recursion_error(
    content_copy: Path,
) -> None:
    message = load_error(content_copy, "skills", "[" * 3_000)

    assert message.endswith(": YAML syntax error: collections nested too deeply")


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2024-13-45", "as timestamp (month must be in 1..12)"),
        ("0000-01-01", "as timestamp (year 0 is out of range)"),
        ("2001-12-14t21:59:43.10+99:00", "as timestamp (offset must be a timedelta"),
        ("!!timestamp soon", "as timestamp ("),
        ("!!int abc", "as int (invalid literal for int()"),
        ("!!int ''", "as int (string index out of range)"),
        ("!!bool maybe", "as bool ('maybe')"),
        ("1" * 4_400, "as int (Exceeds the limit (4300 digits)"),
    ],
    ids=["month 13", "year 0", "offset 99h", "timestamp", "int", "empty int", "bool", "long int"],
)
def test_value_yaml_cannot_build_is_a_yaml_error_at_its_line(
    content_copy: Path, value: str, reason: str
) -> None:
    message = load_error(
        content_copy, "states", f"disclaimer: Not legal advice.\nsource: {value}\n"
    )

    assert ": YAML syntax error at line 2, column 9: cannot read '" in message
    assert reason in message


@pytest.mark.parametrize("key", ["a\nb", "...\n", "\u2028", "\x1e", " \x85"])
def test_line_break_in_a_key_is_escaped_so_the_message_stays_one_line(
    content_copy: Path, key: str
) -> None:
    data = copy.deepcopy(REAL_DATA["states"])
    data["notes"]["WA"]["notes"][0]["source"][key] = "A typo."

    message = load_error(content_copy, "states", dump(data).decode())

    assert message.endswith(
        f"field 'notes.WA.notes.0.source.{repr(key)[1:-1]}': Extra inputs are not permitted"
    )


def test_step_number_too_long_to_print_is_reported_by_its_size(content_copy: Path) -> None:
    data = copy.deepcopy(REAL_DATA["roadmap"])
    data["steps"][0]["number"] = TOO_LONG_TO_PRINT

    message = load_error(content_copy, "roadmap", dump(data).decode())

    assert "field 'number': is a 15001-bit number, but steps must be numbered" in message


def test_rating_level_too_long_to_print_is_reported_by_its_size(content_copy: Path) -> None:
    data = copy.deepcopy(REAL_DATA["skills"])
    data["levels"][TOO_LONG_TO_PRINT] = "Beyond expert"

    message = load_error(content_copy, "skills", dump(data).decode())

    assert message.endswith("found [1, 2, 3, 4, 5, a 15001-bit number]")


def test_folder_in_place_of_a_file_is_reported_as_unreadable(tmp_path: Path) -> None:
    folder = tmp_path / "roadmap_data"
    shutil.copytree(CONTENT_DIR, folder)
    path = folder / "learn.yaml"
    path.unlink()
    path.mkdir()

    with pytest.raises(ContentError) as raised:
        load_content(folder)

    assert str(raised.value) == f"{path}: cannot be read (Is a directory)"
