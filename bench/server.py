"""The real server for the benches: any script of the project, with its process id at hand.

`tests.e2e.server.StreamlitServer` always runs app.py; the browser bench also serves
`bench/bare_checkbox.py`, and the memory bench reads the server's /proc status, so this
subclass takes the script and exposes the pid. Waiting, stopping and the port are inherited.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pathway.settings import DATA_DIR
from tests.e2e.server import PROJECT_ROOT, StreamlitServer


class ScriptServer(StreamlitServer):
    """`streamlit run <script>` on a free port and its own data folder."""

    def __init__(self, script: str, data_dir: Path, log_path: Path) -> None:
        super().__init__(data_dir, log_path)
        self.script = script

    @property
    def pid(self) -> int:
        """The server process's id (it serves every session in its own threads)."""
        if self._process is None:
            raise RuntimeError("the server is not running")
        return self._process.pid

    def start(self) -> None:
        """Launch the server with the same options as the e2e tests; return once healthy."""
        command = [
            sys.executable, "-m", "streamlit", "run", self.script,
            "--server.headless", "true",
            "--server.port", str(self.port),
            "--server.address", "127.0.0.1",
            "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none",
        ]  # fmt: skip
        environment = {**os.environ, DATA_DIR.name: str(self.data_dir)}
        with open(self.log_path, "ab") as log:
            self._process = subprocess.Popen(
                command, cwd=PROJECT_ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT
            )
        self._wait_until_healthy()
