"""Specifies the data files under the store: schema version, damage, atomic writes, isolation.

A data file that cannot be read is never treated as an empty database: the error names the
file and the file keeps every byte. Writes replace the whole file atomically and leave no
temporary files; a tick rewrites only that learner's file.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from pathway.atomic_file import file_signature, write_atomically
from pathway.data_file import (
    MAX_NESTING,
    SCHEMA_VERSION,
    DamagedDataFile,
    DataFile,
    MissingDataFile,
    TableAccess,
)
from pathway.records import ItemProgress, ItemState
from pathway.store import Store
from tests.storage import learner_file, save_progress

DONE = ItemProgress(state=ItemState.DONE)

DAMAGED_CONTENTS = {
    "empty": b"",
    "truncated": b'{"meta": {"1": {"schema_version": 1}}, "progress": {"1": {"item_',
    "not json": b"this is not a database\n",
    "not utf-8": b'{"meta": "\xff\xfe"}',
    "json list": b"[1, 2, 3]",
    "table not a mapping": b'{"meta": {"1": {"schema_version": 1}}, "progress": [1]}',
}


def with_note(value: bytes) -> bytes:
    """A learner file of the current schema whose one progress document has `value` as note."""
    return (
        b'{"meta": {"1": {"schema_version": 1}}, "progress": {"1": {"item_id": "x", "note": '
        + value
        + b"}}}"
    )


PARSE_FAILURES = {
    # json.loads raised RecursionError, which escaped as a traceback.
    "regression: nested 100,000 deep": with_note(b"[" * 100_000 + b"]" * 100_000),
    # Parsed, but copying or writing it back would exhaust the recursion limit later.
    "nested 800 deep": with_note(b"[" * 800 + b"]" * 800),
    # json.loads raised Python's ValueError for integers over 4,300 digits.
    "regression: a 5,000-digit number": with_note(b"9" * 5_000),
}
DAMAGED_CONTENTS |= PARSE_FAILURES


def insert_note(text: str) -> Callable[[TableAccess], int]:
    """A writer that adds one document to the `notes` table."""
    return lambda table: table("notes").insert({"text": text})


def read_notes(table: TableAccess) -> list[str]:
    """A reader returning the text of every note, in insertion order."""
    return [document["text"] for document in table("notes").all()]


# Schema version ---------------------------------------------------------------------------


def test_new_file_stores_schema_version_1(tmp_path: Path) -> None:
    path = tmp_path / "new.json"
    DataFile(path, create=True).close()

    assert SCHEMA_VERSION == 1
    assert json.loads(path.read_text(encoding="utf-8"))["meta"] == {"1": {"schema_version": 1}}


def test_schema_version_survives_writes(store: Store, add_learner, data_dir: Path) -> None:
    maria = add_learner("maria")
    save_progress(store, maria.user_id, "task.one", DONE)

    for path in (data_dir / "accounts.json", learner_file(data_dir, maria.user_id)):
        assert json.loads(path.read_text(encoding="utf-8"))["meta"] == {"1": {"schema_version": 1}}


@pytest.mark.parametrize("version", [0, 2, "1", None])
def test_file_with_other_schema_version_is_refused(tmp_path: Path, version: object) -> None:
    path = tmp_path / "other.json"
    original = json.dumps({"meta": {"1": {"schema_version": version}}}).encode()
    path.write_bytes(original)

    with pytest.raises(DamagedDataFile, match=f"schema version {version!r}") as raised:
        DataFile(path, create=True)

    assert str(path) in str(raised.value)
    assert path.read_bytes() == original


def test_file_without_schema_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plain_tinydb.json"
    original = b'{"_default": {"1": {"item_id": "task.one"}}}'
    path.write_bytes(original)

    with pytest.raises(DamagedDataFile, match="schema version"):
        DataFile(path, create=True)
    assert path.read_bytes() == original


def test_file_replaced_by_one_without_schema_version_is_refused_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "replaced.json"
    data_file = DataFile(path, create=True)
    replacement = b'{"notes": {"1": {"text": "from an older tool"}}}'
    write_atomically(path, replacement.decode())

    with pytest.raises(DamagedDataFile, match="schema version") as raised:
        data_file.change(insert_note("would be written without a schema version"))

    assert str(path) in str(raised.value)
    assert path.read_bytes() == replacement


# Damaged and missing files ----------------------------------------------------------------


@pytest.mark.parametrize("contents", DAMAGED_CONTENTS.values(), ids=DAMAGED_CONTENTS.keys())
def test_damaged_file_is_refused_naming_it_and_left_byte_for_byte(
    tmp_path: Path, contents: bytes
) -> None:
    path = tmp_path / "damaged.json"
    path.write_bytes(contents)

    with pytest.raises(DamagedDataFile) as raised:
        DataFile(path, create=True)

    assert str(path) in str(raised.value)
    assert raised.value.path == path
    assert path.read_bytes() == contents


@pytest.mark.parametrize("contents", DAMAGED_CONTENTS.values(), ids=DAMAGED_CONTENTS.keys())
def test_every_parse_failure_is_a_damaged_file_with_a_one_line_reason(
    tmp_path: Path, contents: bytes
) -> None:
    path = tmp_path / "damaged.json"
    path.write_bytes(contents)

    with pytest.raises(DamagedDataFile) as raised:
        DataFile(path, create=True)

    assert "\n" not in str(raised.value)
    assert len(raised.value.problem) < 200


def nested_note(depth: int) -> bytes:
    """A learner file nested `depth` levels deep in all: file, table, document, then the note."""
    return with_note(b"[" * (depth - 3) + b"]" * (depth - 3))


def test_file_nested_as_deep_as_the_limit_opens(tmp_path: Path) -> None:
    path = tmp_path / "nested.json"
    path.write_bytes(nested_note(MAX_NESTING))
    DataFile(path, create=False).close()


def test_file_nested_one_level_past_the_limit_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "nested.json"
    path.write_bytes(nested_note(MAX_NESTING + 1))
    with pytest.raises(DamagedDataFile, match=f"nested more than {MAX_NESTING} levels"):
        DataFile(path, create=False)


def test_damaged_accounts_file_stops_the_store_and_is_kept(data_dir: Path) -> None:
    data_dir.mkdir()
    accounts = data_dir / "accounts.json"
    accounts.write_bytes(DAMAGED_CONTENTS["truncated"])

    with pytest.raises(DamagedDataFile, match=r"accounts\.json"):
        Store(data_dir)
    assert accounts.read_bytes() == DAMAGED_CONTENTS["truncated"]


def test_damaged_learner_file_survives_a_write_through_a_new_store(
    store: Store, add_learner, data_dir: Path
) -> None:
    maria = add_learner("maria")
    save_progress(store, maria.user_id, "task.one", DONE)
    store.close()
    path = learner_file(data_dir, maria.user_id)
    path.write_bytes(DAMAGED_CONTENTS["truncated"])

    reopened = Store(data_dir)
    try:
        with pytest.raises(DamagedDataFile) as raised:
            save_progress(reopened, maria.user_id, "task.two", DONE)
        with pytest.raises(DamagedDataFile):
            reopened.read(maria.user_id)
    finally:
        reopened.close()

    assert str(path) in str(raised.value)
    assert path.read_bytes() == DAMAGED_CONTENTS["truncated"]


def test_learner_file_damaged_while_open_is_refused_and_kept(
    store: Store, add_learner, data_dir: Path
) -> None:
    maria = add_learner("maria")
    save_progress(store, maria.user_id, "task.one", DONE)
    path = learner_file(data_dir, maria.user_id)
    path.write_bytes(DAMAGED_CONTENTS["not json"])

    with pytest.raises(DamagedDataFile, match=re.escape(str(path))):
        save_progress(store, maria.user_id, "task.two", DONE)
    assert path.read_bytes() == DAMAGED_CONTENTS["not json"]


def test_missing_learner_file_of_an_existing_account_is_an_error(
    store: Store, add_learner, data_dir: Path
) -> None:
    maria = add_learner("maria")
    store.close()
    path = learner_file(data_dir, maria.user_id)
    path.unlink()

    reopened = Store(data_dir)
    try:
        with pytest.raises(MissingDataFile, match=re.escape(str(path))):
            reopened.read(maria.user_id)
        with pytest.raises(MissingDataFile):
            save_progress(reopened, maria.user_id, "task.one", DONE)
    finally:
        reopened.close()

    assert not path.exists()


def test_learner_file_deleted_while_open_is_an_error(
    store: Store, add_learner, data_dir: Path
) -> None:
    maria = add_learner("maria")
    store.read(maria.user_id)
    learner_file(data_dir, maria.user_id).unlink()

    with pytest.raises(MissingDataFile, match="has disappeared"):
        store.read(maria.user_id)


def test_opening_a_missing_file_without_create_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "absent.json"

    with pytest.raises(MissingDataFile, match=re.escape(str(path))):
        DataFile(path, create=False)
    assert not path.exists()


# Several instances of one file ------------------------------------------------------------


def test_write_by_another_instance_is_seen_on_the_next_read(tmp_path: Path) -> None:
    path = tmp_path / "shared.json"
    first, second = DataFile(path, create=True), DataFile(path, create=False)
    assert second.read(read_notes) == []

    first.change(insert_note("from the first"))
    assert second.read(read_notes) == ["from the first"]

    second.change(insert_note("from the second"))
    assert first.read(read_notes) == ["from the first", "from the second"]


def by_text(document: dict[str, object]) -> list[object]:
    """An index of the notes table by each note's text."""
    return [document["text"]]


def test_find_sees_a_write_by_another_instance_after_the_index_was_built(tmp_path: Path) -> None:
    path = tmp_path / "shared.json"
    first, second = DataFile(path, create=True), DataFile(path, create=False)
    first.change(insert_note("early"))
    assert second.find("notes", by_text, "late") is None

    first.change(insert_note("late"))
    assert second.find("notes", by_text, "late") == {"text": "late"}


def test_find_sees_its_own_removal(tmp_path: Path) -> None:
    data_file = DataFile(tmp_path / "own.json", create=True)
    data_file.change(insert_note("gone soon"))
    assert data_file.find("notes", by_text, "gone soon") is not None

    data_file.change(lambda table: table("notes").truncate())
    assert data_file.find("notes", by_text, "gone soon") is None


# Atomic writes ----------------------------------------------------------------------------


def test_write_replaces_the_file_instead_of_rewriting_it(tmp_path: Path) -> None:
    path = tmp_path / "replaced.json"
    data_file = DataFile(path, create=True)
    inode_before = path.stat().st_ino

    data_file.change(insert_note("one"))

    assert path.stat().st_ino != inode_before


def test_writes_leave_no_temporary_files(store: Store, add_learner, data_dir: Path) -> None:
    maria, jo = add_learner("maria"), add_learner("jo.b")
    for number in range(5):
        save_progress(store, maria.user_id, f"task.t{number}", DONE)
        save_progress(store, jo.user_id, f"task.t{number}", DONE)

    leftovers = [path for path in data_dir.rglob("*") if path.name.endswith(".tmp")]
    data_files = sorted(path.name for path in data_dir.rglob("*.json"))

    assert leftovers == []
    assert data_files == sorted(
        ["accounts.json", "classes.json", f"{maria.user_id}.json", f"{jo.user_id}.json"]
    )


def test_failed_write_keeps_the_old_file_and_removes_the_temporary_one(tmp_path: Path) -> None:
    path = tmp_path / "kept.json"
    path.write_text('{"old": {}}', encoding="utf-8")

    with pytest.raises(UnicodeEncodeError):
        write_atomically(path, "a lone surrogate cannot be encoded: \ud800")

    assert path.read_text(encoding="utf-8") == '{"old": {}}'
    assert sorted(os.listdir(tmp_path)) == ["kept.json"]


def test_file_signature_of_a_missing_file_is_none(tmp_path: Path) -> None:
    assert file_signature(tmp_path / "absent.json") is None


# Isolation between learners ---------------------------------------------------------------


def test_tick_rewrites_only_that_learners_file(store: Store, add_learner, data_dir: Path) -> None:
    maria, jo = add_learner("maria"), add_learner("jo.b")
    save_progress(store, jo.user_id, "task.one", DONE)
    untouched = [learner_file(data_dir, jo.user_id), data_dir / "accounts.json"]
    before = {path: path.stat() for path in untouched}
    maria_modified = learner_file(data_dir, maria.user_id).stat().st_mtime_ns

    save_progress(store, maria.user_id, "task.one", DONE)

    for path in untouched:
        after = path.stat()
        assert (after.st_ino, after.st_mtime_ns, after.st_size) == (
            before[path].st_ino,
            before[path].st_mtime_ns,
            before[path].st_size,
        ), path
    assert learner_file(data_dir, maria.user_id).stat().st_mtime_ns != maria_modified
