import time

from sqlalchemy import inspect, text

from store import DEFAULT_URL, create_schema, database_url, make_engine, metadata, transaction
from store.db import PROJECT_ROOT, SQLITE_BUSY_SECONDS, reading


def test_default_url_is_a_sqlite_file_under_var():
    expected = f"sqlite:///{PROJECT_ROOT / 'var' / 'fanggang.db'}"
    assert expected == DEFAULT_URL


def test_database_url_reads_the_environment(monkeypatch):
    monkeypatch.delenv("FANGGANG_DB_URL", raising=False)
    assert database_url() == DEFAULT_URL
    assert database_url("sqlite:///secret.db") == "sqlite:///secret.db"  # the app's secret
    monkeypatch.setenv("FANGGANG_DB_URL", "postgresql+psycopg://u@db/fanggang")
    assert database_url() == "postgresql+psycopg://u@db/fanggang"
    assert database_url("sqlite:///secret.db") == "postgresql+psycopg://u@db/fanggang"


def test_make_engine_creates_the_folder_and_turns_on_foreign_keys_and_wal(tmp_path, monkeypatch):
    monkeypatch.setenv("FANGGANG_DB_URL", f"sqlite:///{tmp_path / 'new' / 'x.db'}")
    engine = make_engine()
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    assert (tmp_path / "new" / "x.db").exists()
    engine.dispose()


def test_create_schema_makes_every_registered_table_and_can_run_twice(engine):
    create_schema(engine)
    assert set(metadata.tables) <= set(inspect(engine).get_table_names())
    assert "hiring_needs" in metadata.tables


INSERT = text(
    "INSERT INTO hiring_needs (employer, employer_key, position, headcount, skills,"
    " contact_person, contact_phone) VALUES ('甲', '甲', '普工', 1, '[]', '王', '13800138000')"
)


def count(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(text("SELECT COUNT(*) FROM hiring_needs")).scalar()


def test_transaction_commits_at_the_end_and_rolls_back_on_error(engine):
    with transaction(engine) as connection:
        connection.execute(INSERT)
    assert count(engine) == 1
    try:
        with transaction(engine) as connection:
            connection.execute(INSERT)
            raise RuntimeError("stop")
    except RuntimeError:
        pass
    assert count(engine) == 1


def test_a_reader_does_not_queue_behind_a_writer(engine):
    with transaction(engine) as writer:
        writer.execute(INSERT)
        started = time.monotonic()
        with reading(engine) as reader:
            seen = reader.execute(text("SELECT COUNT(*) FROM hiring_needs")).scalar()
        waited = time.monotonic() - started
    assert seen == 0  # the writer's row is not committed yet
    assert waited < SQLITE_BUSY_SECONDS / 2  # it did not wait for the writer's lock
    assert count(engine) == 1
