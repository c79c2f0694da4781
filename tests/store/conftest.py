import pytest

from store import create_schema, make_engine


@pytest.fixture
def engine(tmp_path):
    """A fresh SQLite file database with every table of the store."""
    engine = make_engine(f"sqlite:///{tmp_path / 'db' / 'test.db'}")
    create_schema(engine)
    yield engine
    engine.dispose()
