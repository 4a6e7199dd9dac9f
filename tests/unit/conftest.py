"""Unit-test fixtures: a spy counting the scrypt runs of passphrase hashing and checking."""

from __future__ import annotations

import hashlib

import pytest

from pathway import accounts


@pytest.fixture
def scrypt_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int, int]]:
    """(N, r, p) of every scrypt run from now on; the real scrypt still runs.

    Hash cost is checked by counting this work, never by a clock.
    """
    calls: list[tuple[int, int, int]] = []
    real = hashlib.scrypt

    def recording(password: bytes, **kwargs: int) -> bytes:
        calls.append((kwargs["n"], kwargs["r"], kwargs["p"]))
        return real(password, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(accounts.hashlib, "scrypt", recording)
    return calls
