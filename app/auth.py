"""Sign-in, the first-run admin set-up, and the admin's account management page."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import streamlit as st
from sqlalchemy import Engine
from streamlit.navigation.page import StreamlitPage

from app import context
from store import accounts, audit, workers
from store.accounts import LoginError, TooManyAttempts
from store.errors import StoreError

ROLE_LABELS = {"admin": "管理员 Admin (bureau)", "planner": "调度员 Planner (bureau)",
               "employer": "企业 Employer", "coordinator": "带车员 Coordinator"}


def signed_out_pages(paths: Iterable[str]) -> list[StreamlitPage]:
    """The sign-in page at the root and at every page's own address: a deep link such as a QR
    code's `/boarding?plan=..&trip=..` shows the sign-in form (not "page not found") and, its
    address and query untouched, opens that page once signed in."""
    page = login_page if accounts.has_accounts(context.engine()) else first_run_page
    return [st.Page(page, title="登录 Sign in", url_path="login", default=True),
            *(st.Page(page, title="登录 Sign in", url_path=path) for path in paths)]


def first_run_page() -> None:
    """A fresh database has no accounts: the first visitor creates the admin, as self-hosted
    tools do. There is no default password anywhere."""
    st.title("返岗 Fanggang · 初始设置 First run")
    st.info("这是新的数据库：请创建管理员账户。 This database is new: create the admin account.")
    with st.form("first_admin"):
        username = st.text_input("用户名 User name", key="setup_user")
        password = st.text_input(f"密码 Password ({accounts.MIN_PASSWORD}+)", type="password",
                                 key="setup_password")
        again = st.text_input("再次输入 Repeat", type="password", key="setup_again")
        submitted = st.form_submit_button("创建管理员 Create admin")
    if submitted:
        if password != again:
            st.error("两次输入的密码不一致")
            return
        try:  # one transaction: of simultaneous first visitors only one becomes admin
            created = accounts.create_account(context.engine(), username, password, "admin",
                                              only_if_first=True)
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
            found = accounts.authenticate(engine, username, password,
                                          address=context.client_address())
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


def accounts_page() -> None:
    """Admin only: create accounts; deactivate, re-assign or delete them (each ends the account's
    open sessions at once)."""
    engine = context.engine()
    st.header("账户管理 Accounts")
    employers = ["", *sorted(workers.list_employers(engine))]
    with st.form("new_account", clear_on_submit=True):
        columns = st.columns(4)
        username = columns[0].text_input("用户名 User name", key="new_user")
        password = columns[1].text_input("初始密码 Password", type="password", key="new_password")
        role = columns[2].selectbox("角色 Role", LEAST_FIRST, format_func=ROLE_LABELS.get,
                                    key="new_role", placeholder="请选择")
        employer = columns[3].selectbox("企业 Employer (employer role)", employers,
                                        key="new_employer", placeholder="请选择")
        if st.form_submit_button("创建 Create"):
            try:
                created = accounts.create_account(engine, username, password, role,
                                                  employer=employer or None)
                context.log("create_account", created.username, role=role)
                st.success(f"已创建账户 {context.literal(created.username)}")
            except StoreError as error:
                st.error(context.literal(str(error)))
    listed = accounts.list_accounts(engine)
    st.dataframe(pd.DataFrame([{"用户名 user": a.username, "角色 role": ROLE_LABELS[a.role],
                                "企业 employer": a.employer or "", "启用 active": a.active}
                               for a in listed]), hide_index=True)
    others = [a for a in listed if a.id != st.session_state["account"].id]
    if others:
        manage(engine, others, employers)
    st.subheader("审计日志 Audit log")
    st.dataframe(pd.DataFrame([{"时间 time": e.at, "账户 who": e.actor, "操作 action": e.action,
                                "对象 subject": e.subject, "详情 detail": detail_text(e.detail)}
                               for e in audit.entries(engine)]), hide_index=True)


LEAST_FIRST = ["coordinator", "employer", "planner", "admin"]  # a new account's default: least


def manage(engine: Engine, others: list[accounts.Account], employers: list[str]) -> None:
    """Deactivate, activate, re-assign or delete another account."""
    names = [a.username for a in others]
    columns = st.columns([2, 1, 1, 1])
    chosen = columns[0].selectbox("账户 Account", names, key="toggle_user", placeholder="请选择")
    if columns[1].button("停用 Deactivate", key="deactivate"):
        accounts.set_active(engine, chosen, False)
        context.log("deactivate_account", chosen)
        st.rerun()
    if columns[2].button("启用 Activate", key="activate"):
        accounts.set_active(engine, chosen, True)
        context.log("activate_account", chosen)
        st.rerun()
    sure = columns[3].checkbox("确认删除 I am sure", key="delete_sure")
    if columns[3].button("删除 Delete", key="delete_account", disabled=not sure):
        accounts.delete_account(engine, chosen)
        context.log("delete_account", chosen)
        st.rerun()
    columns = st.columns([2, 2, 1])
    role = columns[0].selectbox("新角色 New role", LEAST_FIRST, format_func=ROLE_LABELS.get,
                                key="change_role", placeholder="请选择")
    employer = columns[1].selectbox("企业 Employer (employer role)", employers,
                                    key="change_employer", placeholder="请选择")
    if columns[2].button("修改角色 Change role", key="change_role_button"):
        try:
            accounts.set_role(engine, chosen, role, employer=employer or None)
        except StoreError as error:
            st.error(context.literal(str(error)))
            return
        context.log("change_role", chosen, role=role)
        st.rerun()


DETAIL_WORDS = {  # the audit detail's machine keys and values, as the accounts page shows them
    "added": "新增", "count": "数量", "headcount": "人数", "kind": "类型", "notices": "通知",
    "positions": "职位", "role": "角色", "rows": "行数", "status": "状态", "trips": "车次",
    "workers": "工人", "mode": "范围", "reason": "原因", "rejected": "未导入", "updated": "更新",
    "unchanged": "未变", "refused": "拒绝", "moved_marked": "移动已登记乘客", "masked": "遮蔽",
    "late": "只安排新登记", "all": "全部重新规划", "True": "是", "False": "否",
}


def detail_text(detail: dict) -> str:
    """`工人=2285；范围=只安排新登记`: an audit entry's details in the page's language."""
    return "；".join(f"{DETAIL_WORDS.get(key, key)}={DETAIL_WORDS.get(str(value), value)}"
                    for key, value in detail.items())
