"""Finding (medium): a visitor with no account could PUT files to
`/_stcore/upload_file/<own session>/<id>`, and each stayed in server memory. Tried against a real
`streamlit run streamlit_app.py` (Starlette/uvicorn) on a free port (app/upload_guard.py)."""

import pytest

from tests.app_server import running_app
from tests.security.server import anonymous_session, upload

pytestmark = pytest.mark.slow  # a real server, started for each test


@pytest.fixture()
def server(tmp_path):
    """The app served on the test's own database."""
    with running_app(f"sqlite:///{tmp_path / 'app.db'}") as base:
        yield base


def test_a_visitor_without_an_account_cannot_upload(server):
    session_id, xsrf, loop, socket_ = anonymous_session(server)
    try:
        answer = upload(server, session_id, xsrf, b"x" * (5 * 2**20))
        assert answer.status_code == 400  # refused before the body is read
        assert upload(server, session_id, xsrf, b"a,b\n1,2\n").status_code == 400
    finally:
        loop.run_until_complete(socket_.close())
        loop.close()


def test_an_unknown_session_cannot_upload_either(server):
    _, xsrf, loop, socket_ = anonymous_session(server)
    try:
        assert upload(server, "not-a-session", xsrf, b"a,b\n").status_code == 400
    finally:
        loop.run_until_complete(socket_.close())
        loop.close()
