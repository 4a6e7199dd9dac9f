"""Importing a class roster CSV (name, username, optional email) into accounts in the class.

Every bad row is reported with its row number and reason, and never costs the good rows. Each
new account gets a one-time passphrase that must be changed at first sign-in and expires after
14 days; it is returned once, to be shown to the instructor, and only its hash is stored.

A one-time passphrase is 16 random characters (about 93 bits), so it is stored as a fast salted
hash (`hash_one_time_passphrase`), not a slow scrypt: a 10,000-row import spends microseconds
per row on hashing. Checking it at sign-in still costs one scrypt like any other passphrase.
Everything else in an import is linear in its rows: one accounts write and one memberships
write whatever the count.
"""

from __future__ import annotations

import csv
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from pathway.accounts import (
    ONE_TIME_PASSPHRASE_LIFETIME,
    Account,
    AccountError,
    check_username_and_name,
    hash_one_time_passphrase,
    is_email_address,
    normalise_username,
    one_time_passphrase,
)
from pathway.classes import enrol
from pathway.records import Classroom
from pathway.storage import Storage

MAX_ROWS = 10_000
"""Rows per import: a whole school year's intake, still one request of a few seconds."""
REQUIRED_COLUMNS = ("name", "username")


@dataclass(frozen=True)
class NewAccount:
    """An imported account and the one-time passphrase to hand to its learner."""

    row: int
    username: str
    display_name: str
    one_time_passphrase: str


@dataclass
class RosterResult:
    """What an import did: the accounts created and every row it refused, with why."""

    created: list[NewAccount] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)


def import_roster(
    store: Storage, instructor: Account, classroom: Classroom, data: bytes
) -> RosterResult:
    """Create an account for every good row and put it in `classroom`.

    Row numbers count the header as row 1, as a spreadsheet shows them.
    """
    result = RosterResult()
    lines = _decoded_lines(data, result)
    rows = _parsed_rows(lines)
    header_number, header_cells = next(rows, (1, []))
    if isinstance(header_cells, str):
        result.problems.append((header_number, header_cells))
        return result
    header = [cell.strip().lower() for cell in header_cells]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        result.problems.append((1, f"the header needs the columns {', '.join(REQUIRED_COLUMNS)}"))
        return result
    candidates: list[tuple[int, Account, str]] = []
    seen: set[str] = set()
    existing = {account.username for account in store.list_accounts()}
    now = datetime.now(UTC)
    for row_number, cells in rows:
        if row_number - 1 > MAX_ROWS:
            result.problems.append(
                (row_number, f"more than {MAX_ROWS:,} rows; import the rest separately")
            )
            break
        if isinstance(cells, str):
            result.problems.append((row_number, cells))
            continue
        problem = _check_row(dict(zip(header, cells, strict=False)), seen, existing)
        if isinstance(problem, str):
            result.problems.append((row_number, problem))
            continue
        username, name, email = problem
        seen.add(username)
        passphrase = one_time_passphrase()
        account = Account(
            user_id=uuid.uuid4().hex,
            username=username,
            display_name=name,
            email=email,
            passphrase_hash=hash_one_time_passphrase(passphrase),
            created_at=now,
            must_change_passphrase=True,
            passphrase_expires_at=now + ONE_TIME_PASSPHRASE_LIFETIME,
        )
        candidates.append((row_number, account, passphrase))
    added = {account.user_id for account in store.add_accounts([a for _, a, _ in candidates])}
    enrol(store, instructor, classroom.class_id, sorted(added))
    for row_number, account, passphrase in candidates:
        if account.user_id in added:
            created = NewAccount(row_number, account.username, account.display_name, passphrase)
            result.created.append(created)
        else:
            result.problems.append(
                (row_number, f"the username '{account.username}' was just taken")
            )
    result.problems.sort()
    return result


def _decoded_lines(data: bytes, result: RosterResult) -> list[tuple[int, str]]:
    """(row number, text) of each line that is UTF-8; the others are reported, not guessed at."""
    lines = []
    for number, raw in enumerate(data.removeprefix(b"\xef\xbb\xbf").splitlines(), start=1):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            result.problems.append((number, "not UTF-8 text; save the file as CSV UTF-8"))
            continue
        if text.strip() or number == 1:
            lines.append((number, text))
    return lines


def _parsed_rows(lines: list[tuple[int, str]]) -> Iterator[tuple[int, list[str] | str]]:
    """(row number, cells) per line, or (row number, reason) for a line CSV cannot read.

    One row per line: the numbers are the lines a spreadsheet shows. A field over the csv
    module's limit (131,072 characters) is refused for its row; the rows after it still read.
    """
    reader = csv.reader(text for _, text in lines)
    for row_number, _ in lines:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            limit = csv.field_size_limit()
            reason = (
                f"a field is longer than {limit:,} characters"
                if "field limit" in str(error)
                else f"not readable as CSV ({error})"
            )
            yield row_number, reason
            continue
        yield row_number, cells


def _check_row(
    row: dict[str, str], seen: set[str], existing: set[str]
) -> tuple[str, str, str] | str:
    """(username, name, email) of an acceptable row, or the reason it is refused."""
    name = (row.get("name") or "").strip()
    username = normalise_username(row.get("username") or "")
    email = (row.get("email") or "").strip()
    if not name or not username:
        return "name and username are both required"
    try:
        check_username_and_name(username, name)
    except AccountError as error:
        return str(error)
    if username in seen:
        return f"the username '{username}' appears twice in this file"
    if username in existing:
        return f"the username '{username}' is already taken"
    if email and not is_email_address(email):
        return f"'{email[:60]}' is not an email address"
    return username, name, email
