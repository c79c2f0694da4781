"""The project's database: SQLAlchemy Core tables on one shared `metadata`; the only package that
talks SQL. Importing `store` registers every table module, so `create_schema` creates them all."""

from store import accounts, assignments, audit, checkins, needs, plans, sessions, uploads, workers
from store.db import (
    DEFAULT_URL,
    create_schema,
    database_url,
    make_engine,
    metadata,
    transaction,
)
from store.errors import NotFoundError, StoreError

__all__ = [
    "DEFAULT_URL",
    "NotFoundError",
    "StoreError",
    "accounts",
    "assignments",
    "audit",
    "checkins",
    "create_schema",
    "database_url",
    "make_engine",
    "metadata",
    "needs",
    "plans",
    "sessions",
    "transaction",
    "uploads",
    "workers",
]
