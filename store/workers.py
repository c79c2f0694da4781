"""Employers and their returning workers, as `routing.model` objects.

A worker's database id is the row number plans refer to, so a plan made from the database names
workers the way a plan made from a file names roster rows. Registering the same roster twice
changes nothing: workers are matched by ID number. Given `employer=`, a call sees and changes only
that employer's workers; a worker registered by another employer is refused without saying who.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import (
    Column,
    Connection,
    Date,
    DateTime,
    Engine,
    Float,
    Integer,
    RowMapping,
    String,
    Table,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from routing.model import Employer, Place, Worker
from store.db import connected, inserted_id, metadata, reading
from store.errors import NotFoundError, StoreError

employers = Table(
    "employers",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("place_name", String(200), nullable=False),
    Column("lat", Float, nullable=False),
    Column("lon", Float, nullable=False),
)

workers = Table(
    "workers",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("employer", String(200), nullable=False, index=True),
    Column("name", String(100), nullable=False),
    Column("id_number", String(18), nullable=False, unique=True),
    Column("phone", String(20), nullable=False),
    Column("place_name", String(200), nullable=False),
    Column("place_code", String(12), nullable=False, default=""),
    Column("place_level", String(20), nullable=False, default="point"),
    Column("lat", Float, nullable=False),
    Column("lon", Float, nullable=False),
    Column("health", String(20), nullable=False, default=""),
    Column("ready_date", Date),
    Column("registered_by", String(100), nullable=False),
    Column(
        "updated_at",
        DateTime(timezone=True),
        nullable=False,
        server_default=func.now(),
        onupdate=func.now(),
    ),
)

WORKER_FIELDS = (
    "employer",
    "name",
    "phone",
    "place_name",
    "place_code",
    "place_level",
    "lat",
    "lon",
    "health",
    "ready_date",
)


@dataclass(frozen=True)
class Registration:
    """What registering a roster did: ids of new and changed workers, and refused rows with why."""

    added: tuple[int, ...] = ()
    updated: tuple[int, ...] = ()
    unchanged: tuple[int, ...] = ()
    refused: tuple[tuple[int, str], ...] = ()  # (file row, reason)


def save_employers(bind: Engine | Connection, found: Iterable[Employer]) -> int:
    """Add employers not yet known and move known ones to their new place; returns how many."""
    with connected(bind) as connection:
        known = {row.name for row in connection.execute(select(employers.c.name))}
        count = 0
        for employer in found:
            values = {
                "place_name": employer.place.name,
                "lat": employer.place.lat,
                "lon": employer.place.lon,
            }
            if employer.name in known:
                connection.execute(
                    update(employers).where(employers.c.name == employer.name).values(**values)
                )
            else:
                connection.execute(insert(employers).values(name=employer.name, **values))
            count += 1
    return count


def list_employers(bind: Engine | Connection) -> dict[str, Employer]:
    with reading(bind) as connection:
        rows = connection.execute(select(employers).order_by(employers.c.name)).mappings()
        return {
            row["name"]: Employer(row["name"], Place(row["place_name"], row["lat"], row["lon"]))
            for row in rows
        }


def register_workers(
    bind: Engine | Connection, found: Iterable[Worker], *, by: str, employer: str | None = None
) -> Registration:
    """Add or update workers by ID number, all in one transaction. `Worker.row` is the file row
    (for the report); stored workers get database ids. On an engine, a transaction that lost a
    race for the same ID number to another writer is tried again."""
    found = list(found)
    if isinstance(bind, Connection):
        return _register(bind, found, by, employer)
    for attempt in range(RETRIES):
        try:
            with connected(bind) as connection:
                return _register(connection, found, by, employer)
        except IntegrityError:
            if attempt == RETRIES - 1:
                raise
    raise AssertionError("the loop returns or raises")


RETRIES = 3
ELSEWHERE = "这个身份证号不能登记，请联系人社局"  # never says whether, or by whom, it is registered


def check_registration(
    bind: Engine, found: Iterable[Worker], *, employer: str | None = None
) -> Registration:
    """What `register_workers` would do now, without doing it: the same code in a transaction
    that is rolled back, so the report before saving is what saving does."""
    with bind.connect() as connection, connection.begin() as transaction:
        result = _register(connection, list(found), "-", employer)
        transaction.rollback()
    return result


def _register(
    connection: Connection, found: list[Worker], by: str, employer: str | None
) -> Registration:
    added, updated, unchanged, refused = [], [], [], []
    for worker in found:
        if employer is not None and worker.employer != employer:
            refused.append(
                (
                    worker.row,
                    f"用工单位是 {worker.employer}，不是本企业 {employer} "
                    f"names employer {worker.employer}, not {employer}",
                )
            )
            continue
        values = _values(worker)
        existing = (
            connection.execute(select(workers).where(workers.c.id_number == worker.id_number))
            .mappings()
            .first()
        )
        if existing is None:
            result = connection.execute(
                insert(workers).values(**values, id_number=worker.id_number, registered_by=by)
            )
            added.append(inserted_id(result))
        elif employer is not None and existing["employer"] != employer:
            refused.append((worker.row, ELSEWHERE))
        elif all(existing[name] == values[name] for name in WORKER_FIELDS):
            unchanged.append(existing["id"])
        else:
            connection.execute(
                update(workers).where(workers.c.id == existing["id"]).values(**values)
            )
            updated.append(existing["id"])
    return Registration(tuple(added), tuple(updated), tuple(unchanged), tuple(refused))


def list_workers(
    bind: Engine | Connection, *, employer: str | None = None, ids: Iterable[int] | None = None
) -> list[Worker]:
    """Workers (one employer's, or some ids), by id; `Worker.row` is the database id."""
    statement = select(workers).order_by(workers.c.id)
    if employer is not None:
        statement = statement.where(workers.c.employer == employer)
    if ids is not None:
        statement = statement.where(workers.c.id.in_(list(ids)))
    with reading(bind) as connection:
        return [_worker(row) for row in connection.execute(statement).mappings()]


def count_workers(bind: Engine | Connection, *, employer: str | None = None) -> int:
    statement = select(func.count()).select_from(workers)
    if employer is not None:
        statement = statement.where(workers.c.employer == employer)
    with reading(bind) as connection:
        return int(connection.execute(statement).scalar_one())


def delete_worker(
    bind: Engine | Connection, worker_id: int, *, employer: str | None = None
) -> None:
    statement = delete(workers).where(workers.c.id == worker_id)
    if employer is not None:
        statement = statement.where(workers.c.employer == employer)
    with connected(bind) as connection:
        if connection.execute(statement).rowcount == 0:
            raise NotFoundError(
                f"没有编号 {worker_id} 的工人 no worker {worker_id}"
                + (f" of {employer}" if employer else "")
            )


def _values(worker: Worker) -> dict[str, object]:
    if len(worker.id_number) != 18:
        raise StoreError(
            f"第 {worker.row} 行：只保存校验过的 18 位身份证号 row {worker.row}: "
            "only checked 18-character ID numbers are stored"
        )
    place = worker.origin
    return {
        "employer": worker.employer,
        "name": worker.name,
        "phone": worker.phone,
        "place_name": place.name,
        "place_code": place.code,
        "place_level": place.level,
        "lat": place.lat,
        "lon": place.lon,
        "health": worker.health,
        "ready_date": worker.ready_date,
    }


def _worker(row: RowMapping) -> Worker:
    ready = row["ready_date"]
    if isinstance(ready, dt.datetime):
        ready = ready.date()
    return Worker(
        row=row["id"],
        name=row["name"],
        id_number=row["id_number"],
        phone=row["phone"],
        origin=Place(
            row["place_name"],
            row["lat"],
            row["lon"],
            code=row["place_code"],
            level=row["place_level"],
        ),
        employer=row["employer"],
        health=row["health"],
        ready_date=ready,
    )
