"""Accounts and roles. Passwords are kept as bcrypt hashes and must be at least 10 characters, not
on the bundled common-password list and not the user name. User names are normalised (NFKC, case
folded) and limited to ASCII letters, digits and `._-`, so `Admin`, full-width `ａｄｍｉｎ` and a
Cyrillic `аdmin` cannot sit next to `admin`. Sign-in attempts are throttled before the password
is checked (`store.sessions`).

Roles: `admin` (a bureau planner who also manages accounts), `planner` (bureau), `employer` (sees
and changes only its own workers and needs) and `coordinator` (manifests and boarding).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

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
    delete,
    func,
    insert,
    select,
    text,
    update,
)

from store import sessions
from store.db import connected, inserted_id, metadata, reading
from store.errors import StoreError

ROLES = ("admin", "planner", "employer", "coordinator")
MIN_PASSWORD = 10
USERNAME = re.compile(r"[a-z0-9._-]{1,60}")
COMMON_PASSWORDS = frozenset(
    line.strip().casefold()
    for line in (Path(__file__).with_name("common_passwords.txt")).read_text("utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)

accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(60), nullable=False, unique=True),
    Column("password_hash", String(100), nullable=False),
    Column("role", String(20), nullable=False),
    Column("employer", String(200)),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint("role IN ('admin', 'planner', 'employer', 'coordinator')", name="role_known"),
    CheckConstraint("role != 'employer' OR employer IS NOT NULL", name="employer_named"),
)

WRONG_PASSWORD = "用户名或密码错误"
TOO_MANY = "尝试次数过多，请{wait}后再试"


class LoginError(StoreError):
    """Wrong user name or password, or too many attempts; the message never says whether the
    user name exists."""


class TooManyAttempts(LoginError):
    """Refused before the password was looked at (nothing was checked, nothing is logged)."""


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


def normalise_username(typed: str) -> str:
    """The user name as stored: NFKC (full-width to ASCII), case folded, trimmed; StoreError
    unless it is 1 to 60 ASCII letters, digits, `.`, `_` or `-` (no look-alike letters, no
    invisible characters)."""
    name = unicodedata.normalize("NFKC", typed).strip().casefold()
    if not USERNAME.fullmatch(name):
        raise StoreError("用户名须为 1 到 60 个英文字母、数字或 . _ - 字符")
    return name


def check_password(password: str, username: str = "") -> None:
    """StoreError unless the password is long, uncommon and not the user name."""
    if len(password) < MIN_PASSWORD:
        raise StoreError(f"密码至少 {MIN_PASSWORD} 个字符")
    if len(password.encode()) > 72:
        raise StoreError("密码最多 72 个字节（bcrypt 的上限）")
    folded = password.strip().casefold()
    if (
        folded in COMMON_PASSWORDS
        or folded.isdigit()
        or len(set(folded)) < 4
        or (len(username) >= 3 and username.casefold() in folded)
    ):
        raise StoreError("密码太常见或与用户名相同，请换一个更难猜的密码")


def has_accounts(bind: Engine | Connection) -> bool:
    with reading(bind) as connection:
        return connection.execute(select(func.count()).select_from(accounts)).scalar_one() > 0


def create_account(
    bind: Engine | Connection,
    username: str,
    password: str,
    role: str,
    *,
    employer: str | None = None,
    only_if_first: bool = False,
) -> Account:
    """A new account. With `only_if_first`, only when there is no account yet: the check and the
    insert are one transaction, so of simultaneous first visitors exactly one becomes admin."""
    username = normalise_username(username)
    _check_role(role, employer)
    check_password(password, username)
    hashed = _hash(password)  # slow: before the transaction, which holds the write lock
    with connected(bind) as connection:
        _lock_accounts(connection)
        if only_if_first and connection.execute(select(accounts.c.id).limit(1)).first():
            raise StoreError("管理员已存在，请登录")
        if connection.execute(select(accounts.c.id).where(accounts.c.username == username)).first():
            raise StoreError(f"用户名 {username} 已被使用")
        result = connection.execute(
            insert(accounts).values(
                username=username,
                password_hash=hashed,
                role=role,
                employer=employer if role == "employer" else None,
                active=True,
            )
        )
    return Account(inserted_id(result), username, role, employer if role == "employer" else None)


def _check_role(role: str, employer: str | None) -> None:
    if role not in ROLES:
        raise StoreError(f"角色须为 {'、'.join(ROLES)} 之一")
    if role == "employer" and not employer:
        raise StoreError("企业账户须指定所属企业")


def _lock_accounts(connection: Connection) -> None:
    """SQLite's writing transactions already run one at a time (BEGIN IMMEDIATE); PostgreSQL's
    need the table lock for "no account yet" to still hold at the insert."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("LOCK TABLE accounts IN SHARE ROW EXCLUSIVE MODE"))


def authenticate(
    bind: Engine | Connection,
    username: str,
    password: str,
    *,
    address: str = "local",
    now: dt.datetime | None = None,
) -> Account:
    """The account, or LoginError. The attempt is counted (`sessions.claim_attempt`) before the
    password is checked; the check itself runs outside any transaction (bcrypt takes a quarter of
    a second), so sign-ins do not queue behind each other on SQLite's write lock."""
    typed = unicodedata.normalize("NFKC", username).strip().casefold()[:60]
    try:
        sessions.claim_attempt(bind, typed, address, now=now)
    except sessions.Throttled as throttled:
        raise TooManyAttempts(TOO_MANY.format(wait=_wait_text(throttled.wait))) from None
    with reading(bind) as connection:
        row = (
            connection.execute(select(accounts).where(func.lower(accounts.c.username) == typed))
            .mappings()
            .first()
        )
    if row is None or not row["active"]:
        bcrypt.checkpw(b"timing", _DUMMY_HASH)  # as slow as a real check: no user probing
        raise LoginError(WRONG_PASSWORD)
    if not bcrypt.checkpw(password.encode(), row["password_hash"].encode()):
        raise LoginError(WRONG_PASSWORD)
    sessions.succeeded(bind, typed, address)
    return _account(row)


def _wait_text(wait: dt.timedelta) -> str:
    seconds = max(1, round(wait.total_seconds()))
    return f" {seconds} 秒" if seconds < 120 else f" {round(seconds / 60)} 分钟"


def known_username(bind: Engine | Connection, typed: str) -> str | None:
    """The stored user name `typed` signs in as, or None (for the audit log: it names accounts
    that exist and never repeats what a stranger typed)."""
    typed = unicodedata.normalize("NFKC", typed).strip().casefold()[:60]
    with reading(bind) as connection:
        return connection.execute(
            select(accounts.c.username).where(func.lower(accounts.c.username) == typed)
        ).scalar()


def get_account(bind: Engine | Connection, account_id: int) -> Account | None:
    """The account as it is now (None once deleted): pages re-read it on every run."""
    with reading(bind) as connection:
        row = (
            connection.execute(select(accounts).where(accounts.c.id == account_id))
            .mappings()
            .first()
        )
    return None if row is None else _account(row)


def list_accounts(bind: Engine | Connection) -> list[Account]:
    with reading(bind) as connection:
        rows = connection.execute(select(accounts).order_by(accounts.c.username)).mappings()
        return [_account(row) for row in rows]


def set_password(bind: Engine | Connection, username: str, password: str) -> None:
    """A new password; every open session of the account ends."""
    check_password(password, username)
    _change(bind, username, password_hash=_hash(password))


def set_active(bind: Engine | Connection, username: str, active: bool) -> None:
    """(De)activate; deactivating ends every open session of the account at once."""
    _change(bind, username, active=active)


def set_role(
    bind: Engine | Connection, username: str, role: str, *, employer: str | None = None
) -> None:
    """Another role or employer; the account's open sessions end, so it signs in afresh."""
    _check_role(role, employer)
    _change(bind, username, role=role, employer=employer if role == "employer" else None)


def delete_account(bind: Engine | Connection, username: str) -> None:
    with connected(bind) as connection:
        found = _id_of(connection, username)
        sessions.revoke_account(connection, found)
        connection.execute(delete(accounts).where(accounts.c.id == found))


def _change(bind: Engine | Connection, username: str, **values: object) -> None:
    with connected(bind) as connection:
        found = _id_of(connection, username)
        connection.execute(update(accounts).where(accounts.c.id == found).values(**values))
        sessions.revoke_account(connection, found)


def _id_of(connection: Connection, username: str) -> int:
    found = connection.execute(
        select(accounts.c.id).where(accounts.c.username == username)
    ).scalar()
    if found is None:
        raise StoreError(f"没有账户 {username}")
    return found


def _hash(password: str) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt()).decode()


_DUMMY_HASH = bcrypt.hashpw(b"dummy", bcrypt.gensalt())


def _account(row: RowMapping) -> Account:
    return Account(row["id"], row["username"], row["role"], row["employer"], row["active"])
