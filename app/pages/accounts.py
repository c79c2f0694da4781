"""账户管理 Accounts, admin only: create accounts; deactivate, re-assign or delete them (each ends
the account's open sessions at once); the audit log. Sign-in and the session are `app.auth`'s."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from app import context
from app.auth import ROLE_LABELS
from store import accounts, audit, workers
from store.errors import StoreError

LEAST_FIRST = ["coordinator", "employer", "planner", "admin"]  # a new account's default: least
DETAIL_WORDS = {  # the audit detail's machine keys and values, as the accounts page shows them
    "added": "新增",
    "count": "数量",
    "headcount": "人数",
    "kind": "类型",
    "notices": "通知",
    "positions": "职位",
    "role": "角色",
    "rows": "行数",
    "status": "状态",
    "trips": "车次",
    "workers": "工人",
    "mode": "范围",
    "reason": "原因",
    "rejected": "未导入",
    "updated": "更新",
    "unchanged": "未变",
    "refused": "拒绝",
    "moved_marked": "移动已登记乘客",
    "masked": "遮蔽",
    "late": "只安排新登记",
    "all": "全部重新规划",
    "True": "是",
    "False": "否",
}


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
    role = columns[0].selectbox(
        "新角色 New role",
        LEAST_FIRST,
        format_func=ROLE_LABELS.get,
        key="change_role",
        placeholder="请选择",
    )
    employer = columns[1].selectbox(
        "企业 Employer (employer role)", employers, key="change_employer", placeholder="请选择"
    )
    if columns[2].button("修改角色 Change role", key="change_role_button"):
        try:
            accounts.set_role(engine, chosen, role, employer=employer or None)
        except StoreError as error:
            st.error(context.literal(str(error)))
            return
        context.log("change_role", chosen, role=role)
        st.rerun()


def detail_text(detail: dict) -> str:
    """`工人=2285；范围=只安排新登记`: an audit entry's details in the page's language."""
    return "；".join(
        f"{DETAIL_WORDS.get(key, key)}={DETAIL_WORDS.get(str(value), value)}"
        for key, value in detail.items()
    )


context.require("admin")
engine = context.engine()
st.header("账户管理 Accounts")
employers = ["", *sorted(workers.list_employers(engine))]
with st.form("new_account", clear_on_submit=True):
    columns = st.columns(4)
    username = columns[0].text_input("用户名 User name", key="new_user")
    password = columns[1].text_input("初始密码 Password", type="password", key="new_password")
    role = columns[2].selectbox(
        "角色 Role", LEAST_FIRST, format_func=ROLE_LABELS.get, key="new_role", placeholder="请选择"
    )
    employer = columns[3].selectbox(
        "企业 Employer (employer role)", employers, key="new_employer", placeholder="请选择"
    )
    if st.form_submit_button("创建 Create"):
        try:
            created = accounts.create_account(
                engine, username, password, role, employer=employer or None
            )
            context.log("create_account", created.username, role=role)
            st.success(f"已创建账户 {context.literal(created.username)}")
        except StoreError as error:
            st.error(context.literal(str(error)))
listed = accounts.list_accounts(engine)
st.dataframe(
    pd.DataFrame(
        [
            {
                "用户名 user": a.username,
                "角色 role": ROLE_LABELS[a.role],
                "企业 employer": a.employer or "",
                "启用 active": a.active,
            }
            for a in listed
        ]
    ),
    hide_index=True,
)
others = [a for a in listed if a.id != st.session_state["account"].id]
if others:
    manage(engine, others, employers)
st.subheader("审计日志 Audit log")
st.dataframe(
    pd.DataFrame(
        [
            {
                "时间 time": e.at,
                "账户 who": e.actor,
                "操作 action": e.action,
                "对象 subject": e.subject,
                "详情 detail": detail_text(e.detail),
            }
            for e in audit.entries(engine)
        ]
    ),
    hide_index=True,
)
