"""Importing a class roster CSV (name, username, optional email) into accounts in the class.

Every bad row is reported with its row number and reason, and never costs the good rows. Each
new account gets a one-time passphrase that must be changed at first sign-in.
"""

from __future__ import annotations

import csv
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from pathway.accounts import (
    ONE_TIME_COST,
    Account,
    AccountError,
    check_username_and_name,
    hash_passphrase,
    normalise_username,
    one_time_passphrase,
)
from pathway.classes import enrol
from pathway.records import Classroom
from pathway.store import Store

MAX_ROWS = 10_000
EMAIL_MAX_LENGTH = 254
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
    store: Store, instructor: Account, classroom: Classroom, data: bytes
) -> RosterResult:
    """Create an account for every good row and put it in `classroom`.

    Row numbers count the header as row 1, as a spreadsheet shows them.
    """
    result = RosterResult()
    lines = _decoded_lines(data, result)
    reader = csv.reader(text for _, text in lines)
    header = [cell.strip().lower() for cell in next(reader, [])]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        result.problems.append((1, f"the header needs the columns {', '.join(REQUIRED_COLUMNS)}"))
        return result
    candidates: list[tuple[int, Account, str]] = []
    seen: set[str] = set()
    existing = {account.username for account in store.list_accounts()}
    for (row_number, _), cells in zip(lines[1:], reader, strict=False):
        if row_number - 1 > MAX_ROWS:
            result.problems.append(
                (row_number, f"more than {MAX_ROWS:,} rows; import the rest separately")
            )
            break
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
            passphrase_hash=hash_passphrase(passphrase, cost=ONE_TIME_COST),
            created_at=datetime.now(UTC),
            must_change_passphrase=True,
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
    if email and ("@" not in email or len(email) > EMAIL_MAX_LENGTH or not email.isprintable()):
        return f"'{email[:60]}' is not an email address"
    return username, name, email
