from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from store import accounts, create_schema, make_engine
from tests.app_server import copy_database, first_start

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
PASSWORD = "sicher-und-lang-1"
YUHUI = "郑州宇辉电子技术有限公司"


@pytest.fixture()
def engine(tmp_path):
    """An empty SQLite database with the newest schema."""
    made = make_engine(f"sqlite:///{tmp_path / 'db' / 'test.db'}")
    create_schema(made)
    yield made
    made.dispose()


@pytest.fixture(scope="session")
def template(tmp_path_factory) -> Path:
    """The app's first start (schema and the sample) and an admin `boss`, made once; tests never
    open it, each gets its own copy (`app_database`)."""
    path = tmp_path_factory.mktemp("security") / "app.db"
    first_start(f"sqlite:///{path}")
    engine = make_engine(f"sqlite:///{path}")
    accounts.create_account(engine, "boss", PASSWORD, "admin")
    engine.dispose()
    return path


@pytest.fixture()
def app_database(template, tmp_path) -> str:
    """The test's own app database (a copy of `template`), as a URL: what a test changes no
    other test sees."""
    return copy_database(template, tmp_path / "app.db")


@pytest.fixture()
def app(app_database, monkeypatch):
    """`app()`: the app as a fresh browser session sees it (signed out)."""
    monkeypatch.setenv("FANGGANG_DB_URL", app_database)
    return lambda: AppTest.from_file(APP, default_timeout=120)


def sign_in(at: AppTest, username: str, password: str = PASSWORD) -> AppTest:
    """Fill in and submit the sign-in form the way a person does."""
    at.text_input(key="login_user").input(username)
    at.text_input(key="login_password").input(password)
    next(b for b in at.button if "Sign in" in str(b.label)).click().run()
    return at
