"""A real `streamlit run streamlit_app.py` on a free port, and a client that opens a browser
session over the websocket the way the page's JavaScript does (no browser needed)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import requests
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.web.server.starlette.starlette_app_utils import generate_xsrf_token_string

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running_app(database_url: str) -> Iterator[str]:
    """The app served on a free port; yields its base URL and stops it afterwards."""
    port = free_port()
    environment = {**os.environ, "FANGGANG_DB_URL": database_url}
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1"],
        cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            with contextlib.suppress(requests.ConnectionError):
                if requests.get(f"{base}/_stcore/health", timeout=2).ok:
                    break
            time.sleep(0.5)
        else:
            raise RuntimeError("the app did not start")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def anonymous_session(base: str) -> tuple[str, str, asyncio.AbstractEventLoop, object]:
    """Open a browser session without signing in: (session id, XSRF token, loop, socket)."""
    loop = asyncio.new_event_loop()
    xsrf = generate_xsrf_token_string()
    socket_ = loop.run_until_complete(websockets.connect(
        base.replace("http", "ws") + "/_stcore/stream", subprotocols=["streamlit", xsrf],
        origin=base, additional_headers={"Cookie": f"_streamlit_xsrf={xsrf}"},
        max_size=None))
    rerun = BackMsg()
    rerun.rerun_script.query_string = ""
    rerun.rerun_script.page_script_hash = ""
    loop.run_until_complete(socket_.send(rerun.SerializeToString()))
    session_id = loop.run_until_complete(_session_id(socket_))
    return session_id, xsrf, loop, socket_


async def _session_id(socket_) -> str:
    """The session's id, once its first page run has finished."""
    session_id = None
    while True:
        message = ForwardMsg()
        message.ParseFromString(await asyncio.wait_for(socket_.recv(), 120))
        if message.WhichOneof("type") == "new_session":
            session_id = message.new_session.initialize.session_id
        if message.WhichOneof("type") == "script_finished" and session_id:
            return session_id


def upload(base: str, session_id: str, xsrf: str, data: bytes) -> requests.Response:
    return requests.put(f"{base}/_stcore/upload_file/{session_id}/file-1",
                        files={"file": ("roster.csv", data, "text/csv")},
                        headers={"X-Xsrftoken": xsrf, "Origin": base},
                        cookies={"_streamlit_xsrf": xsrf}, timeout=60)
