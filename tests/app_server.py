"""The app as its users meet it: `streamlit run streamlit_app.py` on a free local port, for the
browser tests and the security tests that need a real server; the app's first start done in the
test's own process (`first_start`), so a test can add its data before the server runs; and a
copy of such a database for each test (`copy_database`)."""

from __future__ import annotations

import contextlib
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
START_SECONDS = 120  # a busy CI machine starts the server slowly


def first_start(database_url: str, environment: Mapping[str, str] | None = None) -> None:
    """What the app's first visit does on an empty database (the schema, the sample's employers
    and workers, an admin named in `environment`), done here in an AppTest run."""
    from streamlit.testing.v1 import AppTest

    with pytest.MonkeyPatch.context() as patch:
        for name, value in {**(environment or {}), "FANGGANG_DB_URL": database_url}.items():
            patch.setenv(name, value)
        at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=START_SECONDS).run()
    if at.exception:
        raise RuntimeError(f"the app's first start failed: {at.exception[0].value}")


def copy_database(source: Path, target: Path) -> str:
    """A copy of the SQLite database `source` at `target`, as a database URL. SQLite's backup
    copies what the write-ahead log still holds, which copying the file alone would miss."""
    with (
        contextlib.closing(sqlite3.connect(source)) as original,
        contextlib.closing(sqlite3.connect(target)) as copy,
    ):
        original.backup(copy)
    return f"sqlite:///{target}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running_app(database_url: str, environment: Mapping[str, str] | None = None) -> Iterator[str]:
    """The app on `database_url`; yields its base URL and stops it afterwards. A server that
    does not come up is an error carrying what it printed."""
    port = free_port()
    env = {**os.environ, **(environment or {}), "FANGGANG_DB_URL": database_url}
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "streamlit_app.py",
                "--server.headless=true",
                f"--server.port={port}",
                "--server.address=127.0.0.1",
                "--browser.gatherUsageStats=false",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_healthy(base, server, log)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=30)


def _wait_until_healthy(base: str, server: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).read() == b"ok":
                return
        except OSError:
            time.sleep(0.5)
    log.seek(0)
    raise RuntimeError(
        f"the app did not start within {START_SECONDS} s: " + log.read().decode(errors="replace")
    )
