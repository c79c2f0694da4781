"""Finding (medium): four simultaneous first visitors on an empty database all became admin."""

import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor

import bcrypt
import pytest
from streamlit.testing.v1 import AppTest

from store import accounts, make_engine
from tests.security.conftest import APP, PASSWORD

pytestmark = pytest.mark.slow  # four first starts at once (12 s)

VISITORS = 4


def test_four_simultaneous_first_visitors_make_exactly_one_admin(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    monkeypatch.setenv("FANGGANG_DB_URL", url)
    pages = [AppTest.from_file(APP, default_timeout=120) for _ in range(VISITORS)]
    for page in pages:
        page.run()
        assert page.title[0].value.endswith("First run")
    # Every visitor's password is hashed before anyone's account is stored: the widest race.
    everyone_hashing, real = threading.Barrier(VISITORS, timeout=10), bcrypt.hashpw

    def hash_together(password: bytes, salt: bytes) -> bytes:
        with contextlib.suppress(threading.BrokenBarrierError):
            everyone_hashing.wait()
        return real(password, salt)

    monkeypatch.setattr(accounts.bcrypt, "hashpw", hash_together)

    def first_visit(number: int) -> None:
        page = pages[number]
        page.text_input(key="setup_user").input(f"visitor{number}")
        page.text_input(key="setup_password").input(PASSWORD)
        page.text_input(key="setup_again").input(PASSWORD)
        page.button[0].click().run()

    with ThreadPoolExecutor(VISITORS) as pool:
        list(pool.map(first_visit, range(VISITORS)))
    admins = [a for a in accounts.list_accounts(make_engine(url)) if a.role == "admin"]
    assert len(admins) == 1
    refused = [p for p in pages if "account" not in p.session_state]
    assert len(refused) == VISITORS - 1
    assert all("管理员已存在" in p.error[0].value for p in refused)
