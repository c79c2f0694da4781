"""What every page shares: the database, the signed-in account, the audit trail, the sample data.

Nothing here decides business rules; it connects widgets to `store`, `routing` and `recruitment`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import streamlit as st
from sqlalchemy import Engine

from app import upload_guard
from intake import InputError
from places import Gazetteer
from routing.inputs import read_employers, read_roster
from store import accounts, audit, create_schema, database_url, make_engine, sessions, workers
from store.accounts import Account

T = TypeVar("T")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_ROSTER = ROOT / "data" / "rosters" / "roster.csv"
SAMPLE_EMPLOYERS = ROOT / "data" / "rosters" / "employers.csv"
SESSION_IDLE = sessions.IDLE


def _secret_url() -> str | None:
    """`db_url` in `.streamlit/secrets.toml`; `store.database_url` says which URL wins."""
    try:
        return st.secrets.get("db_url")
    except (FileNotFoundError, KeyError, st.errors.StreamlitSecretNotFoundError):
        return None


def engine() -> Engine:
    """One engine per server and database; the schema and the sample data are made on first use."""
    return _engine(database_url(_secret_url()))


@st.cache_resource(show_spinner="正在准备数据库 Preparing the database…")
def _engine(url: str) -> Engine:
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
    roster = read_roster(
        io.BytesIO(SAMPLE_ROSTER.read_bytes()),
        found,
        gazetteer,
        depart=None,
        source="sample roster",
    )
    with bind.begin() as connection:
        workers.save_employers(connection, found.values())
        workers.register_workers(connection, roster.workers, by="sample")


def _admin_from_environment(bind: Engine) -> None:
    """Unattended deployments name the first admin in FANGGANG_ADMIN_USER / _PASSWORD."""
    user, password = (
        os.environ.get("FANGGANG_ADMIN_USER"),
        os.environ.get("FANGGANG_ADMIN_PASSWORD"),
    )
    if user and password and not accounts.has_accounts(bind):
        accounts.create_account(bind, user, password, "admin", only_if_first=True)


SESSION_COOKIE = "fanggang_session"
SIGNED_OFF = "您的登录已失效（账户已停用、删除或权限有变），请重新登录"


def account() -> Account | None:
    """The signed-in account, re-read from the database on every page run: a deactivated,
    deleted or changed account, a revoked session and an idle one all end here at once. A new
    browser session (a page reload) resumes from the session cookie."""
    _write_cookie()
    current: Account | None = st.session_state.get("account") or _resume()
    if current is not None:
        current = _still_valid(current)
    upload_guard.mark(current is not None)
    return current


def _still_valid(current: Account) -> Account | None:
    seen: dt.datetime | None = st.session_state.get("last_seen")
    now = dt.datetime.now(dt.UTC)
    if seen is not None and now - seen > SESSION_IDLE:
        sign_out(reason="会话已过期，请重新登录 Session expired, please sign in again")
        return None
    token = st.session_state.get("session_token")
    if token is not None:  # signed in here: the session row must still be open
        found = sessions.find_session(engine(), token, now=now)
        if found is None or found.account_id != current.id:
            sign_out(reason=SIGNED_OFF)
            return None
    if accounts.get_account(engine(), current.id) != current:  # deleted, deactivated, changed
        sign_out(reason=SIGNED_OFF)
        return None
    st.session_state["last_seen"] = now
    return current


def _resume() -> Account | None:
    """The account of the browser's session cookie, if that session is still open."""
    token = browser_token()
    if not token:
        return None
    found = sessions.find_session(engine(), token)
    resumed = accounts.get_account(engine(), found.account_id) if found else None
    if resumed is None or not resumed.active:
        st.session_state["cookie_pending"] = ""  # a stale cookie: clear it
        return None
    st.session_state.update(account=resumed, session_token=token, last_seen=dt.datetime.now(dt.UTC))
    return resumed


def browser_token() -> str | None:
    """The session cookie the browser sent when it opened this connection."""
    return _text(st.context.cookies.get(SESSION_COOKIE))


def _text(value: object) -> str | None:
    """A browser-supplied value, or None where there is no browser (AppTest has no client)."""
    return value if isinstance(value, str) and value else None


def _write_cookie() -> None:
    """Streamlit cannot set cookies from the server, so a script in the page does: SameSite=Strict
    (never sent by another site), Secure under HTTPS, gone after the session's lifetime. An empty
    value deletes it (sign-out)."""
    if "cookie_pending" not in st.session_state:
        return
    token = st.session_state.pop("cookie_pending")
    age = int(sessions.LIFETIME.total_seconds()) if token else 0
    st.html(
        f"<script>document.cookie = '{SESSION_COOKIE}={token}; Path=/; Max-Age={age}; "
        "SameSite=Strict' + (location.protocol === 'https:' ? '; Secure' : '');</script>",
        unsafe_allow_javascript=True,
        width="content",
    )


def client_address() -> str:
    """Where a sign-in comes from, for the throttle. Behind the reverse proxy of docs/deploy.md
    (FANGGANG_TRUSTED_PROXY=1) that is the proxy's X-Real-IP; else the connection's address."""
    if os.environ.get("FANGGANG_TRUSTED_PROXY"):
        forwarded = _text(st.context.headers.get("X-Real-IP"))
        if forwarded:
            return forwarded.strip()[:64]
    return _text(st.context.ip_address) or "local"


def sign_in(found: Account) -> None:
    token = sessions.open_session(engine(), found.id)
    st.session_state.update(
        account=found, session_token=token, cookie_pending=token, last_seen=dt.datetime.now(dt.UTC)
    )
    log("login")


def sign_out(reason: str = "") -> None:
    current = st.session_state.pop("account", None)
    token = st.session_state.pop("session_token", None)
    st.session_state.pop("last_seen", None)
    if token:
        sessions.close_session(engine(), token)
    st.session_state["cookie_pending"] = ""
    if current is not None:
        audit.record(engine(), current.username, "logout", reason=reason or "已退出")
    if reason:
        st.session_state["notice"] = reason
    upload_guard.mark(False)


def log(action: str, subject: str = "", **detail: object) -> None:
    """An audit entry for the signed-in account; never pass personal data here."""
    current = st.session_state.get("account")
    audit.record(engine(), current.username if current else "-", action, subject, **detail)


def parse_once(key: str, data: bytes, read: Callable[[bytes], T]) -> T:
    """`read(data)` once per uploaded file: a page runs again on every click while the file sits
    in its uploader, and a large workbook must not be parsed each time. The result (or the
    InputError) is kept in the session under `key`, for the file's SHA-256."""
    digest = hashlib.sha256(data).hexdigest()
    kept = st.session_state.get(f"parsed_{key}")
    if kept is None or kept[0] != digest:
        try:
            result: object = read(data)
        except InputError as error:
            result = error
        kept = st.session_state[f"parsed_{key}"] = (digest, result)
    if isinstance(kept[1], InputError):
        raise kept[1]
    return kept[1]


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
