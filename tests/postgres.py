"""A PostgreSQL server for the tests: MA_PATHWAY_TEST_DATABASE_URL, or a throwaway cluster.

The throwaway cluster lives in a temporary folder, listens only on a Unix socket there and is
stopped and deleted when the test session ends. PostgreSQL refuses to run as root, so as root
(on CI) it is created and started as the `postgres` user. Missing PostgreSQL programs fail the
tests that need them; they never skip.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

TEST_DATABASE_URL = "MA_PATHWAY_TEST_DATABASE_URL"
"""A database the tests may use instead, and empty after every test; unset, they start their
own server."""


class NoPostgreSQL(RuntimeError):
    """The PostgreSQL server programs (initdb, pg_ctl) are not installed."""


def server_programs() -> Path:
    """The folder of initdb and pg_ctl: on the PATH, or Debian's newest /usr/lib/postgresql."""
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    installed = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_major_version)
    if not installed:
        raise NoPostgreSQL(
            "PostgreSQL is not installed: `apt-get install postgresql` (Debian) or set "
            f"{TEST_DATABASE_URL} to a server the tests may use."
        )
    return Path(installed[-1]).parent


def _major_version(initdb: str) -> int:
    return int(Path(initdb).parent.parent.name)


@contextlib.contextmanager
def throwaway_cluster(*, durable: bool = False) -> Iterator[str]:
    """Start a new cluster in a temporary folder; its URL, while it runs.

    Not `durable` (for tests), it skips fsync: nothing in it outlives the test session. A bench
    asks for a durable one, so a commit costs what it costs on a real server.
    """
    programs = server_programs()
    folder = Path(tempfile.mkdtemp(prefix="ma-pathway-pg-"))
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_postgres:
        shutil.chown(folder, "postgres", "postgres")
    cluster, log = folder / "cluster", folder / "server.log"
    settings = f"-k {folder} -c listen_addresses=''"
    if not durable:
        settings += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    try:
        _run([*as_postgres, str(programs / "initdb"), "-D", str(cluster), "-U", "postgres",
              "-A", "trust", "-E", "UTF8", *([] if durable else ["--no-sync"])])  # fmt: skip
        _run([*as_postgres, str(programs / "pg_ctl"), "-D", str(cluster), "-l", str(log),
              "-o", settings, "-w", "start"])  # fmt: skip
        try:
            yield f"postgresql://postgres@/postgres?host={folder}"
        finally:
            _run([*as_postgres, str(programs / "pg_ctl"), "-D", str(cluster), "-m", "immediate",
                  "-w", "stop"])  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _run(command: list[str]) -> None:
    """Run a server program; its own output in the error when it fails."""
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")
