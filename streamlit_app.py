"""Fanggang (返岗): returning-worker transport and recruitment for the Zhengzhou High-tech Zone.

Navigation and wiring only: who is signed in decides which pages exist; each page lives in
`app/pages/`, its helpers in `app/views/`.

Deep links (the QR code on a manifest: `/boarding?plan=…&trip=T005`) work signed out: every page's
address shows the sign-in form before sign-in (`auth.signed_out_pages`), so the address and its query
stay in the browser while the user signs in, and the rerun after sign-in opens that very page.
"""

from __future__ import annotations

import streamlit as st

from app import auth, context

PAGES = {  # app/pages/<name>.py: (title, roles that see it)
    "overview": ("总览 Overview", {"admin", "planner", "employer", "coordinator"}),
    "workers": ("返岗需求 Returning workers", {"admin", "planner", "employer"}),
    "dispatch": ("车辆调度 Bus plan", {"admin", "planner"}),
    "manifests": ("乘车名单 Manifests", {"admin", "planner", "coordinator"}),
    "boarding": ("上车登记 Boarding", {"admin", "planner", "coordinator"}),
    "postings": ("招聘信息 Recruitment", {"admin", "planner"}),
    "needs": ("用工需求 Hiring needs", {"admin", "planner", "employer"}),
    "accounts": ("账户管理 Accounts", {"admin"}),
}


def not_for_you() -> None:
    st.error("无权访问此页面 You may not open this page")


def hidden_aliases(run, names) -> list:
    """Pages at the addresses `names` that show `run` and are not listed in the menu: a signed-in
    user following a link to a page of another role is told so, not shown "page not found"."""
    return [
        st.Page(run, title=PAGES[name][0], url_path=name, visibility="hidden") for name in names
    ]


# Streamlit's own words that no parameter sets: the file uploader's "Upload" and "200MB per file",
# a text field's "Press Enter to apply". They are replaced in the browser.
WIDGET_TEXT = """<style>
[data-testid="stFileUploaderDropzone"] button[data-testid="stBaseButton-secondary"] * {
  font-size: 0 !important;}
[data-testid="stFileUploaderDropzone"] button[data-testid="stBaseButton-secondary"]::after {
  content: "选择文件"; font-size: 0.875rem;}
[data-testid="stFileUploaderDropzoneInstructions"] * {font-size: 0 !important;}
[data-testid="stFileUploaderDropzoneInstructions"]::after {content: "拖放文件到此处，单个文件不超过 200MB";
  font-size: 0.8rem; opacity: 0.7;}
[data-testid="InputInstructions"] > span:first-child {font-size: 0 !important;}
[data-testid="InputInstructions"] > span:first-child::after {content: "按回车键确认";
  font-size: 0.75rem;}
</style>"""


def main() -> None:
    st.set_page_config(page_title="返岗 Fanggang", page_icon="🚌", layout="wide")
    st.html(WIDGET_TEXT)
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
    pages = [
        st.Page(f"app/pages/{name}.py", title=title, url_path=name, default=name == "overview")
        for name, (title, roles) in PAGES.items()
        if current.role in roles
    ]
    refused = hidden_aliases(
        not_for_you, [name for name, (_, roles) in PAGES.items() if current.role not in roles]
    )
    st.navigation(pages + refused).run()


main()
