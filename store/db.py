"""Engine, shared metadata, schema creation and transactions.

SQLite (a file under `var/`) by default; any SQLAlchemy URL in `FANGGANG_DB_URL`, PostgreSQL
included, works the same: the tables use SQLAlchemy types and no dialect-specific SQL.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import (
    Connection,
    CursorResult,
    Engine,
    MetaData,
    create_engine,
    event,
    inspect,
    make_url,
)
from sqlalchemy.engine.interfaces import DBAPIConnection

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATH = PROJECT_ROOT / "var" / "fanggang.db"
DEFAULT_URL = f"sqlite:///{DEFAULT_PATH}"
URL_VARIABLE = "FANGGANG_DB_URL"

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)
"""The one MetaData every table module of `store` defines its tables on."""


def database_url(configured: str | None = None) -> str:
    """`FANGGANG_DB_URL` if set, else `configured` (the app's `db_url` secret), else the SQLite
    file `var/fanggang.db` under the project root."""
    return os.environ.get(URL_VARIABLE) or configured or DEFAULT_URL


def make_engine(url: str | None = None) -> Engine:
    """An engine for `url` (default: `database_url()`). For a SQLite file the folder is created,
    and every connection turns on foreign keys and write-ahead logging."""
    parsed = make_url(url or database_url())
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        _private_file(Path(parsed.database))
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True)
    engine = create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_SECONDS})
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "begin", _begin_immediate)
    return engine


def _private_file(path: Path) -> None:
    """Make the SQLite file readable by its owner only (0600) before SQLite opens it: it holds ID
    numbers and phones, and SQLite gives its -wal and -shm files the same mode."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    if path.stat().st_mode & 0o077:
        with suppress(PermissionError):  # another user's file: theirs to mind
            path.chmod(0o600)


SQLITE_BUSY_SECONDS = 30  # how long a writer waits for another writer's transaction to end


def _sqlite_pragmas(dbapi_connection: DBAPIConnection, _record: object) -> None:
    dbapi_connection.isolation_level = None  # transactions are begun by _begin_immediate
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA secure_delete=ON")  # deleted rows are zeroed, not left in free pages
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


READ_ONLY = "fanggang_read_only"  # execution option `reading` sets on its connections


def _begin_immediate(connection: Connection) -> None:
    """Take SQLite's write lock when a writing transaction begins, not at its first write: two
    writers then queue (up to the busy timeout) instead of one failing with "database is locked"
    when it turns its read into a write. Readers (see `reading`) take no lock (WAL)."""
    read_only = connection.get_execution_options().get(READ_ONLY, False)
    connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def inserted_id(result: CursorResult[Any]) -> int:
    """The primary key an INSERT of one row gave it."""
    key = result.inserted_primary_key
    assert key is not None  # SQLAlchemy gives one for every single-row INSERT
    return int(key[0])


def migration_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def create_schema(engine: Engine) -> None:
    """Bring the database to the newest schema by running the migrations it has not had yet.
    A database made before migrations existed (by create_all, revision 0001's tables) is stamped
    as 0001 first."""
    config = migration_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        tables = set(inspect(connection).get_table_names())
        if tables and "alembic_version" not in tables:
            command.stamp(config, "0001")
        command.upgrade(config, "head")


@contextmanager
def transaction(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction: committed when the block ends, rolled back on an error."""
    with engine.begin() as connection:
        yield connection


@contextmanager
def connected(bind: Engine | Connection) -> Iterator[Connection]:
    """The caller's connection as it is, or a new transaction on an engine."""
    if isinstance(bind, Connection):
        yield bind
    else:
        with transaction(bind) as connection:
            yield connection


@contextmanager
def reading(bind: Engine | Connection) -> Iterator[Connection]:
    """A connection for reads only: on SQLite it does not queue behind writers."""
    if isinstance(bind, Connection):
        yield bind
    else:
        with bind.connect() as connection:
            yield connection.execution_options(**{READ_ONLY: True})
