"""Whole-database backup and restore, and the end-of-campaign purge of personal data.

A backup is one gzip-compressed JSON document (`fanggang.backup/1`): every table, every row, with
the schema revision it was taken at. It restores into SQLite or PostgreSQL alike, in one
transaction: a restore that fails leaves the database as it was.

A backup holds every ID number, phone and password hash, so given a passphrase it is encrypted:
`ENCRYPTED_MAGIC`, a random 16-byte salt, then a Fernet token (AES-128-CBC with HMAC-SHA256, from
`cryptography`) under a key derived from the passphrase by scrypt. Either way the file is written
readable by its owner only (0600). `restore` reads both kinds.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
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
ENCRYPTED_MAGIC = b"fanggang.backup.fernet/1\n"
SALT_BYTES = 16


def backup(engine: Engine, path: Path, *, passphrase: str | None = None) -> dict[str, int]:
    """Write every table to `path` (encrypted under `passphrase` if given, 0600 either way);
    returns rows per table."""
    document: dict[str, Any] = {
        "format": FORMAT,
        "taken_at": dt.datetime.now(dt.UTC).isoformat(),
        "revision": _revision(engine),
        "tables": {},
    }
    counts = {}
    with engine.connect() as connection:
        for table in metadata.sorted_tables:
            rows = connection.execute(select(table).order_by(*table.primary_key.columns)).all()
            document["tables"][table.name] = {
                "columns": [c.name for c in table.columns],
                "rows": [[_dump(value) for value in row] for row in rows],
            }
            counts[table.name] = len(rows)
    packed = gzip.compress(json.dumps(document, ensure_ascii=False).encode())
    if passphrase:
        salt = os.urandom(SALT_BYTES)
        packed = ENCRYPTED_MAGIC + salt + Fernet(_key(passphrase, salt)).encrypt(packed)
    _write_private(Path(path), packed)
    return counts


def _key(passphrase: str, salt: bytes) -> bytes:
    """A Fernet key from the passphrase: scrypt (2^15, 8, 1) costs a guesser 32 MiB and ~0.1 s."""
    derived = Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(passphrase.encode())
    return base64.urlsafe_b64encode(derived)


def _write_private(path: Path, data: bytes) -> None:
    """Write `data` to `path`, readable and writable by its owner only (also if it existed)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as f:
        os.fchmod(f.fileno(), 0o600)
        f.write(data)


def is_encrypted(path: Path) -> bool:
    with Path(path).open("rb") as f:
        return f.read(len(ENCRYPTED_MAGIC)) == ENCRYPTED_MAGIC


def restore(engine: Engine, path: Path, *, passphrase: str | None = None) -> dict[str, int]:
    """Replace every table's rows with the backup's (encrypted or not); all or nothing."""
    try:
        packed = Path(path).read_bytes()
    except OSError as exc:
        raise StoreError(f"{path}：无法读取（{exc.strerror or exc}）") from exc
    if packed.startswith(ENCRYPTED_MAGIC):
        packed = _decrypt(packed[len(ENCRYPTED_MAGIC) :], passphrase, path)
    try:
        document = json.loads(gzip.decompress(packed))
    except (OSError, ValueError) as exc:  # gzip raises BadGzipFile, an OSError
        raise StoreError(f"{path}：不是返岗系统的备份文件（{exc}）") from exc
    if document.get("format") != FORMAT:
        raise StoreError(f"{path}：不是 {FORMAT} 格式的备份")
    if document["revision"] != _revision(engine):
        raise StoreError(
            f"{path} 的数据库版本是 {document['revision']}，当前数据库是 "
            f"{_revision(engine)}：请先迁移其中一个，使两者一致"
        )
    counts = {}
    with engine.begin() as connection:
        for table in reversed(metadata.sorted_tables):
            connection.execute(delete(table))
        for table in metadata.sorted_tables:
            saved = document["tables"].get(table.name, {"columns": [], "rows": []})
            types = {c.name: c.type for c in table.columns}
            rows = [
                {
                    name: _load(value, types[name])
                    for name, value in zip(saved["columns"], row, strict=True)
                }
                for row in saved["rows"]
            ]
            if rows:
                connection.execute(insert(table), rows)
            counts[table.name] = len(rows)
        _reset_sequences(connection)
    return counts


def _decrypt(sealed: bytes, passphrase: str | None, path: Path) -> bytes:
    if not passphrase:
        raise StoreError(f"{path} 已加密：请在 FANGGANG_BACKUP_PASSPHRASE 中给出口令")
    salt, token = sealed[:SALT_BYTES], sealed[SALT_BYTES:]
    try:
        return Fernet(_key(passphrase, salt)).decrypt(token)
    except InvalidToken:
        raise StoreError(f"{path}：口令不对，或文件已损坏") from None


def purge_personal_data(bind: Engine | Connection, *, by: str) -> dict[str, int]:
    """Once a campaign is over (purpose limitation): delete every returning worker and every
    boarding mark. Plans (rows, counts, places, kilometres; no names) and recruitment data stay,
    and the audit log keeps how many workers each employer had. On an SQLite engine the deleted
    rows are then also wiped from the file and its write-ahead log (`compact`)."""
    with connected(bind) as connection:
        per_employer = Counter(
            row.employer for row in connection.execute(select(workers.c.employer))
        )
        marks = connection.execute(delete(boarding_checkins)).rowcount
        removed = connection.execute(delete(workers)).rowcount
        audit.record(
            connection,
            by,
            "purge_personal_data",
            "workers",
            workers=removed,
            boarding_marks=marks,
            workers_per_employer=dict(per_employer),
        )
    counts = {"workers": removed, "boarding_marks": marks}
    if isinstance(bind, Engine):
        counts.update(compact(bind))
    return counts


def compact(engine: Engine) -> dict[str, int]:
    """SQLite: rewrite the file without free pages (VACUUM), then copy the write-ahead log into it
    and empty the log (checkpoint TRUNCATE), so deleted rows survive in neither. Returns
    `wal_emptied`: 1, or 0 when another connection's open read kept the log (stop the server and
    run again)."""
    if engine.dialect.name != "sqlite":
        return {}
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("VACUUM")  # outside any transaction: the pragmas turned autobegin off
        busy = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        cursor.close()
    finally:
        raw.close()
    return {"vacuumed": 1, "wal_emptied": 0 if busy else 1}


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
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), "
                        f"COALESCE((SELECT MAX({column.name}) FROM {table.name}), 0) + 1, false)"
                    )
                )
