"""Which trips a coordinator runs: the admin or a planner assigns trip codes (T005) to a
coordinator's account; a coordinator sees, prints and marks only those trips.

A trip code names the same coach across follow-up plans (published trips keep their codes), so an
assignment outlives re-planning of other trips.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Engine,
    PrimaryKeyConstraint,
    String,
    Table,
    delete,
    insert,
    select,
)

from store.db import connected, metadata, reading

trip_assignments = Table(
    "trip_assignments",
    metadata,
    Column("account", String(60), nullable=False),
    Column("trip", String(40), nullable=False),
    Column("assigned_by", String(60), nullable=False),
    Column("assigned_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("account", "trip"),
)


def set_trips(bind: Engine | Connection, account: str, trips: Iterable[str], *, by: str) -> None:
    """The trips `account` runs from now on (replacing its earlier assignment)."""
    now = dt.datetime.now(dt.UTC)
    chosen = sorted(set(trips))
    with connected(bind) as connection:
        connection.execute(delete(trip_assignments).where(trip_assignments.c.account == account))
        if chosen:
            connection.execute(
                insert(trip_assignments),
                [
                    {"account": account, "trip": trip, "assigned_by": by, "assigned_at": now}
                    for trip in chosen
                ],
            )


def trips_of(bind: Engine | Connection, account: str) -> set[str]:
    statement = select(trip_assignments.c.trip).where(trip_assignments.c.account == account)
    with reading(bind) as connection:
        return set(connection.execute(statement).scalars())


def all_assignments(bind: Engine | Connection) -> dict[str, set[str]]:
    """Every coordinator's trips, by account."""
    found: dict[str, set[str]] = {}
    with reading(bind) as connection:
        for account, trip in connection.execute(
            select(trip_assignments.c.account, trip_assignments.c.trip)
        ):
            found.setdefault(account, set()).add(trip)
    return found
