"""The data sources tab of 招聘信息: the sample and the uploads listed, new board exports read,
their column mapping confirmed or corrected, then stored and audited; an upload deleted."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import context
from app.views import postings_view as view
from app.views.postings_filters import reset_filters
from intake import InputError
from store import uploads
from store.errors import StoreError


def data_sources(postings: view.Postings) -> None:
    engine = context.engine()
    st.markdown("**样例数据 Sample data**: " + "、".join(view.SAMPLE_FILES))
    stored = uploads.list_uploads(engine)
    if stored:
        st.markdown("**已上传 Uploaded** (所有调度员可见 shared with every planner)")
        st.dataframe(
            pd.DataFrame(
                {
                    "编号 No.": [u.id for u in stored],
                    "文件 File": [u.name for u in stored],
                    "大小 Size (KB)": [round(u.size / 1024, 1) for u in stored],
                    "上传人 By": [u.uploaded_by for u in stored],
                    "上传时间 At (UTC)": [f"{u.uploaded_at:%Y-%m-%d %H:%M}" for u in stored],
                }
            ),
            hide_index=True,
            key="postings_uploads",
        )
    with st.form("postings_upload_form", clear_on_submit=True):
        files = st.file_uploader(
            "上传招聘信息 Upload board exports (CSV/XLSX; UTF-8, GBK, UTF-16)",
            type=["csv", "tsv", "txt", "xlsx"],
            accept_multiple_files=True,
            key="postings_upload_files",
        )
        submitted = st.form_submit_button("读取并检查 Read and check", key="postings_upload_submit")
    if submitted:
        check_uploads(files or [])
    if st.session_state.get("postings_pending"):
        import_screen(st.session_state["postings_pending"])
    if stored:
        with st.expander("删除上传的文件 Delete an upload"):
            names = {u.id: f"#{u.id} {u.name}" for u in stored}
            picked = st.selectbox(
                "文件 File",
                list(names),
                format_func=names.get,
                key="postings_delete_pick",
                placeholder="请选择",
            )
            sure = st.checkbox("确认删除 I am sure", key="postings_delete_sure")
            if st.button("删除 Delete", key="postings_delete", disabled=not sure):
                try:
                    view.delete_upload(engine, picked)
                except StoreError as error:
                    st.error(context.literal(str(error)))
                    return
                context.log("delete_upload", f"upload:{picked}")
                st.session_state["postings_notice"] = [
                    ("success", "已删除 Deleted " + context.literal(names[picked]))
                ]
                st.session_state.pop("postings_delete_sure", None)
                reset_filters()
                st.rerun()


def check_uploads(files: list) -> None:
    """Read each chosen file; the usable ones wait on the import screen for their mapping to be
    confirmed or corrected."""
    notices: list[tuple[str, str]] = []
    pending = []
    if not files:
        notices.append(("warning", "请先选择文件 Choose a file first"))
    for file in files:
        data = file.getvalue()
        try:
            view.check_upload(file.name, data)
        except InputError as error:
            notices.append(
                (
                    "error",
                    f"{context.literal(file.name)}: 无法使用 cannot be used — "
                    f"{context.literal(str(error))}",
                )
            )
            continue
        pending.append((file.name, data))
    st.session_state["postings_pending"] = pending
    st.session_state["postings_notice"] = notices
    st.rerun()


def import_screen(pending: list[tuple[str, bytes]]) -> None:
    """Each waiting file's columns and the field each is read as, to correct before importing."""
    st.markdown("**导入前核对列的识别 Check how the columns are read before importing**")
    mappings = []
    for number, (name, data) in enumerate(pending):
        st.markdown(f"**{context.literal(name)}**")
        first = view.check_upload(name, data)
        rows = view.mapping_rows(first)
        grid = st.columns(4)
        labels = []
        for index, row in rows.iterrows():
            labels.append(
                grid[index % 4].selectbox(
                    f"{row['column']}",
                    view.FIELD_CHOICES,
                    key=f"postings_map_{number}_{index}",
                    index=view.FIELD_CHOICES.index(row["field"]),
                    help=f"依据 by {row['how']} · 例 e.g. {row['sample'] or '—'}",
                    placeholder="请选择",
                )
            )
        mapping = view.chosen_mapping(rows["column"].tolist(), labels)
        mappings.append(mapping)
        try:
            read = view.check_upload(name, data, mapping)
        except InputError as error:
            st.error(
                f"{context.literal(name)}: 这样无法导入 cannot be imported like this — "
                f"{context.literal(str(error))}"
            )
            continue
        st.caption(
            f"{len(read.frame):,} 条招聘信息 postings · {len(read.rejected)} 行未导入 "
            f"rows rejected · {'；'.join(read.describe_mapping())}"
        )
        preview = read.frame.loc[
            :, ["title", "company", "salary_text", "city_text", "address", "posted_text", "board"]
        ].head(5)
        st.dataframe(preview, hide_index=True, key=f"postings_preview_{number}")
    left, right, _ = st.columns([1, 1, 4])
    if left.button("确认导入 Import", key="postings_import", type="primary"):
        store_uploads(pending, mappings)
    if right.button("取消 Cancel", key="postings_import_cancel"):
        st.session_state.pop("postings_pending", None)
        st.rerun()


def store_uploads(pending: list[tuple[str, bytes]], mappings: list[view.Mapping]) -> None:
    """Store and audit each checked file with its mapping (when the user changed the one
    chosen), then show the page again with the new figures."""
    current = context.account()
    notices: list[tuple[str, str]] = []
    for (name, data), mapping in zip(pending, mappings, strict=True):
        try:
            read = view.check_upload(name, data, mapping)
        except InputError as error:
            notices.append(
                (
                    "error",
                    f"{context.literal(name)}: 无法使用 cannot be used — "
                    f"{context.literal(str(error))}",
                )
            )
            continue
        accepted, rejected = len(read.frame), len(read.rejected)
        if not accepted:
            notices.append(
                (
                    "warning",
                    f"{context.literal(name)}: 没有可用的招聘信息 no usable posting "
                    f"({rejected} 行未导入 rows rejected); 未保存 not stored",
                )
            )
            continue
        try:
            record, created = uploads.add_upload(
                context.engine(), name, data, uploaded_by=current.username
            )
            if mapping != view.chosen_mapping(*_automatic(name, data)):
                view.store_mapping(context.engine(), data, mapping, uploaded_by=current.username)
        except StoreError as error:
            notices.append(("error", f"{context.literal(name)}: {context.literal(str(error))}"))
            continue
        if created:
            context.log("upload_postings", f"upload:{record.id}", rows=accepted, rejected=rejected)
            notices.append(
                (
                    "success",
                    f"{context.literal(name)}: 已保存 stored as #{record.id} — "
                    f"{accepted:,} 条招聘信息 postings, {rejected} 行未导入 "
                    "rows rejected",
                )
            )
        else:
            notices.append(
                (
                    "info",
                    f"{context.literal(name)}: 此文件已上传 already stored as "
                    f"#{record.id} {context.literal(record.name)}",
                )
            )
    st.session_state.pop("postings_pending", None)
    st.session_state["postings_notice"] = notices
    reset_filters()
    st.rerun()


def _automatic(name: str, data: bytes) -> tuple[list[str], list[str]]:
    """The columns of a file and the labels of the mapping chosen without the user."""
    rows = view.mapping_rows(view.check_upload(name, data))
    return rows["column"].tolist(), rows["field"].tolist()
