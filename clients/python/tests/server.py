"""Starts one real Bellwether server process for the whole test run (node + tsx, SQLite in a
temporary directory, port 0) and stops it when the interpreter exits."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import tempfile
import threading
from typing import Optional

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
ADMIN_KEY = "bw_python_tests_admin_key_0123456789"
TEAM = "ml"


class ServerProcess:
    """A running server: ``url`` and the admin ``api_key`` of team ``ml``."""

    def __init__(self) -> None:
        self.data_dir = tempfile.mkdtemp(prefix="bw-py-")
        env = dict(
            os.environ,
            BELLWETHER_PORT="0",
            BELLWETHER_HOST="127.0.0.1",
            BELLWETHER_DATA_DIR=self.data_dir,
            BELLWETHER_ADMIN_API_KEY=ADMIN_KEY,
            BELLWETHER_ADMIN_PASSWORD="python-tests-password",
            BELLWETHER_FIRST_TEAM=TEAM,
            BELLWETHER_LOG_LEVEL="info",
        )
        env.pop("DATABASE_URL", None)
        self.process = subprocess.Popen(
            ["node", "--import", "tsx", os.path.join("packages", "server", "src", "main.ts")],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.url = self._wait_for_url(timeout=90)
        self.api_key = ADMIN_KEY
        # Keep reading so a full pipe never blocks the server.
        threading.Thread(target=self._drain, daemon=True).start()

    def _wait_for_url(self, timeout: float) -> str:
        lines = []
        timer = threading.Timer(timeout, self.process.kill)
        timer.start()
        try:
            assert self.process.stdout is not None
            for line in self.process.stdout:
                lines.append(line)
                try:
                    record = json.loads(line)
                except ValueError:
                    continue
                if isinstance(record, dict) and record.get("msg") == "Bellwether is listening":
                    return str(record["url"])
        finally:
            timer.cancel()
        raise RuntimeError("the server did not start:\n" + "".join(lines[-40:]))

    def _drain(self) -> None:
        assert self.process.stdout is not None
        for _ in self.process.stdout:
            pass

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
        if self.process.stdout is not None:
            self.process.stdout.close()
        shutil.rmtree(self.data_dir, ignore_errors=True)


_server: Optional[ServerProcess] = None


def shared_server() -> ServerProcess:
    """The server of this test run, started on first use."""
    global _server
    if _server is None:
        _server = ServerProcess()
        atexit.register(_server.stop)
    return _server
