"""Refuse file uploads from browser sessions that have no signed-in account.

Streamlit (1.67, served by Starlette/uvicorn) accepts `PUT /_stcore/upload_file/<session>/<file>`
from any session with an open websocket, signed in or not, and keeps the file in memory until the
session ends. Streamlit has no option to restrict this, so the app wraps two methods of the running
server's own objects, once per process:

- `Runtime.is_active_session`, which the upload route asks before it reads the request body: for a
  session nobody is signed in to it answers False, and the route refuses with 400 at once;
- `UploadedFileManager.add_file`, as a second line: a file for such a session is dropped.

Sessions are marked signed in by `app.context.account()` on every page run.
"""

from __future__ import annotations

import threading

from streamlit import runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

_signed_in: set[str] = set()
_lock = threading.Lock()
_installed = False


def mark(signed_in: bool) -> None:
    """Record whether the session running this script has a signed-in account."""
    context = get_script_run_ctx()
    if context is None:
        return
    with _lock:
        if signed_in:
            _signed_in.add(context.session_id)
        else:
            _signed_in.discard(context.session_id)
    install()


def allowed(session_id: str) -> bool:
    with _lock:
        return session_id in _signed_in


def install() -> None:
    """Wrap the running server's upload checks (nothing to do under AppTest: no server)."""
    global _installed
    if _installed or not runtime.exists():
        return
    server = runtime.get_instance()
    files = server.uploaded_file_mgr
    is_active, add_file = server.is_active_session, files.add_file

    def is_active_and_signed_in(session_id: str) -> bool:
        active = is_active(session_id)
        if not active:
            with _lock:
                _signed_in.discard(session_id)  # a closed session: forget it
        return active and allowed(session_id)

    def add_file_if_signed_in(session_id: str, file: object) -> None:
        if allowed(session_id):
            add_file(session_id, file)

    server.is_active_session = is_active_and_signed_in
    files.add_file = add_file_if_signed_in
    _installed = True
