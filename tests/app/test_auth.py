import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from store import accounts, make_engine
from tests.app.conftest import APP, PASSWORD


@pytest.mark.slow
def test_a_fresh_database_asks_for_the_admin_and_has_no_default_password(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    monkeypatch.setenv("FANGGANG_DB_URL", url)
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert at.title[0].value.endswith("First run")
    at.text_input(key="setup_user").input("boss")
    at.text_input(key="setup_password").input("first-password")
    at.text_input(key="setup_again").input("first-password")
    at.button[0].click().run()
    assert not at.exception
    assert at.session_state["account"].role == "admin"
    assert [a.username for a in accounts.list_accounts(make_engine(url))] == ["boss"]


@pytest.mark.slow
def test_the_admin_can_come_from_the_environment(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'unattended.db'}"
    monkeypatch.setenv("FANGGANG_DB_URL", url)
    monkeypatch.setenv("FANGGANG_ADMIN_USER", "ops")
    monkeypatch.setenv("FANGGANG_ADMIN_PASSWORD", "from-the-environment")
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert at.title[0].value.endswith("Sign in")
    assert accounts.authenticate(make_engine(url), "ops", "from-the-environment").role == "admin"


def test_sign_in_with_a_wrong_then_the_right_password(database, monkeypatch):
    monkeypatch.setenv("FANGGANG_DB_URL", database)
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.text_input(key="login_user").input("coordinator")
    at.text_input(key="login_password").input("wrong-password")
    at.button[0].click().run()
    assert at.error[0].value == accounts.WRONG_PASSWORD == "用户名或密码错误"
    at.text_input(key="login_password").input(PASSWORD)
    at.button[0].click().run()
    assert at.session_state["account"].username == "coordinator"


def test_an_idle_session_expires(app_as):
    at = app_as("planner", "overview")
    at.session_state["last_seen"] = dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
    at.run()
    assert "account" not in at.session_state
    assert "Session expired" in at.warning[0].value


def test_signing_out(app_as):
    at = app_as("planner", "overview")
    at.button(key="sign_out").click().run()
    assert "account" not in at.session_state
    assert at.title[0].value.endswith("Sign in")
