"""Accounts and roles. Passwords are kept as bcrypt hashes; five wrong passwords in a row lock an
account for a quarter of an hour, which makes guessing slow without locking anyone out for good.

Roles: `admin` (a bureau planner who also manages accounts), `planner` (bureau), `employer` (sees
and changes only its own workers and needs) and `coordinator` (manifests and boarding).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import bcrypt
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Connection,
    DateTime,
    Engine,
    Integer,
    RowMapping,
    String,
    Table,
    func,
    insert,
    select,
    update,
)

from store.db import connected, metadata, reading
from store.errors import StoreError

ROLES = ("admin", "planner", "employer", "coordinator")
MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=15)
MIN_PASSWORD = 8

accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(60), nullable=False, unique=True),
    Column("password_hash", String(100), nullable=False),
    Column("role", String(20), nullable=False),
    Column("employer", String(200)),
    Column("active", Boolean, nullable=False, default=True),
    Column("failed_logins", Integer, nullable=False, default=0),
    Column("locked_until", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint("role IN ('admin', 'planner', 'employer', 'coordinator')", name="role_known"),
    CheckConstraint("role != 'employer' OR employer IS NOT NULL", name="employer_named"),
)


class LoginError(StoreError):
    """Wrong user name or password, or a locked account; the message never says which of the
    first two it was."""


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    role: str
    employer: str | None = None
    active: bool = True

    @property
    def is_bureau(self) -> bool:
        return self.role in ("admin", "planner")


def has_accounts(bind: Engine | Connection) -> bool:
    with reading(bind) as connection:
        return connection.execute(select(func.count()).select_from(accounts)).scalar_one() > 0


def create_account(bind: Engine | Connection, username: str, password: str, role: str, *,
                   employer: str | None = None) -> Account:
    username = username.strip()
    if not username or len(username) > 60:
        raise StoreError("a user name has 1 to 60 characters")
    if role not in ROLES:
        raise StoreError(f"role must be one of {', '.join(ROLES)}")
    if role == "employer" and not employer:
        raise StoreError("an employer account names its employer")
    _check_password(password)
    with connected(bind) as connection:
        if connection.execute(select(accounts.c.id).where(accounts.c.username == username)).first():
            raise StoreError(f"the user name {username} is taken")
        result = connection.execute(insert(accounts).values(
            username=username, password_hash=_hash(password), role=role,
            employer=employer if role == "employer" else None, active=True, failed_logins=0))
    return Account(int(result.inserted_primary_key[0]), username, role,
                   employer if role == "employer" else None)


def authenticate(bind: Engine | Connection, username: str, password: str, *,
                 now: dt.datetime | None = None) -> Account:
    """The account, or LoginError. The password is checked outside any transaction (bcrypt takes
    a quarter of a second), so sign-ins do not queue behind each other on SQLite's write lock."""
    now = now or dt.datetime.now(dt.UTC)
    with reading(bind) as connection:
        row = connection.execute(
            select(accounts).where(accounts.c.username == username.strip())).mappings().first()
    if row is None or not row["active"]:
        bcrypt.checkpw(b"timing", _DUMMY_HASH)  # as slow as a real check: no user probing
        raise LoginError(WRONG_PASSWORD)
    locked_until = _aware(row["locked_until"])
    if locked_until and locked_until > now:
        raise LoginError(f"too many wrong passwords: try again after {locked_until:%H:%M} UTC")
    if not bcrypt.checkpw(password.encode(), row["password_hash"].encode()):
        _count_failure(bind, row["id"], now)
        raise LoginError(WRONG_PASSWORD)
    if row["failed_logins"] or row["locked_until"]:
        with connected(bind) as connection:
            connection.execute(update(accounts).where(accounts.c.id == row["id"]).values(
                failed_logins=0, locked_until=None))
    return _account(row)


WRONG_PASSWORD = "wrong user name or password"


def _count_failure(bind: Engine | Connection, account_id: int, now: dt.datetime) -> None:
    """One more wrong password; the MAX_FAILURES-th locks the account for LOCKOUT. The count is
    raised in the database, so two wrong passwords at the same moment both count."""
    with connected(bind) as connection:
        failures = connection.execute(
            update(accounts).where(accounts.c.id == account_id)
            .values(failed_logins=accounts.c.failed_logins + 1)
            .returning(accounts.c.failed_logins)).scalar_one()
        if failures >= MAX_FAILURES:
            connection.execute(update(accounts).where(accounts.c.id == account_id).values(
                failed_logins=0, locked_until=now + LOCKOUT))


def list_accounts(bind: Engine | Connection) -> list[Account]:
    with reading(bind) as connection:
        rows = connection.execute(select(accounts).order_by(accounts.c.username)).mappings()
        return [_account(row) for row in rows]


def set_password(bind: Engine | Connection, username: str, password: str) -> None:
    _check_password(password)
    with connected(bind) as connection:
        changed = connection.execute(update(accounts).where(accounts.c.username == username)
                                     .values(password_hash=_hash(password), failed_logins=0,
                                             locked_until=None)).rowcount
    if not changed:
        raise StoreError(f"no account {username}")


def set_active(bind: Engine | Connection, username: str, active: bool) -> None:
    with connected(bind) as connection:
        changed = connection.execute(update(accounts).where(accounts.c.username == username)
                                     .values(active=active)).rowcount
    if not changed:
        raise StoreError(f"no account {username}")


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise StoreError(f"a password has at least {MIN_PASSWORD} characters")
    if len(password.encode()) > 72:
        raise StoreError("a password has at most 72 bytes (bcrypt's limit)")


def _hash(password: str) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt()).decode()


_DUMMY_HASH = bcrypt.hashpw(b"dummy", bcrypt.gensalt())


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:  # SQLite keeps no zone; we write UTC
        return value.replace(tzinfo=dt.UTC)
    return value


def _account(row: RowMapping) -> Account:
    return Account(row["id"], row["username"], row["role"], row["employer"], row["active"])
