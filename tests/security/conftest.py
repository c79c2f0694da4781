from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from store import accounts, create_schema, make_engine

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


@pytest.fixture(scope="module")
def app_database(tmp_path_factory):
    """An app database with the sample data (made by a first start) and an admin."""
    url = f"sqlite:///{tmp_path_factory.mktemp('security') / 'app.db'}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FANGGANG_DB_URL", url)
        assert not AppTest.from_file(APP, default_timeout=120).run().exception
    accounts.create_account(make_engine(url), "boss", PASSWORD, "admin")
    return url


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
