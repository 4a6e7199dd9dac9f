"""A learner's own data as one JSON file: export, import elsewhere, reset, delete.

An import either replaces the learner's data whole or changes nothing: a malformed file, one
from a newer MA Pathway, or one exported by another user is refused with the reason.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from pathway.accounts import Account
from pathway.data_file import SCHEMA_VERSION
from pathway.records import LearnerRecord
from pathway.store import Store

EXPORT_FORMAT = "ma-pathway-learner-export"


class ImportRefused(ValueError):
    """The file cannot be imported; nothing was changed. The message says why."""


def export_learner(store: Store, account: Account) -> bytes:
    """Everything stored for the learner, plus who they are (never their passphrase hash)."""
    document = {
        "format": EXPORT_FORMAT,
        "schema_version": SCHEMA_VERSION,
        "exported_at": datetime.now(UTC).isoformat(),
        "account": {
            "username": account.username,
            "display_name": account.display_name,
            "email": account.email,
        },
        "record": store.load_record(account.user_id).model_dump(mode="json"),
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def import_learner(store: Store, account: Account, data: bytes) -> LearnerRecord:
    """Replace the learner's data with an export of their own, or raise ImportRefused."""
    record = read_export(data, account.username)
    store.replace_record(account.user_id, record)
    return record


def read_export(data: bytes, username: str) -> LearnerRecord:
    """The record inside an export meant for `username`, checked before anything is written."""
    try:
        document: Any = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ImportRefused("This is not an MA Pathway export: it is not a JSON file.") from None
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise ImportRefused("This JSON file is not an MA Pathway export.")
    version = document.get("schema_version")
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise ImportRefused(
            f"This export comes from a newer MA Pathway (data version {version}); this one reads "
            f"version {SCHEMA_VERSION}. Update MA Pathway first."
        )
    owner = (document.get("account") or {}).get("username")
    if owner != username:
        raise ImportRefused(f"This export belongs to the user '{owner}', not to you.")
    try:
        return LearnerRecord.model_validate(document.get("record"))
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ImportRefused(f"The export is damaged at '{where}': {first['msg']}.") from None


def reset_progress(store: Store, account: Account) -> None:
    """Clear roadmap, checklist and skill progress; credentials, CE log and plan stay."""
    record = store.load_record(account.user_id)
    store.replace_record(
        account.user_id, record.model_copy(update={"progress": {}, "snapshots": []})
    )
