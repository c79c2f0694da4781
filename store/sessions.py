"""Server-side sign-in sessions and the sign-in throttle.

A session is a random token held by the browser (a cookie the app writes; see docs/security.md);
the database keeps only its SHA-256, so a copy of the database or a backup signs nobody in. A
session ends when its account is deactivated, deleted, or given another role or employer
(`revoke_account`), when it is signed out, after `IDLE` without use and after `LIFETIME` at most.

The throttle counts a sign-in attempt *before* the password is checked, in one transaction, per
(user name, address) and per address: the first `FREE_TRIES` attempts are free, every further one
waits twice as long as the last (from `FIRST_DELAY` up to `MAX_DELAY`). A right password clears the
pair's count. Unknown and real user names are counted alike, so the answer never says which exists,
and a stranger elsewhere cannot slow the admin's own sign-in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    String,
    Table,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from store.db import connected, metadata, reading

IDLE = dt.timedelta(minutes=60)
LIFETIME = dt.timedelta(hours=12)
TOUCH_EVERY = dt.timedelta(minutes=1)  # how often a page run writes `last_seen`

sessions = Table(
    "sessions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column(
        "account_id",
        Integer,
        ForeignKey("accounts.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_seen", DateTime(timezone=True), nullable=False),
)

sign_in_throttle = Table(
    "sign_in_throttle",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("attempts", Integer, nullable=False),
    Column("blocked_until", DateTime(timezone=True)),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)


@dataclass(frozen=True)
class Session:
    account_id: int
    token_hash: str
    last_seen: dt.datetime


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(
    bind: Engine | Connection, account_id: int, *, now: dt.datetime | None = None
) -> str:
    """A new session for the account; returns the token (shown to nobody but the browser)."""
    now = now or dt.datetime.now(dt.UTC)
    token = secrets.token_urlsafe(32)
    with connected(bind) as connection:
        connection.execute(delete(sessions).where(sessions.c.last_seen < now - IDLE))
        connection.execute(
            insert(sessions).values(
                token_hash=_digest(token), account_id=account_id, created_at=now, last_seen=now
            )
        )
    return token


def find_session(
    bind: Engine | Connection, token: str, *, now: dt.datetime | None = None
) -> Session | None:
    """The live session of `token`, its use recorded; None if it is unknown, revoked or expired."""
    now = now or dt.datetime.now(dt.UTC)
    with reading(bind) as connection:
        row = (
            connection.execute(select(sessions).where(sessions.c.token_hash == _digest(token)))
            .mappings()
            .first()
        )
    if row is None:
        return None
    last_seen, created = _utc(row["last_seen"]), _utc(row["created_at"])
    if now - last_seen > IDLE or now - created > LIFETIME:
        close_session(bind, token)
        return None
    if now - last_seen > TOUCH_EVERY:
        with connected(bind) as connection:
            connection.execute(
                update(sessions).where(sessions.c.id == row["id"]).values(last_seen=now)
            )
        last_seen = now
    return Session(row["account_id"], row["token_hash"], last_seen)


def close_session(bind: Engine | Connection, token: str) -> None:
    with connected(bind) as connection:
        connection.execute(delete(sessions).where(sessions.c.token_hash == _digest(token)))


def revoke_account(bind: Engine | Connection, account_id: int) -> int:
    """End every session of the account; returns how many there were."""
    with connected(bind) as connection:
        return connection.execute(
            delete(sessions).where(sessions.c.account_id == account_id)
        ).rowcount


FREE_TRIES = 5  # per user name and address
FREE_TRIES_PER_ADDRESS = 20  # across all user names: one address cannot spray many names
FIRST_DELAY = dt.timedelta(seconds=30)
MAX_DELAY = dt.timedelta(minutes=15)
FORGET_AFTER = dt.timedelta(days=1)
CLAIM_RETRIES = 5  # simultaneous first attempts at one key (PostgreSQL unique-key races)


class Throttled(Exception):
    """Too many attempts; `wait` is how long until the next one is allowed."""

    def __init__(self, wait: dt.timedelta) -> None:
        super().__init__(wait)
        self.wait = wait


def delay(attempts: int, free: int) -> dt.timedelta:
    """How long the `attempts`-th attempt makes the next one wait."""
    if attempts < free:
        return dt.timedelta(0)
    return min(FIRST_DELAY * 2 ** (attempts - free), MAX_DELAY)


def claim_attempt(
    bind: Engine | Connection, username: str, address: str, *, now: dt.datetime | None = None
) -> None:
    """Count one sign-in attempt before its password is checked, or raise Throttled (counting
    nothing). Both counts are raised in one transaction, so simultaneous attempts all count."""
    now = now or dt.datetime.now(dt.UTC)
    limits = {_pair(username, address): FREE_TRIES, _address(address): FREE_TRIES_PER_ADDRESS}
    for _ in range(CLAIM_RETRIES):
        try:
            with connected(bind) as connection:
                connection.execute(
                    delete(sign_in_throttle).where(
                        sign_in_throttle.c.updated_at < now - FORGET_AFTER
                    )
                )
                for key, free in limits.items():
                    _claim(connection, key, free, now)
            return
        except IntegrityError:  # PostgreSQL: a simultaneous first attempt inserted the same key
            continue  # nothing was counted: claim again, now against that row
    raise Throttled(FIRST_DELAY)


def _claim(connection: Connection, key: str, free: int, now: dt.datetime) -> None:
    # FOR UPDATE: on PostgreSQL simultaneous claims of one key wait for each other instead of
    # refusing the later ones (SQLite's transactions already hold the write lock from the start).
    row = (
        connection.execute(
            select(sign_in_throttle).where(sign_in_throttle.c.key == key).with_for_update()
        )
        .mappings()
        .first()
    )
    if row is None:
        connection.execute(
            insert(sign_in_throttle).values(
                key=key, attempts=1, blocked_until=now + delay(1, free), updated_at=now
            )
        )
        return
    blocked_until = _aware(row["blocked_until"])
    if blocked_until is not None and blocked_until > now:
        raise Throttled(blocked_until - now)
    # Raised in the database, and only while not blocked: a concurrent claim that got in first
    # makes this one update nothing, and it is refused.
    attempts = connection.execute(
        update(sign_in_throttle)
        .where(sign_in_throttle.c.key == key, sign_in_throttle.c.attempts == row["attempts"])
        .values(attempts=sign_in_throttle.c.attempts + 1, updated_at=now)
        .returning(sign_in_throttle.c.attempts)
    ).scalar()
    if attempts is None:
        raise Throttled(FIRST_DELAY)
    connection.execute(
        update(sign_in_throttle)
        .where(sign_in_throttle.c.key == key)
        .values(blocked_until=now + delay(attempts, free))
    )


def succeeded(bind: Engine | Connection, username: str, address: str) -> None:
    """A right password: the pair starts afresh and the address gets its attempt back."""
    with connected(bind) as connection:
        connection.execute(
            delete(sign_in_throttle).where(sign_in_throttle.c.key == _pair(username, address))
        )
        connection.execute(
            update(sign_in_throttle)
            .where(sign_in_throttle.c.key == _address(address), sign_in_throttle.c.attempts > 0)
            .values(attempts=sign_in_throttle.c.attempts - 1)
        )


def _pair(username: str, address: str) -> str:
    # A digest keeps whatever was typed as a user name (a password, perhaps) out of the table.
    return "pair:" + _digest(f"{username}\n{address}")


def _address(address: str) -> str:
    return "address:" + _digest(address)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    return None if value is None else _utc(value)


def _utc(value: dt.datetime) -> dt.datetime:
    """SQLite keeps no zone; we write UTC."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value
