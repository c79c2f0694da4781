"""Fanggang (返岗): returning-worker transport and recruitment for the Zhengzhou High-tech Zone.

Navigation and wiring only: who is signed in decides which pages exist; each page lives in `app/`.
"""

from __future__ import annotations

import streamlit as st

from app import auth, context

PAGES = {  # app/pages/<name>.py: (title, roles that see it)
    "overview": ("总览 Overview", {"admin", "planner", "employer", "coordinator"}),
    "workers": ("返岗需求 Returning workers", {"admin", "planner", "employer"}),
    "dispatch": ("车辆调度 Bus plan", {"admin", "planner"}),
    "manifests": ("乘车名单 Manifests", {"admin", "planner", "coordinator"}),
    "postings": ("招聘信息 Recruitment", {"admin", "planner"}),
    "needs": ("用工需求 Hiring needs", {"admin", "planner", "employer"}),
    "accounts": ("账户管理 Accounts", {"admin"}),
}


def main() -> None:
    st.set_page_config(page_title="返岗 Fanggang", page_icon="🚌", layout="wide")
    context.engine()  # the schema and, on first start, the sample data
    current = context.account()
    if current is None:  # sign-in at every page's address: deep links survive it
        st.navigation(auth.signed_out_pages(PAGES), position="hidden").run()
        return
    with st.sidebar:
        who = f"{current.username} · {auth.ROLE_LABELS[current.role]}"
        st.caption(context.literal(who + (f" · {current.employer}" if current.employer else "")))
        if st.button("退出 Sign out", key="sign_out"):
            context.sign_out()
            st.rerun()
    pages = [st.Page(f"app/pages/{name}.py", title=title, url_path=name, default=name == "overview")
             for name, (title, roles) in PAGES.items() if current.role in roles]
    st.navigation(pages).run()


main()
