"""Start and stop the real `streamlit run app.py` on a free port, for browser tests and scripts."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType

from pathway.settings import DATA_DIR

PROJECT_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_SECONDS = 60


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class StreamlitServer:
    """The app as a user runs it, on its own port and data folder; restartable.

    `script` and `options` (extra `--section.option value` flags) let the benchmarks serve
    another page of the project, or the app with another setting, the same way; `environment`
    adds settings (a replica on a PostgreSQL database gets MA_PATHWAY_DATABASE_URL).
    """

    def __init__(
        self,
        data_dir: Path,
        log_path: Path,
        script: str = "app.py",
        options: tuple[str, ...] = (),
        environment: Mapping[str, str] | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.log_path = log_path
        self.script = script
        self.options = options
        self.environment = dict(environment or {})
        self.port = free_port()
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The app's address."""
        return f"http://127.0.0.1:{self.port}/"

    @property
    def pid(self) -> int:
        """The server process's id (it serves every session in its own threads)."""
        if self._process is None:
            raise RuntimeError("the server is not running")
        return self._process.pid

    def start(self) -> None:
        """Launch the server and return once its health check answers "ok"."""
        command = [
            sys.executable, "-m", "streamlit", "run", self.script,
            "--server.headless", "true",
            "--server.port", str(self.port),
            "--server.address", "127.0.0.1",
            "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none",
            *self.options,
        ]  # fmt: skip
        environment = {**os.environ, DATA_DIR.name: str(self.data_dir), **self.environment}
        with open(self.log_path, "ab") as log:
            self._process = subprocess.Popen(
                command, cwd=PROJECT_ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT
            )
        self._wait_until_healthy()

    def stop(self) -> None:
        """Stop the server (terminate, then kill if it lingers)."""
        if self._process is None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process = None

    def kill(self) -> None:
        """SIGKILL the server, as a crash or a pulled plug would: nothing gets to finish."""
        if self._process is None:
            return
        self._process.kill()
        self._process.wait()
        self._process = None

    def __enter__(self) -> StreamlitServer:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def _wait_until_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        health = f"{self.url}_stcore/health"
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(health, timeout=2) as response:
                    if response.read().decode() == "ok":
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        self.stop()
        log_tail = self.log_path.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"Streamlit did not become healthy at {health}:\n{log_tail}")
