"""Who changed, planned, published, printed or exported what, and when.

Entries name records by id and count them; they never hold names, ID numbers or phones.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Connection,
    DateTime,
    Engine,
    Integer,
    String,
    Table,
    insert,
    select,
)

from store.db import connected, metadata, reading

UNKNOWN_USER = "未知用户"  # the actor of a failed sign-in to a user name that does not exist

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(60), nullable=False),
    Column("action", String(40), nullable=False),
    Column("subject", String(200), nullable=False, default=""),
    Column("detail", JSON, nullable=False, default=dict),
)


@dataclass(frozen=True)
class Entry:
    at: dt.datetime
    actor: str
    action: str
    subject: str
    detail: dict[str, Any]


def record(
    bind: Engine | Connection, actor: str, action: str, subject: str = "", **detail: Any
) -> None:
    with connected(bind) as connection:
        connection.execute(
            insert(audit_log).values(
                at=dt.datetime.now(dt.UTC),
                actor=actor,
                action=action,
                subject=subject,
                detail=detail,
            )
        )


def entries(bind: Engine | Connection, *, limit: int = 200) -> list[Entry]:
    statement = select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
    with reading(bind) as connection:
        return [
            Entry(row["at"], row["actor"], row["action"], row["subject"], row["detail"])
            for row in connection.execute(statement).mappings()
        ]
