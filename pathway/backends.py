"""The backend choice: the TinyDB data folder, or PostgreSQL when MA_PATHWAY_DATABASE_URL is set.

`open_storage` is the one place the app, the commands and the benches pick a `Storage`; above
it nothing knows which backend it has.
"""

from __future__ import annotations

from pathlib import Path

from pathway import throttle
from pathway.pg_store import PgStore, database_name
from pathway.storage import Storage
from pathway.store import Store
from pathway.throttle import Throttle

URL_SCHEMES = ("postgresql://", "postgres://")
"""What a database URL starts with (the two spellings libpq accepts)."""


def open_storage(data_dir: Path, database_url: str = "") -> Storage:
    """The store of this server: PostgreSQL at `database_url` if given, else the data folder.

    A URL of another kind stops with a ValueError naming the setting, rather than storing
    somewhere unexpected.
    """
    if not database_url:
        return Store(data_dir)
    if not database_url.startswith(URL_SCHEMES):
        raise ValueError(
            "MA_PATHWAY_DATABASE_URL must be a PostgreSQL URL starting with postgresql://"
        )
    return PgStore(database_url)


def storage_place(data_dir: Path, database_url: str = "") -> str:
    """Where `open_storage` keeps the data, for messages: the folder, or the database's name."""
    return database_name(database_url) if database_url else f"data folder {data_dir}"


def throttle_of(store: Storage, data_dir: Path) -> Throttle:
    """The sign-in throttle going with `store`: PostgreSQL's shared counts, or this process's.

    The folder's is this process's memory for the folder (see `pathway.throttle`), never the
    store object, which a visitor can make Streamlit drop and rebuild.
    """
    if isinstance(store, PgStore):
        return store.throttle
    return throttle.for_data_folder(data_dir)
