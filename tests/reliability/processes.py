"""Starting the helper scripts of this folder as real Python processes, and reading their lines."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def start(module: str, *arguments: str) -> subprocess.Popen[str]:
    """Run `python -m module arguments...` from the project root, with its output piped."""
    return subprocess.Popen(
        [sys.executable, "-m", module, *arguments],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def read_lines(process: subprocess.Popen[str], count: int, timeout: float = 20) -> list[str]:
    """The next `count` lines the process prints, without their newlines; fewer if it stops.

    Reads the pipe a byte at a time, below Python's buffering, so that `communicate()` later
    still receives every line printed after these.
    """
    assert process.stdout is not None
    descriptor, deadline = process.stdout.fileno(), time.monotonic() + timeout
    lines, line = [], b""
    while len(lines) < count:
        ready, _, _ = select.select([descriptor], [], [], max(0, deadline - time.monotonic()))
        byte = os.read(descriptor, 1) if ready else b""
        if not byte:
            break
        if byte == b"\n":
            lines.append(line.decode())
            line = b""
        else:
            line += byte
    return lines


def wait_for_line(process: subprocess.Popen[str], expected: str, timeout: float = 20) -> None:
    """Block until the process prints `expected` as its next line; fail with its stderr if not."""
    lines = read_lines(process, 1, timeout)
    if lines != [expected]:
        process.kill()
        _, errors = process.communicate()
        raise AssertionError(f"expected {expected!r} from {process.args}, got {lines}:\n{errors}")


def finish(process: subprocess.Popen[str], timeout: float = 60) -> str:
    """Wait for a process to exit by itself and return its output; fail if it failed or hangs."""
    try:
        output, errors = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        output, errors = process.communicate()
        raise AssertionError(f"{process.args} did not finish in {timeout} s:\n{errors}") from None
    assert process.returncode == 0, f"{process.args} exited with {process.returncode}:\n{errors}"
    return output
