"""A client that opens a browser session on the real app server (tests/app_server.py)
over the websocket the way the page's JavaScript does (no browser needed)."""

from __future__ import annotations

import asyncio

import requests
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.web.server.starlette.starlette_app_utils import generate_xsrf_token_string


def anonymous_session(base: str) -> tuple[str, str, asyncio.AbstractEventLoop, object]:
    """Open a browser session without signing in: (session id, XSRF token, loop, socket)."""
    loop = asyncio.new_event_loop()
    xsrf = generate_xsrf_token_string()
    socket_ = loop.run_until_complete(
        websockets.connect(
            base.replace("http", "ws") + "/_stcore/stream",
            subprotocols=["streamlit", xsrf],
            origin=base,
            additional_headers={"Cookie": f"_streamlit_xsrf={xsrf}"},
            max_size=None,
        )
    )
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
    return requests.put(
        f"{base}/_stcore/upload_file/{session_id}/file-1",
        files={"file": ("roster.csv", data, "text/csv")},
        headers={"X-Xsrftoken": xsrf, "Origin": base},
        cookies={"_streamlit_xsrf": xsrf},
        timeout=60,
    )
