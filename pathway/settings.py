"""Every setting of the app, read from the environment, each with a default and a line of help.

README's "Configuration" section documents each one; a test keeps the two in step.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    """One environment variable the app reads."""

    name: str
    default: str
    help: str

    def value(self) -> str:
        """The variable's value, or the default when unset or blank."""
        return os.environ.get(self.name, "").strip() or self.default


DATA_DIR = Setting(
    "MA_PATHWAY_DATA_DIR",
    "data",
    "Folder holding accounts and learner progress; created on first use.",
)
CONTENT_DIR = Setting(
    "MA_PATHWAY_CONTENT_DIR",
    str(PROJECT_ROOT / "roadmap_data"),
    "Folder of the YAML content files (roadmap, checklist, skills, learn).",
)
SESSION_DAYS = Setting(
    "MA_PATHWAY_SESSION_DAYS",
    "30",
    "Longest a sign-in lasts, in days, however often it is used (a whole number, 1 or more).",
)
DATABASE_URL = Setting(
    "MA_PATHWAY_DATABASE_URL",
    "",
    "PostgreSQL database (postgresql://...) holding accounts and progress, for several app "
    "replicas; unset, the data folder holds them.",
)
SETTINGS = (DATA_DIR, CONTENT_DIR, SESSION_DAYS, DATABASE_URL)


def data_dir() -> Path:
    """Where accounts and progress are stored, made absolute so every session agrees."""
    return Path(DATA_DIR.value()).resolve()


def database_url() -> str:
    """The PostgreSQL database to store in, or "" for the data folder."""
    return DATABASE_URL.value()


def content_dir() -> Path:
    """Where the content YAML files are read from."""
    return Path(CONTENT_DIR.value()).resolve()


def session_days() -> int:
    """The longest a sign-in lasts, in days; a value that is not a whole number >= 1 stops."""
    raw = SESSION_DAYS.value()
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(f"{SESSION_DAYS.name} must be a whole number of days, 1 or more: {raw!r}")
    return int(raw)
