"""Sign-in, the first-run admin set-up, and the admin's account management page."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import context
from store import accounts, audit, workers
from store.accounts import LoginError
from store.errors import StoreError

ROLE_LABELS = {"admin": "管理员 Admin (bureau)", "planner": "调度员 Planner (bureau)",
               "employer": "企业 Employer", "coordinator": "带车员 Coordinator"}


def first_run_page() -> None:
    """A fresh database has no accounts: the first visitor creates the admin, as self-hosted
    tools do. There is no default password anywhere."""
    st.title("返岗 Fanggang · 初始设置 First run")
    st.info("这是新的数据库：请创建管理员账户。 This database is new: create the admin account.")
    with st.form("first_admin"):
        username = st.text_input("用户名 User name", key="setup_user")
        password = st.text_input("密码 Password (8+)", type="password", key="setup_password")
        again = st.text_input("再次输入 Repeat", type="password", key="setup_again")
        submitted = st.form_submit_button("创建管理员 Create admin")
    if submitted:
        if password != again:
            st.error("两次密码不一致 The passwords differ")
            return
        engine = context.engine()
        try:
            if accounts.has_accounts(engine):
                st.error("管理员已存在 An admin already exists: sign in")
                return
            created = accounts.create_account(engine, username, password, "admin")
        except StoreError as error:
            st.error(context.literal(str(error)))
            return
        context.sign_in(created)
        st.rerun()


def login_page() -> None:
    st.title("返岗 Fanggang · 登录 Sign in")
    notice = st.session_state.pop("notice", None)
    if notice:
        st.warning(notice)
    with st.form("login"):
        username = st.text_input("用户名 User name", key="login_user")
        password = st.text_input("密码 Password", type="password", key="login_password")
        submitted = st.form_submit_button("登录 Sign in")
    if submitted:
        try:
            found = accounts.authenticate(context.engine(), username, password)
        except LoginError as error:
            audit.record(context.engine(), username.strip()[:60] or "-", "login_failed")
            st.error(context.literal(str(error)))
            return
        context.sign_in(found)
        st.rerun()


def accounts_page() -> None:
    """Admin only: create accounts for planners, employers and coordinators; deactivate them."""
    engine = context.engine()
    st.header("账户管理 Accounts")
    with st.form("new_account", clear_on_submit=True):
        columns = st.columns(4)
        username = columns[0].text_input("用户名 User name", key="new_user")
        password = columns[1].text_input("初始密码 Password", type="password", key="new_password")
        role = columns[2].selectbox("角色 Role", list(ROLE_LABELS), format_func=ROLE_LABELS.get,
                                    key="new_role")
        employer = columns[3].selectbox("企业 Employer (employer role)",
                                        ["", *sorted(workers.list_employers(engine))],
                                        key="new_employer")
        if st.form_submit_button("创建 Create"):
            try:
                accounts.create_account(engine, username, password, role,
                                        employer=employer or None)
                context.log("create_account", username, role=role)
                st.success(f"已创建 Created {username}")
            except StoreError as error:
                st.error(context.literal(str(error)))
    listed = accounts.list_accounts(engine)
    st.dataframe(pd.DataFrame([{"用户名 user": a.username, "角色 role": ROLE_LABELS[a.role],
                                "企业 employer": a.employer or "", "启用 active": a.active}
                               for a in listed]), hide_index=True)
    others = [a.username for a in listed if a.username != st.session_state["account"].username]
    if others:
        columns = st.columns([2, 1, 1])
        chosen = columns[0].selectbox("账户 Account", others, key="toggle_user")
        if columns[1].button("停用 Deactivate", key="deactivate"):
            accounts.set_active(engine, chosen, False)
            context.log("deactivate_account", chosen)
            st.rerun()
        if columns[2].button("启用 Activate", key="activate"):
            accounts.set_active(engine, chosen, True)
            context.log("activate_account", chosen)
            st.rerun()
    st.subheader("审计日志 Audit log")
    st.dataframe(pd.DataFrame([{"时间 time": e.at, "账户 who": e.actor, "操作 action": e.action,
                                "对象 subject": e.subject, "详情 detail": e.detail}
                               for e in audit.entries(engine)]), hide_index=True)
