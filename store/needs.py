"""Employers' hiring needs in the database, as `recruitment.needs.HiringNeed` records.

Every function takes an Engine (one transaction per call) or a Connection (the caller's
transaction). Given `employer=` (the exact name an employer account holds), a call sees and changes
only needs stored under that employer's id (`employers.id`): never by a normalised name, so
郑州宇辉电子技术有限公司 and 河南宇辉电子技术有限公司 see nothing of each other's. A need for an
employer the database does not list has no employer id: only the bureau sees it.
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
    ForeignKey,
    Integer,
    RowMapping,
    Select,
    String,
    Table,
    Update,
    delete,
    false,
    func,
    insert,
    select,
    update,
)

from recruitment.needs import HiringNeed
from store.db import connected, inserted_id, metadata, reading
from store.errors import NotFoundError, StoreError
from store.workers import employers

hiring_needs = Table(
    "hiring_needs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("employer", String(200), nullable=False),
    Column("employer_key", String(200), nullable=False, index=True),  # for matching postings
    Column("employer_id", Integer, ForeignKey("employers.id"), index=True),
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
        raise StoreError(f"需求 {need.id} 已保存，请用 update_need 修改")
    with connected(bind) as connection:
        result = connection.execute(
            insert(hiring_needs).values(
                **_values(need), employer_id=_employer_id(connection, need.employer)
            )
        )
    return replace(need, id=inserted_id(result))


def get_need(bind: Engine | Connection, need_id: int, *, employer: str | None = None) -> HiringNeed:
    with reading(bind) as connection:
        statement = _scoped(connection, select(hiring_needs), employer).where(
            hiring_needs.c.id == need_id
        )
        row = connection.execute(statement).mappings().first()
    if row is None:
        raise NotFoundError(_missing(need_id, employer))
    return _record(row)


def list_needs(bind: Engine | Connection, *, employer: str | None = None) -> list[HiringNeed]:
    """All needs (or one employer's), oldest first."""
    with reading(bind) as connection:
        rows = connection.execute(
            _scoped(connection, select(hiring_needs), employer).order_by(hiring_needs.c.id)
        ).mappings()
        return [_record(row) for row in rows]


def update_need(
    bind: Engine | Connection, need: HiringNeed, *, employer: str | None = None
) -> HiringNeed:
    """Overwrite the stored need `need.id` with `need`. With `employer=`, only that employer's
    need can be changed, and not moved to another employer."""
    if need.id is None:
        raise StoreError("需求没有编号，请用 add_need 登记")
    if employer is not None and employer != need.employer:
        raise StoreError(f"{employer} 的需求不能改到 {need.employer} 名下")
    with connected(bind) as connection:
        statement = _scoped(connection, update(hiring_needs), employer).where(
            hiring_needs.c.id == need.id
        )
        changed = connection.execute(
            statement.values(**_values(need), employer_id=_employer_id(connection, need.employer))
        ).rowcount
    if changed == 0:
        raise NotFoundError(_missing(need.id, employer))
    return need


def delete_need(bind: Engine | Connection, need_id: int, *, employer: str | None = None) -> None:
    with connected(bind) as connection:
        statement = _scoped(connection, delete(hiring_needs), employer).where(
            hiring_needs.c.id == need_id
        )
        if connection.execute(statement).rowcount == 0:
            raise NotFoundError(_missing(need_id, employer))


def _scoped(connection: Connection, statement: Scoped, employer: str | None) -> Scoped:
    if employer is None:
        return statement
    found = _employer_id(connection, employer)
    if found is None:  # `== None` would mean IS NULL: every need of an unlisted employer
        return statement.where(false())
    return statement.where(hiring_needs.c.employer_id == found)


def _employer_id(connection: Connection, name: str) -> int | None:
    """The id of the employer with exactly this name (None if the database lists none: a scoped
    call then finds nothing)."""
    return connection.execute(select(employers.c.id).where(employers.c.name == name)).scalar()


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
    return f"没有编号为 {need_id} 的用工需求" + (f"（{employer}）" if employer else "")
