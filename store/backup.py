"""Whole-database backup and restore, and the end-of-campaign purge of personal data.

A backup is one gzip-compressed JSON document (`fanggang.backup/1`): every table, every row, with
the schema revision it was taken at. It restores into SQLite or PostgreSQL alike, in one
transaction: a restore that fails leaves the database as it was.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Date,
    DateTime,
    Engine,
    Integer,
    LargeBinary,
    delete,
    insert,
    select,
    text,
)

from store import audit
from store.checkins import boarding_checkins
from store.db import connected, metadata
from store.errors import StoreError
from store.workers import workers

FORMAT = "fanggang.backup/1"


def backup(engine: Engine, path: Path) -> dict[str, int]:
    """Write every table to `path`; returns rows per table."""
    document: dict[str, Any] = {"format": FORMAT, "taken_at": dt.datetime.now(dt.UTC).isoformat(),
                                "revision": _revision(engine), "tables": {}}
    counts = {}
    with engine.connect() as connection:
        for table in metadata.sorted_tables:
            rows = connection.execute(select(table).order_by(*table.primary_key.columns)).all()
            document["tables"][table.name] = {
                "columns": [c.name for c in table.columns],
                "rows": [[_dump(value) for value in row] for row in rows],
            }
            counts[table.name] = len(rows)
    Path(path).write_bytes(gzip.compress(json.dumps(document, ensure_ascii=False).encode()))
    return counts


def restore(engine: Engine, path: Path) -> dict[str, int]:
    """Replace every table's rows with the backup's; all or nothing."""
    try:
        packed = Path(path).read_bytes()
    except OSError as exc:
        raise StoreError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    try:
        document = json.loads(gzip.decompress(packed))
    except (OSError, ValueError) as exc:  # gzip raises BadGzipFile, an OSError
        raise StoreError(f"{path}: not a fanggang backup ({exc})") from exc
    if document.get("format") != FORMAT:
        raise StoreError(f"{path}: not a {FORMAT} document")
    if document["revision"] != _revision(engine):
        raise StoreError(f"{path} was taken at schema {document['revision']}, the database is at "
                         f"{_revision(engine)}: migrate one to match the other first")
    counts = {}
    with engine.begin() as connection:
        for table in reversed(metadata.sorted_tables):
            connection.execute(delete(table))
        for table in metadata.sorted_tables:
            saved = document["tables"].get(table.name, {"columns": [], "rows": []})
            types = {c.name: c.type for c in table.columns}
            rows = [{name: _load(value, types[name]) for name, value in zip(saved["columns"], row,
                                                                            strict=True)}
                    for row in saved["rows"]]
            if rows:
                connection.execute(insert(table), rows)
            counts[table.name] = len(rows)
        _reset_sequences(connection)
    return counts


def purge_personal_data(bind: Engine | Connection, *, by: str) -> dict[str, int]:
    """Once a campaign is over (purpose limitation): delete every returning worker and every
    boarding mark. Plans (rows, counts, places, kilometres; no names) and recruitment data stay,
    and the audit log keeps how many workers each employer had."""
    with connected(bind) as connection:
        per_employer = Counter(row.employer for row in connection.execute(select(workers.c.employer)))
        marks = connection.execute(delete(boarding_checkins)).rowcount
        removed = connection.execute(delete(workers)).rowcount
        audit.record(connection, by, "purge_personal_data", "workers",
                     workers=removed, boarding_marks=marks, workers_per_employer=dict(per_employer))
    return {"workers": removed, "boarding_marks": marks}


def _revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _dump(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value


def _load(value: Any, kind: Any) -> Any:
    if value is None:
        return None
    if isinstance(kind, DateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return dt.date.fromisoformat(value)
    if isinstance(kind, LargeBinary):
        return base64.b64decode(value)
    return value


def _reset_sequences(connection: Connection) -> None:
    """PostgreSQL hands out ids from sequences that explicit inserts do not advance."""
    if connection.dialect.name != "postgresql":
        return
    for table in metadata.sorted_tables:
        for column in table.primary_key.columns:
            if isinstance(column.type, Integer):
                connection.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), "
                    f"COALESCE((SELECT MAX({column.name}) FROM {table.name}), 0) + 1, false)"))
