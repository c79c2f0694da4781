"""Boarding check-in: who boarded which bus, who did not come, who was replaced, and who said so.

Marks are kept, never overwritten: marking a passenger again (a correction) adds a record, and a
trip's status is the latest mark of each passenger. A passenger is a roster row on a trip of a plan;
plans are named by `documents.manifest.plan_id` (the digest in the QR code on the manifest). A trip
that a follow-up plan keeps unchanged is the same coach: its status is read over every plan that
holds it (`plan` may be several ids), so re-planning other trips loses no mark.

Every function takes an Engine (one transaction per call) or a Connection (the caller's).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal, get_args

from sqlalchemy import (
    CheckConstraint,
    Column,
    Connection,
    DateTime,
    Engine,
    Index,
    Integer,
    RowMapping,
    String,
    Table,
    func,
    insert,
    select,
)

from store.db import connected, inserted_id, metadata, reading
from store.errors import StoreError

Status = Literal["boarded", "no_show", "replaced"]
STATUSES: tuple[str, ...] = get_args(Status)

boarding_checkins = Table(
    "boarding_checkins",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("plan", String(64), nullable=False),
    Column("trip", String(40), nullable=False),
    Column("roster_row", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("note", String(500), nullable=False, default=""),
    Column("marked_by", String(100), nullable=False),
    Column("marked_at", DateTime(timezone=True), nullable=False),
    CheckConstraint("status IN ('boarded', 'no_show', 'replaced')", name="status_known"),
    CheckConstraint("roster_row >= 1", name="roster_row_positive"),
    Index("ix_boarding_checkins_plan_trip", "plan", "trip", "roster_row"),
)


@dataclass(frozen=True)
class CheckIn:
    """One mark. `row` is the passenger's roster row; a replaced passenger's `note` says who
    travelled instead. `marked_at` is an aware time (UTC when read back)."""

    plan: str
    trip: str
    row: int
    status: Status
    marked_by: str
    marked_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    note: str = ""
    id: int | None = None

    def __post_init__(self) -> None:
        if not self.plan or not self.trip:
            raise StoreError("登记须写明计划和车次 a check-in names its plan and trip")
        if self.row < 1:
            raise StoreError(f"名单行号从 1 开始，而不是 {self.row} roster rows start at 1")
        if self.status not in STATUSES:
            raise StoreError(
                f"状态无效 {self.status!r}: status must be one of {', '.join(STATUSES)}"
            )
        if not self.marked_by.strip():
            raise StoreError("登记须写明登记人 a check-in says who marked it")
        if self.marked_at.tzinfo is None:
            raise StoreError("登记时间须带时区 the time of a check-in must carry its time zone")
        if self.status == "replaced" and not self.note.strip():
            raise StoreError(
                "替换的乘客须在备注中写明顶替人 a replaced passenger's note says "
                "who travelled instead"
            )


@dataclass(frozen=True)
class TripStatus:
    """The latest mark of each passenger of a trip, and the expected rows no one has marked yet."""

    marks: dict[int, CheckIn]
    unmarked: tuple[int, ...]

    @property
    def counts(self) -> dict[str, int]:
        tally: Counter[str] = Counter(mark.status for mark in self.marks.values())
        return {**{status: tally[status] for status in STATUSES}, "unmarked": len(self.unmarked)}


def mark(bind: Engine | Connection, checkin: CheckIn) -> CheckIn:
    """Record a mark; returns it with its `id`."""
    if checkin.id is not None:
        raise StoreError(f"登记 {checkin.id} 已保存 check-in {checkin.id} is already stored")
    stored = replace(checkin, marked_at=checkin.marked_at.astimezone(dt.UTC))
    values = {
        name: getattr(stored, name)
        for name in ("plan", "trip", "status", "note", "marked_by", "marked_at")
    }
    with connected(bind) as connection:
        result = connection.execute(
            insert(boarding_checkins).values(**values, roster_row=stored.row)
        )
    return replace(stored, id=inserted_id(result))


def history(bind: Engine | Connection, plan: str, trip: str) -> list[CheckIn]:
    """Every mark of a trip, oldest first."""
    table = boarding_checkins
    statement = select(table).where(table.c.plan == plan, table.c.trip == trip).order_by(table.c.id)
    with reading(bind) as connection:
        return [_record(row) for row in connection.execute(statement).mappings()]


def trip_status(
    bind: Engine | Connection, plan: str | Iterable[str], trip: str, expected: Iterable[int] = ()
) -> TripStatus:
    """Each marked passenger's latest mark; `expected` (the trip's rows) gives the unmarked ones.
    `plan` is one plan id or the ids of every plan holding this same trip."""
    table = boarding_checkins
    names = [plan] if isinstance(plan, str) else list(plan)
    latest = (
        select(func.max(table.c.id))
        .where(table.c.plan.in_(names), table.c.trip == trip)
        .group_by(table.c.roster_row)
    )
    statement = select(table).where(table.c.id.in_(latest)).order_by(table.c.roster_row)
    with reading(bind) as connection:
        marks = {
            row["roster_row"]: _record(row) for row in connection.execute(statement).mappings()
        }
    unmarked = tuple(sorted(set(expected) - set(marks)))
    return TripStatus(marks, unmarked)


def _record(row: RowMapping) -> CheckIn:
    marked_at = row["marked_at"]
    if marked_at.tzinfo is None:  # SQLite keeps no zone: the values were written in UTC
        marked_at = marked_at.replace(tzinfo=dt.UTC)
    return CheckIn(
        plan=row["plan"],
        trip=row["trip"],
        row=row["roster_row"],
        status=row["status"],
        marked_by=row["marked_by"],
        marked_at=marked_at,
        note=row["note"],
        id=row["id"],
    )
