"""Roster import: good rows become accounts in the class; every bad row is reported, by number."""

from __future__ import annotations

import time
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from pathway import atomic_file, data_file, roster
from pathway.accounts import Account, passphrase_matches
from pathway.auth import sign_in
from pathway.classes import class_learners, create_class
from pathway.records import Classroom
from pathway.roster import MAX_ROWS, import_roster
from pathway.store import Store
from pathway.throttle import SignInThrottle


@pytest.fixture
def classroom(store: Store, instructor: Account) -> Classroom:
    """The instructor's class the roster goes into."""
    return create_class(store, instructor, "MA Evening", date(2027, 1, 11))


def test_good_rows_become_accounts_in_the_class(store, instructor, classroom) -> None:
    roster = b"name,username,email\nMaria Garcia,maria,maria@example.org\nSam Lee,sam,\n"
    result = import_roster(store, instructor, classroom, roster)
    assert [(a.row, a.username) for a in result.created] == [(2, "maria"), (3, "sam")]
    assert result.problems == []
    learners = class_learners(store, instructor, classroom.class_id)
    assert {learner.username for learner in learners} == {"maria", "sam"}


def test_imported_accounts_must_change_their_one_time_passphrase(
    store, instructor, classroom
) -> None:
    result = import_roster(store, instructor, classroom, b"name,username\nMaria,maria\n")
    maria = store.find_account("maria")
    assert maria is not None
    assert maria.must_change_passphrase
    assert passphrase_matches(result.created[0].one_time_passphrase, maria.passphrase_hash)
    assert (
        result.created[0].one_time_passphrase not in (store.data_dir / "accounts.json").read_text()
    )


def test_bad_rows_are_reported_by_number_and_reason_and_good_rows_kept(
    store, instructor, classroom, add_learner
) -> None:
    add_learner("taken")
    roster = (
        b"Name,Username,Email\n"
        b"Maria,maria,\n"  # row 2: good
        b",nobody,\n"  # row 3: no name
        b"Sam,,\n"  # row 4: no username
        b"Jo,maria,\n"  # row 5: duplicate in the file
        b"Tay,taken,\n"  # row 6: already an account
        b"Ana,bad name!,\n"  # row 7: invalid username
        b"Lee,lee,not-an-email\n"  # row 8: bad email
        b"Kim \xff\xfe,kim,\n"  # row 9: not UTF-8
        b"Ola,ola,ola@example.org\n"  # row 10: good
    )
    result = import_roster(store, instructor, classroom, roster)
    assert [a.username for a in result.created] == ["maria", "ola"]
    reasons = dict(result.problems)
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8, 9]
    assert "required" in reasons[3]
    assert "required" in reasons[4]
    assert "twice" in reasons[5]
    assert "already taken" in reasons[6]
    assert "Usernames are" in reasons[7]
    assert "email" in reasons[8]
    assert "UTF-8" in reasons[9]


def test_a_file_without_the_needed_columns_creates_nothing(store, instructor, classroom) -> None:
    result = import_roster(store, instructor, classroom, b"first,last\nMaria,Garcia\n")
    assert result.created == []
    assert result.problems == [(1, "the header needs the columns name, username")]


def test_formula_looking_names_are_kept_as_plain_text(store, instructor, classroom) -> None:
    roster = b'name,username\n"=HYPERLINK(""http://x"",""y"")",eve\n'
    result = import_roster(store, instructor, classroom, roster)
    eve = store.find_account("eve")
    assert eve is not None
    assert eve.display_name == '=HYPERLINK("http://x","y")'
    assert result.problems == []


def test_imported_learners_get_the_classs_program_start_and_state(store, instructor) -> None:
    start = date(2027, 1, 11)
    associate = create_class(store, instructor, "MA Day", start, "program.associate", "AZ")
    import_roster(store, instructor, associate, b"name,username\nMaria,maria\n")
    maria = store.find_account("maria")
    assert maria is not None
    profile = store.read(maria.user_id).profile
    assert (profile.program_type, profile.plan_start, profile.state) == (
        "program.associate",
        start,
        "AZ",
    )


def test_ten_thousand_rows_import_whole(store, instructor, classroom) -> None:
    rows = "".join(f"Learner {n},learner{n:05d}\n" for n in range(MAX_ROWS))
    started = time.perf_counter()
    result = import_roster(store, instructor, classroom, f"name,username\n{rows}".encode())
    print(f"imported {len(result.created)} rows in {time.perf_counter() - started:.1f} s")
    assert MAX_ROWS == 10_000
    assert len(result.created) == MAX_ROWS
    assert result.problems == []
    assert len(class_learners(store, instructor, classroom.class_id)) == MAX_ROWS


def test_an_import_writes_each_file_once_and_runs_no_scrypt(
    store, instructor, classroom, monkeypatch: pytest.MonkeyPatch, scrypt_calls: list
) -> None:
    writes: Counter[str] = Counter()
    real_write = atomic_file.write_atomically

    def counting_write(path: Path, text: str, **options: int) -> None:
        writes["learner file" if path.parent.name == "learners" else path.name] += 1
        real_write(path, text, **options)

    monkeypatch.setattr(data_file, "write_atomically", counting_write)
    rows = "".join(f"Learner {n},learner{n:02d}\n" for n in range(6))
    result = import_roster(store, instructor, classroom, f"name,username\n{rows}".encode())
    assert len(result.created) == 6
    assert writes == {"accounts.json": 1, "classes.json": 1, "learner file": 6}
    assert scrypt_calls == []


def test_one_time_passphrases_are_stored_as_one_time_hashes_and_expire_in_14_days(
    store, instructor, classroom
) -> None:
    before = datetime.now(UTC)
    result = import_roster(store, instructor, classroom, b"name,username\nMaria,maria\n")
    maria = store.find_account("maria")
    assert maria is not None
    assert maria.passphrase_hash.startswith("otp-sha256$")
    assert result.created[0].one_time_passphrase not in maria.passphrase_hash
    assert maria.passphrase_expires_at is not None
    assert (maria.passphrase_expires_at - before).days == 14


def test_an_imported_learner_signs_in_with_the_one_time_passphrase(
    store, instructor, classroom
) -> None:
    result = import_roster(store, instructor, classroom, b"name,username\nMaria,maria\n")
    one_time = result.created[0].one_time_passphrase
    assert sign_in(store, "maria", one_time, SignInThrottle()).must_change_passphrase


def test_a_field_over_the_csv_limit_is_refused_for_its_row_only(
    store, instructor, classroom
) -> None:
    huge = "x" * 131_073
    data = f"name,username,email\nMaria,maria,\nSam,sam,{huge}\nOla,ola,\n".encode()
    result = import_roster(store, instructor, classroom, data)
    assert [a.username for a in result.created] == ["maria", "ola"]
    assert result.problems == [(3, "a field is longer than 131,072 characters")]


def test_a_header_over_the_csv_limit_is_refused_with_its_row_number(
    store, instructor, classroom
) -> None:
    result = import_roster(store, instructor, classroom, ("x" * 131_073 + "\n").encode())
    assert result.problems == [(1, "a field is longer than 131,072 characters")]
    assert store.list_accounts() == [instructor]


@pytest.mark.parametrize("email", ["@", "a@", "@school.edu", "ana@school"])
def test_an_email_that_is_not_an_address_is_refused(store, instructor, classroom, email) -> None:
    result = import_roster(
        store, instructor, classroom, f"name,username,email\nAna,ana,{email}\n".encode()
    )
    assert result.created == []
    assert result.problems == [(2, f"'{email}' is not an email address")]


def test_rows_beyond_the_limit_are_refused_with_a_reason(
    store, instructor, classroom, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(roster, "MAX_ROWS", 20)
    rows = "".join(f"Learner {n},learner{n:05d}\n" for n in range(21))
    result = import_roster(store, instructor, classroom, f"name,username\n{rows}".encode())
    assert len(result.created) == 20
    assert result.problems == [(22, "more than 20 rows; import the rest separately")]
