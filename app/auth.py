"""Sign-in, the first-run admin set-up and the signed-in session (the accounts page is
`app/pages/accounts.py`)."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from app import context
from store import accounts, audit
from store.accounts import LoginError, TooManyAttempts
from store.errors import StoreError

ROLE_LABELS = {
    "admin": "管理员 Admin (bureau)",
    "planner": "调度员 Planner (bureau)",
    "employer": "企业 Employer",
    "coordinator": "带车员 Coordinator",
}


def signed_out_pages(paths: Iterable[str]) -> list[StreamlitPage]:
    """The sign-in page at the root and at every page's own address: a deep link such as a QR
    code's `/boarding?plan=..&trip=..` shows the sign-in form (not "page not found") and, its
    address and query untouched, opens that page once signed in."""
    page = login_page if accounts.has_accounts(context.engine()) else first_run_page
    return [
        st.Page(page, title="登录 Sign in", url_path="login", default=True),
        *(st.Page(page, title="登录 Sign in", url_path=path) for path in paths),
    ]


def first_run_page() -> None:
    """A fresh database has no accounts: the first visitor creates the admin, as self-hosted
    tools do. There is no default password anywhere."""
    st.title("返岗 Fanggang · 初始设置 First run")
    st.info("这是新的数据库：请创建管理员账户。 This database is new: create the admin account.")
    with st.form("first_admin"):
        username = st.text_input("用户名 User name", key="setup_user")
        password = st.text_input(
            f"密码 Password ({accounts.MIN_PASSWORD}+)", type="password", key="setup_password"
        )
        again = st.text_input("再次输入 Repeat", type="password", key="setup_again")
        submitted = st.form_submit_button("创建管理员 Create admin")
    if submitted:
        if password != again:
            st.error("两次输入的密码不一致")
            return
        try:  # one transaction: of simultaneous first visitors only one becomes admin
            created = accounts.create_account(
                context.engine(), username, password, "admin", only_if_first=True
            )
        except StoreError as error:
            st.error(context.literal(str(error)))
            return
        context.sign_in(created)
        st.rerun()


def login_page() -> None:
    """The sign-in form. The address's query (a QR code's `?plan=..&trip=..`) is left as it is,
    so the page it names opens once signed in."""
    st.title("返岗 Fanggang · 登录 Sign in")
    notice = st.session_state.pop("notice", None)
    if notice:
        st.warning(notice)
    with st.form("login"):
        username = st.text_input("用户名 User name", key="login_user")
        password = st.text_input("密码 Password", type="password", key="login_password")
        submitted = st.form_submit_button("登录 Sign in")
    if submitted:
        engine = context.engine()
        try:
            found = accounts.authenticate(
                engine, username, password, address=context.client_address()
            )
        except TooManyAttempts as error:  # refused unchecked: no audit row, so no flood
            st.error(context.literal(str(error)))
            return
        except LoginError as error:
            who = accounts.known_username(engine, username) or audit.UNKNOWN_USER
            audit.record(engine, who, "login_failed")
            st.error(context.literal(str(error)))
            return
        context.sign_in(found)
        st.rerun()
