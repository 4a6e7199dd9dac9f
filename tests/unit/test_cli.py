"""`python -m pathway add-instructor`, run as a real subprocess on a temporary data folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pathway.auth import sign_in
from pathway.settings import DATA_DIR, PROJECT_ROOT
from pathway.store import Store
from pathway.throttle import SignInThrottle
from tests.storage import set_role


def run_cli(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run the command as whoever runs the server would."""
    return subprocess.run(
        [sys.executable, "-m", "pathway", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        env={**os.environ, DATA_DIR.name: str(data_dir)},
        check=False,
    )


def role_of(data_dir: Path, username: str) -> str | None:
    """The stored role of an account, read through a fresh store."""
    store = Store(data_dir)
    try:
        account = store.find_account(username)
        return account.role if account else None
    finally:
        store.close()


def test_creates_an_instructor_account(tmp_path: Path) -> None:
    result = run_cli(
        tmp_path, "add-instructor", "Ms.Rivera", "--name", "Ana Rivera", "--passphrase-stdin",
        stdin="a long enough passphrase\n",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert role_of(tmp_path, "ms.rivera") == "instructor"


def test_promotes_an_existing_learner(tmp_path: Path) -> None:
    run_cli(
        tmp_path, "add-instructor", "sam", "--name", "Sam", "--passphrase-stdin",
        stdin="a long enough passphrase\n",
    )  # fmt: skip
    store = Store(tmp_path)
    set_role(store, "sam", "learner")
    store.close()
    assert run_cli(tmp_path, "add-instructor", "sam").returncode == 0
    assert role_of(tmp_path, "sam") == "instructor"


def test_unknown_user_without_a_name_is_refused(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "add-instructor", "nobody")
    assert result.returncode == 2
    assert "give --name" in result.stderr
    assert role_of(tmp_path, "nobody") is None


def test_short_passphrase_is_refused_with_the_rule(tmp_path: Path) -> None:
    result = run_cli(
        tmp_path, "add-instructor", "ana", "--name", "Ana", "--passphrase-stdin", stdin="short\n"
    )
    assert result.returncode == 2
    assert "at least 8 characters" in result.stderr


def test_demo_command_fills_an_empty_folder_and_refuses_a_used_one(tmp_path: Path) -> None:
    first = run_cli(tmp_path, "demo", "--learners", "3")
    assert first.returncode == 0, first.stderr
    assert "join code" in first.stdout
    assert role_of(tmp_path, "instructor") == "instructor"
    again = run_cli(tmp_path, "demo", "--learners", "3")
    assert again.returncode == 2
    assert "already has accounts" in again.stderr


def test_reset_passphrase_prints_a_one_time_passphrase_that_signs_in(tmp_path: Path) -> None:
    run_cli(
        tmp_path, "add-instructor", "sam", "--name", "Sam", "--passphrase-stdin",
        stdin="a long enough passphrase\n",
    )  # fmt: skip
    result = run_cli(tmp_path, "reset-passphrase", "Sam")
    assert result.returncode == 0, result.stderr
    passphrase = result.stdout.split("One-time passphrase for 'sam': ")[1].split()[0]
    store = Store(tmp_path)
    try:
        assert sign_in(store, "sam", passphrase, SignInThrottle()).must_change_passphrase
    finally:
        store.close()


def test_reset_passphrase_of_an_unknown_username_is_refused(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "reset-passphrase", "nobody")
    assert result.returncode == 2
    assert "No account 'nobody'" in result.stderr
