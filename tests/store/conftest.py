import os

import pytest
from sqlalchemy import text

from store import create_schema, make_engine

POSTGRES_URL = os.environ.get("FANGGANG_TEST_POSTGRES_URL")


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    """A fresh database with every table of the store: a SQLite file, and the same on a real
    PostgreSQL server when FANGGANG_TEST_POSTGRES_URL names one (`.ci/postgres start`)."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'db' / 'test.db'}")
    elif POSTGRES_URL:
        engine = make_engine(POSTGRES_URL)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    else:
        pytest.skip(
            "no PostgreSQL server: run `.ci/postgres start` and export "
            "FANGGANG_TEST_POSTGRES_URL to test against one"
        )
    create_schema(engine)
    yield engine
    engine.dispose()
