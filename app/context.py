"""What every page shares: the database, the signed-in account, the audit trail, the sample data.

Nothing here decides business rules; it connects widgets to `store`, `routing` and `recruitment`.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from pathlib import Path

import streamlit as st
from sqlalchemy import Engine

from routing.geography import Gazetteer
from routing.inputs import read_employers, read_roster
from store import accounts, audit, create_schema, make_engine, workers
from store.accounts import Account

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_ROSTER = ROOT / "data" / "rosters" / "roster.csv"
SAMPLE_EMPLOYERS = ROOT / "data" / "rosters" / "employers.csv"
SESSION_IDLE = dt.timedelta(minutes=60)


def database_url() -> str | None:
    """`FANGGANG_DB_URL`, else `db_url` in `.streamlit/secrets.toml`, else the SQLite default."""
    if os.environ.get("FANGGANG_DB_URL"):
        return os.environ["FANGGANG_DB_URL"]
    try:
        return st.secrets.get("db_url")
    except (FileNotFoundError, KeyError, st.errors.StreamlitSecretNotFoundError):
        return None


def engine() -> Engine:
    """One engine per server and database; the schema and the sample data are made on first use."""
    return _engine(database_url())


@st.cache_resource(show_spinner="正在准备数据库 Preparing the database…")
def _engine(url: str | None) -> Engine:
    created = make_engine(url)
    create_schema(created)
    if not workers.list_employers(created) and os.environ.get("FANGGANG_SAMPLE") != "0":
        _load_sample(created)  # the first start loads the sample; FANGGANG_SAMPLE=0 starts empty
    _admin_from_environment(created)
    return created


def _load_sample(bind: Engine) -> None:
    gazetteer = Gazetteer.default()
    with SAMPLE_EMPLOYERS.open("rb") as f:
        found, _ = read_employers(f, gazetteer, source="sample employers")
    roster = read_roster(io.BytesIO(SAMPLE_ROSTER.read_bytes()), found, gazetteer, depart=None,
                         source="sample roster")
    with bind.begin() as connection:
        workers.save_employers(connection, found.values())
        workers.register_workers(connection, roster.workers, by="sample")


def _admin_from_environment(bind: Engine) -> None:
    """Unattended deployments name the first admin in FANGGANG_ADMIN_USER / _PASSWORD."""
    user, password = os.environ.get("FANGGANG_ADMIN_USER"), os.environ.get("FANGGANG_ADMIN_PASSWORD")
    if user and password and not accounts.has_accounts(bind):
        accounts.create_account(bind, user, password, "admin")


def account() -> Account | None:
    """The signed-in account, or None when nobody is or the session has been idle too long."""
    current: Account | None = st.session_state.get("account")
    seen: dt.datetime | None = st.session_state.get("last_seen")
    now = dt.datetime.now(dt.UTC)
    if current is not None and seen is not None and now - seen > SESSION_IDLE:
        sign_out(reason="会话已过期，请重新登录 Session expired, please sign in again")
        return None
    if current is not None:
        st.session_state["last_seen"] = now
    return current


def sign_in(found: Account) -> None:
    st.session_state["account"] = found
    st.session_state["last_seen"] = dt.datetime.now(dt.UTC)
    log("login")


def sign_out(reason: str = "") -> None:
    current = st.session_state.pop("account", None)
    st.session_state.pop("last_seen", None)
    if current is not None:
        audit.record(engine(), current.username, "logout", reason=reason or "signed out")
    if reason:
        st.session_state["notice"] = reason


def log(action: str, subject: str = "", **detail: object) -> None:
    """An audit entry for the signed-in account; never pass personal data here."""
    current = st.session_state.get("account")
    audit.record(engine(), current.username if current else "-", action, subject, **detail)


def employer_scope(current: Account) -> str | None:
    """The employer an account is limited to, or None for the bureau."""
    return current.employer if current.role == "employer" else None


def require(*roles: str) -> Account:
    """Stop the page unless the signed-in account has one of `roles` (the navigation hides pages
    too; this holds when a page is reached some other way)."""
    current = account()
    if current is None or current.role not in roles:
        st.error("无权访问此页面 You may not open this page")
        st.stop()
    return current


MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def literal(text: str) -> str:
    """`text` for st.error and friends, which render markdown: a file name or cell from an upload
    shows as the characters it is, never as a link, an image or formatting."""
    return MARKDOWN_PUNCTUATION.sub(r"\\\1", text)
