"""Regression guard for the app's speed, counted rather than timed.

A tick on the Requirements page, and any rerun of a page, must parse no content file (the
content is cached with st.cache_resource) and no data file but the ticking learner's own, once,
under its file lock; nor may a page run copy or scan the accounts table, whose size is the
number of accounts on the server. Counting keeps CI free of flaky timing assertions; `bench/`
has the times.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from pathway import data_file
from tests.app.conftest import create_account, new_session
from tests.app.test_checklist_page import CPR
from tests.storage import learner_file, user_id_of

TICK = f"req:{CPR}:done"


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Files parsed since the fixture started: YAML content files and JSON data files, by name."""
    counts: Counter[str] = Counter()
    original_read_bytes, original_yaml_load = Path.read_bytes, yaml.load

    def counting_read_bytes(path: Path) -> bytes:
        if path.suffix == ".json":
            counts[path.name] += 1
        return original_read_bytes(path)

    def counting_yaml_load(stream: str, Loader: type) -> object:
        counts["content YAML"] += 1
        return original_yaml_load(stream, Loader=Loader)

    monkeypatch.setattr(Path, "read_bytes", counting_read_bytes)
    monkeypatch.setattr(yaml, "load", counting_yaml_load)
    return counts


@pytest.fixture
def accounts_table_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Whole-database reads of the accounts file since the fixture started, one entry each.

    Every TinyDB table scan (`get`, `all`, `search`, `contains`) starts with such a read, and it
    copies every account: the work a page run must not do for one look-up by username.
    """
    reads: list[str] = []
    original_read = data_file._MemoryJSONStorage.read

    def counting_read(storage: data_file._MemoryJSONStorage) -> dict[str, object] | None:
        if storage.path.name == "accounts.json":
            reads.append(storage.path.name)
        return original_read(storage)

    monkeypatch.setattr(data_file._MemoryJSONStorage, "read", counting_read)
    return reads


@pytest.fixture
def checklist(open_page: Callable[[str], AppTest]) -> AppTest:
    """Maria's Requirements page, already drawn once."""
    return open_page("pages/checklist.py")


def learner_file_name(data_dir: Path) -> str:
    """The name of the only learner file in the folder."""
    [path] = (data_dir / "learners").glob("*.json")
    return path.name


def test_a_tick_parses_only_the_learners_own_file_once(
    checklist: AppTest, app_data_dir: Path, parses: Counter[str]
) -> None:
    checklist.checkbox(key=TICK).check().run()
    assert parses == {learner_file_name(app_data_dir): 1}


def test_rerunning_a_page_parses_no_file(checklist: AppTest, parses: Counter[str]) -> None:
    for _ in range(3):
        checklist.run()
    assert parses == {}


@pytest.mark.parametrize(
    "page",
    [
        "pages/dashboard.py",
        "pages/roadmap.py",
        "pages/checklist.py",
        "pages/skills.py",
        "pages/credentials.py",
        "pages/account.py",
    ],
)
def test_a_page_run_neither_copies_nor_scans_the_accounts_table(
    open_page: Callable[[str], AppTest], page: str, accounts_table_reads: list[str]
) -> None:
    opened = open_page(page)
    accounts_table_reads.clear()
    opened.run()
    assert accounts_table_reads == []


def test_a_tick_neither_copies_nor_scans_the_accounts_table(
    checklist: AppTest, accounts_table_reads: list[str]
) -> None:
    checklist.checkbox(key=TICK).check().run()
    assert accounts_table_reads == []


def test_a_second_learners_tick_opens_no_other_learners_file(
    checklist: AppTest, app_data_dir: Path, parses: Counter[str]
) -> None:
    james = new_session()
    create_account(james, "james", "James", "another good passphrase")
    james.switch_page("pages/checklist.py").run()
    parses.clear()
    james.checkbox(key=TICK).check().run()
    parsed = dict(parses)  # before looking Maria up, which opens the folder itself
    assert learner_file_name_of(app_data_dir, "maria") not in parsed
    assert sum(parsed.values()) == 1


def learner_file_name_of(data_dir: Path, username: str) -> str:
    """The file name of one learner's record."""
    return learner_file(data_dir, user_id_of(data_dir, username)).name
