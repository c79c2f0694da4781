"""Files people uploaded (job-board exports and the like), kept in the database so that every
planner sees the same data, whichever server process they reach.

A file is stored once per `kind`: adding the same bytes again returns the stored record instead of
a second copy (so the same postings are never counted twice). Records carry who uploaded the file
and when; the bytes are read only by `upload_contents`, so listing stays cheap.

Every function takes an Engine (one transaction per call) or a Connection (the caller's).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import (
    CheckConstraint,
    Column,
    Connection,
    DateTime,
    Engine,
    Integer,
    LargeBinary,
    RowMapping,
    String,
    Table,
    UniqueConstraint,
    delete,
    insert,
    select,
)

from store.db import connected, inserted_id, metadata, reading
from store.errors import NotFoundError, StoreError

MAX_BYTES = 50 * 1024 * 1024
"""The largest file kept (50 MiB); a board export of 100,000 postings is about 30 MiB."""
POSTINGS = "postings"

uploaded_files = Table(
    "uploaded_files",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(40), nullable=False),
    Column("name", String(255), nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("uploaded_by", String(100), nullable=False),
    Column("uploaded_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("kind", "sha256", name="uq_uploaded_files_kind_sha256"),
    CheckConstraint("size >= 1", name="size_positive"),
)


@dataclass(frozen=True)
class Upload:
    """A stored file without its bytes. `uploaded_at` is an aware time (UTC)."""

    id: int
    kind: str
    name: str
    size: int
    sha256: str
    uploaded_by: str
    uploaded_at: dt.datetime


def add_upload(
    bind: Engine | Connection,
    name: str,
    content: bytes,
    *,
    uploaded_by: str,
    kind: str = POSTINGS,
) -> tuple[Upload, bool]:
    """Store `content` under the file name `name`; returns the record and whether it is new.

    The same bytes of the same `kind` are kept once: adding them again returns the first record
    (its name and uploader) and `False`. Raises `StoreError` for an empty or too large file, or a
    blank name or uploader."""
    name, uploaded_by = name.strip(), uploaded_by.strip()
    if not name or not uploaded_by or not kind:
        raise StoreError("an upload needs a file name, an uploader and a kind")
    if not content:
        raise StoreError(f"{name} is empty")
    if len(content) > MAX_BYTES:
        raise StoreError(f"{name} is larger than {MAX_BYTES // (1024 * 1024)} MiB")
    digest = hashlib.sha256(content).hexdigest()
    with connected(bind) as connection:
        found = _find(connection, kind, digest)
        if found is not None:
            return found, False
        result = connection.execute(
            insert(uploaded_files).values(
                kind=kind,
                name=name[:255],
                size=len(content),
                sha256=digest,
                content=content,
                uploaded_by=uploaded_by[:100],
                uploaded_at=dt.datetime.now(dt.UTC),
            )
        )
        upload_id = inserted_id(result)
        return get_upload(connection, upload_id), True


def get_upload(bind: Engine | Connection, upload_id: int) -> Upload:
    with reading(bind) as connection:
        row = (
            connection.execute(select(*_RECORD).where(uploaded_files.c.id == upload_id))
            .mappings()
            .first()
        )
    if row is None:
        raise NotFoundError(f"no uploaded file {upload_id}")
    return _record(row)


def list_uploads(bind: Engine | Connection, *, kind: str = POSTINGS) -> list[Upload]:
    """The stored files of `kind`, oldest first (without their bytes)."""
    statement = select(*_RECORD).where(uploaded_files.c.kind == kind).order_by(uploaded_files.c.id)
    with reading(bind) as connection:
        return [_record(row) for row in connection.execute(statement).mappings()]


def upload_contents(
    bind: Engine | Connection, *, kind: str = POSTINGS
) -> list[tuple[Upload, bytes]]:
    """The stored files of `kind` with their bytes, oldest first."""
    statement = (
        select(*_RECORD, uploaded_files.c.content)
        .where(uploaded_files.c.kind == kind)
        .order_by(uploaded_files.c.id)
    )
    with reading(bind) as connection:
        rows = connection.execute(statement).mappings()
        return [(_record(row), bytes(row["content"])) for row in rows]


def delete_upload(bind: Engine | Connection, upload_id: int, *, kind: str = POSTINGS) -> None:
    """Remove a stored file; raises `NotFoundError` if there is no such file of `kind`."""
    statement = delete(uploaded_files).where(
        uploaded_files.c.id == upload_id, uploaded_files.c.kind == kind
    )
    with connected(bind) as connection:
        if connection.execute(statement).rowcount == 0:
            raise NotFoundError(f"no uploaded file {upload_id}")


_RECORD = tuple(column for column in uploaded_files.c if column.name != "content")


def _find(connection: Connection, kind: str, digest: str) -> Upload | None:
    row = (
        connection.execute(
            select(*_RECORD).where(uploaded_files.c.kind == kind, uploaded_files.c.sha256 == digest)
        )
        .mappings()
        .first()
    )
    return None if row is None else _record(row)


def _record(row: RowMapping) -> Upload:
    at = row["uploaded_at"]
    return Upload(
        id=row["id"],
        kind=row["kind"],
        name=row["name"],
        size=row["size"],
        sha256=row["sha256"],
        uploaded_by=row["uploaded_by"],
        uploaded_at=at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC),
    )
