"""Plans made in the app: drafts, and the published plan the coaches run on.

A plan is stored as its `plan.json` document (rows are worker ids). Publishing freezes it: late
registrations are planned into new trips of a follow-up plan that keeps every published trip.
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
    RowMapping,
    String,
    Table,
    insert,
    select,
    update,
)

from routing.planfile import boarding_rows, trip_document
from store.db import connected, inserted_id, metadata, reading
from store.errors import NotFoundError, StoreError

plans = Table(
    "plans",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("status", String(12), nullable=False, default="draft"),
    Column("document", JSON, nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("published_by", String(100)),
    Column("published_at", DateTime(timezone=True)),
)


@dataclass(frozen=True)
class StoredPlan:
    id: int
    status: str  # draft, published or superseded
    document: dict[str, Any]
    created_by: str
    created_at: dt.datetime

    def trip(self, code: str) -> dict[str, Any] | None:
        """The trip of that code in the document, or None."""
        return trip_document(self.document, code)

    @property
    def boarded(self) -> set[int]:
        return boarding_rows(self.document)


def save_plan(bind: Engine | Connection, document: dict[str, Any], *, by: str) -> StoredPlan:
    now = dt.datetime.now(dt.UTC)
    with connected(bind) as connection:
        result = connection.execute(
            insert(plans).values(status="draft", document=document, created_by=by, created_at=now)
        )
    return StoredPlan(inserted_id(result), "draft", document, by, now)


def get_plan(bind: Engine | Connection, plan_id: int) -> StoredPlan:
    with reading(bind) as connection:
        row = connection.execute(select(plans).where(plans.c.id == plan_id)).mappings().first()
    if row is None:
        raise NotFoundError(f"没有计划 #{plan_id} no plan {plan_id}")
    return _stored(row)


def latest_plan(bind: Engine | Connection, *, status: str | None = None) -> StoredPlan | None:
    statement = select(plans).order_by(plans.c.id.desc()).limit(1)
    if status is not None:
        statement = statement.where(plans.c.status == status)
    with reading(bind) as connection:
        row = connection.execute(statement).mappings().first()
    return None if row is None else _stored(row)


def published_plan(bind: Engine | Connection) -> StoredPlan | None:
    """The plan the coaches run on: what coordinators and employers see. Drafts never are."""
    return latest_plan(bind, status="published")


def plans_holding(bind: Engine | Connection, trip: dict[str, Any]) -> list[StoredPlan]:
    """Every plan ever published (superseded ones included, drafts never) whose trip of the same
    code is exactly `trip` (a trip of a plan.json document): one coach across follow-up plans."""
    statement = (
        select(plans).where(plans.c.status.in_(("published", "superseded"))).order_by(plans.c.id)
    )
    with reading(bind) as connection:
        found = [_stored(row) for row in connection.execute(statement).mappings()]
    return [stored for stored in found if stored.trip(trip["id"]) == trip]


def publish_plan(bind: Engine | Connection, plan_id: int, *, by: str) -> StoredPlan:
    """Publish a draft; the plan published before it is superseded (it is part of the new one
    when the new one was made as a follow-up, see `routing`'s re-planning)."""
    with connected(bind) as connection:
        row = connection.execute(select(plans).where(plans.c.id == plan_id)).mappings().first()
        if row is None:
            raise NotFoundError(f"没有计划 #{plan_id} no plan {plan_id}")
        if row["status"] != "draft":
            raise StoreError(
                f"计划 #{plan_id} 不是草稿，只有草稿可以发布 "
                f"plan {plan_id} is {row['status']}, only a draft can be published"
            )
        connection.execute(
            update(plans).where(plans.c.status == "published").values(status="superseded")
        )
        connection.execute(
            update(plans)
            .where(plans.c.id == plan_id)
            .values(status="published", published_by=by, published_at=dt.datetime.now(dt.UTC))
        )
    return get_plan(bind, plan_id)


def _stored(row: RowMapping) -> StoredPlan:
    return StoredPlan(
        row["id"], row["status"], row["document"], row["created_by"], row["created_at"]
    )
