"""A learner's own data as one JSON file: export, import elsewhere, reset, delete.

The evidence files go with a second download, a zip of that JSON file and the files
(`export_with_evidence`); the import takes the JSON file alone, as before.

An import either replaces the learner's data whole or changes nothing: a malformed file, one
from a newer MA Pathway, one holding a value the records refuse or more entries than a learner
could have made is refused with a one-line reason. One exported by another username is refused
too unless the import names that username (`accept_from`), which the page asks the learner to
confirm: someone who started alone moves into the account their instructor made for them.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from pathway.accounts import Account
from pathway.content.models import Content
from pathway.data_file import UnreadableJSON, parse_json
from pathway.progress import item_titles
from pathway.records import LearnerRecord, first_problem, shown_id
from pathway.storage import Storage

EXPORT_FORMAT = "ma-pathway-learner-export"

EXPORT_VERSION = 1
"""Version of the export's own layout, stored as its `schema_version`. Not the data files'
version: the export is a format people keep and move between servers, and it must not change
when a backend's layout does."""

MAX_IMPORT_BYTES = 4 * 1024 * 1024
"""Largest export accepted, checked here: `server.maxUploadSize` in .streamlit/config.toml is
a little above the largest upload of any kind (an evidence file's 5 MB). A full record, every
note at its length limit and every table at its cap below, stays under it."""

MAX_ENTRIES = {
    "snapshots": 500,
    "credentials": 50,
    "ce_entries": 500,
    "check_offs": 2_000,
    "hours": 1_000,
    "verifications": 1_000,
}
"""Entries per table an import may hold: years of weekly ratings, every credential renewed many
times, a long career of continuing education. An 8.9 MB file of 300,000 entries took 20 s to
import and made the learner's and instructor's pages take seconds."""

MAX_UNKNOWN_ITEMS = 100
"""Progress entries allowed for items this server's content does not know (items a newer or
older MA Pathway has): they are kept, not counted, so more than a few are not a real export."""


class ImportRefused(ValueError):
    """The file cannot be imported; nothing was changed. The message says why."""


class ExportOfAnotherAccount(ImportRefused):
    """The export was made by another username (`owner`); importing it needs a confirmation."""

    def __init__(self, owner: str) -> None:
        super().__init__(f"This export belongs to the user '{shown_id(owner)}', not to you.")
        self.owner = owner


def export_learner(store: Storage, account: Account) -> bytes:
    """Everything stored for the learner, plus who they are (never their passphrase hash)."""
    document = {
        "format": EXPORT_FORMAT,
        "schema_version": EXPORT_VERSION,
        "exported_at": datetime.now(UTC).isoformat(),
        "account": {
            "username": account.username,
            "display_name": account.display_name,
            "email": account.email,
        },
        "record": store.read(account.user_id).model_dump(mode="json"),
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


_UNSAFE_IN_A_FOLDER_NAME = re.compile(r"[^A-Za-z0-9_-]+")
"""Replaced in an item id used as a folder in the zip, so no stored id can climb out of it."""

EXPORT_FILE_NAME = "ma-pathway-export.json"
"""The JSON export's name, alone or inside the zip with the evidence files."""


def export_with_evidence(store: Storage, account: Account) -> bytes:
    """A zip of the JSON export and every evidence file, each under `evidence/<item id>/`.

    Files keep their shown names (already safe: `verification.safe_stored_name`); a name used
    twice for one item gets its upload's number, so no file hides another.
    """
    record = store.read(account.user_id)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr(EXPORT_FILE_NAME, export_learner(store, account))
        used: set[str] = set()
        for number, evidence in enumerate(record.evidence, start=1):
            folder = f"evidence/{_UNSAFE_IN_A_FOLDER_NAME.sub('_', evidence.item_id)}"
            name = f"{folder}/{evidence.stored_name}"
            if name in used:
                name = f"{folder}/{number}-{evidence.stored_name}"
            used.add(name)
            bundle.writestr(name, store.evidence_bytes(account.user_id, evidence.evidence_id))
    return buffer.getvalue()


def import_learner(
    store: Storage,
    account: Account,
    data: bytes,
    content: Content,
    *,
    accept_from: str | None = None,
) -> LearnerRecord:
    """Replace the learner's data with an export of their own, or raise ImportRefused.

    An export of another username raises ExportOfAnotherAccount unless `accept_from` is that
    username, as the learner confirmed it. Check-offs, verifications and hour approvals are the
    instructor's word and stay as the server has them (`LearnerRecord.imported_over`).
    """
    record = read_export(data, account.username, content, accept_from=accept_from)
    return store.change(account.user_id, record.imported_over)


def read_export(
    data: bytes, username: str, content: Content, *, accept_from: str | None = None
) -> LearnerRecord:
    """The record inside an export meant for `username` (or `accept_from`), checked first.

    The size is checked before parsing and the entry counts before validating, so an oversized
    file is refused in milliseconds rather than after seconds of work.
    """
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportRefused(
            f"The file is {len(data) / 1024 / 1024:.1f} MB; an MA Pathway export is at most "
            f"{MAX_IMPORT_BYTES // 1024 // 1024} MB."
        )
    try:
        document: Any = parse_json(data)
    except UnreadableJSON as error:
        raise ImportRefused(
            f"This is not an MA Pathway export: it is not a JSON file MA Pathway can read "
            f"(it {error})."
        ) from None
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise ImportRefused("This JSON file is not an MA Pathway export.")
    version = document.get("schema_version")
    if not isinstance(version, int) or version > EXPORT_VERSION:
        raise ImportRefused(
            f"This export comes from a newer MA Pathway (data version {version}); this one reads "
            f"version {EXPORT_VERSION}. Update MA Pathway first."
        )
    account = document.get("account")
    owner = account.get("username") if isinstance(account, dict) else None
    if not isinstance(owner, str):
        raise ImportRefused("The export does not say whose data it is ('account.username').")
    if owner not in (username, accept_from):
        raise ExportOfAnotherAccount(owner)
    raw_record = document.get("record")
    if isinstance(raw_record, dict):
        _check_entry_counts(raw_record, content)
    try:
        return LearnerRecord.model_validate(raw_record)
    except ValidationError as error:
        raise ImportRefused(f"The export is damaged at {first_problem(error)}.") from None


def _check_entry_counts(raw_record: dict[str, Any], content: Content) -> None:
    """Refuse tables longer than MAX_ENTRIES and progress on many items the content lacks."""
    for table, limit in MAX_ENTRIES.items():
        entries = raw_record.get(table)
        if isinstance(entries, list) and len(entries) > limit:
            raise ImportRefused(
                f"The export has {len(entries):,} entries in '{table}'; at most {limit:,} are "
                "taken."
            )
    progress = raw_record.get("progress")
    if isinstance(progress, dict):
        unknown = len(progress.keys() - item_titles(content).keys())
        if unknown > MAX_UNKNOWN_ITEMS:
            raise ImportRefused(
                f"The export has progress on {unknown:,} items this MA Pathway does not know "
                f"('progress'); at most {MAX_UNKNOWN_ITEMS} are taken."
            )


def reset_progress(store: Storage, account: Account) -> None:
    """Clear roadmap, checklist and skill progress; credentials, CE log, plan and the rest stay.

    Check-offs and externship hours stay too: they are the instructor's word, not the learner's.
    """
    store.change(
        account.user_id, lambda record: record.model_copy(update={"progress": {}, "snapshots": []})
    )
