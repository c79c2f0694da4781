"""Employers' hiring needs in the database, as `recruitment.needs.HiringNeed` records.

Every function takes an Engine (one transaction per call) or a Connection (the caller's
transaction). Given `employer=` (a name), a call sees and changes only that employer's needs:
names compare by employer key, so `郑州某某科技有限公司` and `某某科技` are one employer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TypeVar

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Connection,
    Date,
    DateTime,
    Delete,
    Engine,
    Integer,
    RowMapping,
    Select,
    String,
    Table,
    Update,
    delete,
    func,
    insert,
    select,
    update,
)

from recruitment.needs import HiringNeed
from recruitment.normalize import company_key
from store.db import connected, metadata, reading
from store.errors import NotFoundError, StoreError

hiring_needs = Table(
    "hiring_needs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("employer", String(200), nullable=False),
    Column("employer_key", String(200), nullable=False, index=True),
    Column("position", String(200), nullable=False),
    Column("headcount", Integer, nullable=False),
    Column("salary_min", Integer),
    Column("salary_max", Integer),
    Column("education", String(20)),
    Column("skills", JSON, nullable=False, default=list),
    Column("start_date", Date),
    Column("contact_person", String(100), nullable=False),
    Column("contact_phone", String(20), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column(
        "updated_at",
        DateTime(timezone=True),
        nullable=False,
        server_default=func.now(),
        onupdate=func.now(),
    ),
    CheckConstraint("headcount >= 1", name="headcount_positive"),
    CheckConstraint(
        "salary_min IS NULL OR salary_max IS NULL OR salary_min <= salary_max",
        name="salary_range",
    ),
)

Scoped = TypeVar("Scoped", Select, Update, Delete)

FIELDS = (
    "employer",
    "position",
    "headcount",
    "contact_person",
    "contact_phone",
    "salary_min",
    "salary_max",
    "education",
    "skills",
    "start_date",
)


def add_need(bind: Engine | Connection, need: HiringNeed) -> HiringNeed:
    """Store a new need; returns it with its `id`."""
    if need.id is not None:
        raise StoreError(f"need {need.id} is already stored; use update_need")
    with connected(bind) as connection:
        result = connection.execute(insert(hiring_needs).values(**_values(need)))
    return replace(need, id=int(result.inserted_primary_key[0]))


def get_need(bind: Engine | Connection, need_id: int, *, employer: str | None = None) -> HiringNeed:
    with reading(bind) as connection:
        statement = _scoped(select(hiring_needs), employer).where(hiring_needs.c.id == need_id)
        row = connection.execute(statement).mappings().first()
    if row is None:
        raise NotFoundError(_missing(need_id, employer))
    return _record(row)


def list_needs(bind: Engine | Connection, *, employer: str | None = None) -> list[HiringNeed]:
    """All needs (or one employer's), oldest first."""
    with reading(bind) as connection:
        rows = connection.execute(
            _scoped(select(hiring_needs), employer).order_by(hiring_needs.c.id)
        ).mappings()
        return [_record(row) for row in rows]


def update_need(
    bind: Engine | Connection, need: HiringNeed, *, employer: str | None = None
) -> HiringNeed:
    """Overwrite the stored need `need.id` with `need`. With `employer=`, only that employer's
    need can be changed, and not moved to another employer."""
    if need.id is None:
        raise StoreError("the need has no id; use add_need")
    if employer is not None and company_key(employer) != need.employer_key:
        raise StoreError(f"a need of {employer} cannot be given to {need.employer}")
    statement = _scoped(update(hiring_needs), employer).where(hiring_needs.c.id == need.id)
    with connected(bind) as connection:
        changed = connection.execute(statement.values(**_values(need))).rowcount
    if changed == 0:
        raise NotFoundError(_missing(need.id, employer))
    return need


def delete_need(bind: Engine | Connection, need_id: int, *, employer: str | None = None) -> None:
    statement = _scoped(delete(hiring_needs), employer).where(hiring_needs.c.id == need_id)
    with connected(bind) as connection:
        if connection.execute(statement).rowcount == 0:
            raise NotFoundError(_missing(need_id, employer))



def _scoped(statement: Scoped, employer: str | None) -> Scoped:
    if employer is None:
        return statement
    return statement.where(hiring_needs.c.employer_key == company_key(employer))


def _values(need: HiringNeed) -> dict[str, object]:
    values = {name: getattr(need, name) for name in FIELDS}
    return {**values, "skills": list(need.skills), "employer_key": need.employer_key}


def _record(row: RowMapping) -> HiringNeed:
    start = row["start_date"]
    return HiringNeed(
        **{name: row[name] for name in FIELDS if name not in ("skills", "start_date")},
        skills=tuple(row["skills"] or ()),
        start_date=start if start is None or type(start) is dt.date else start.date(),
        id=row["id"],
    )


def _missing(need_id: int, employer: str | None) -> str:
    return f"no hiring need {need_id}" + (f" of {employer}" if employer else "")
