"""招聘信息 Recruitment: the job boards' postings (the sample and every upload), filtered, counted
once across boards, charted and exported. Bureau only (admin, planner).

Wiring only: the figures come from `recruitment` through `app.views.postings_view`.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from app import context
from app.views import postings_view as view
from intake import InputError
from store import uploads
from store.errors import StoreError

FILTER_KEYS = (
    "postings_board",
    "postings_industry",
    "postings_city",
    "postings_district",
    "postings_education",
    "postings_salary",
    "postings_salary_unstated",
    "postings_posted",
)
TABS = (
    "图表 Charts",
    "岗位明细 Positions",
    "汇总表 Tables",
    "未导入的行 Rejected rows",
    "数据来源 Data sources",
)
SHOWN_COLUMNS = (
    "employer",
    "title",
    "city",
    "district",
    "industry",
    "education",
    "experience",
    "salary_min",
    "salary_max",
    "openings",
    "copies",
    "posted_first",
    "posted_last",
    "boards",
)
COLUMN_LABELS = {  # screen labels: Chinese with English beside
    "employer": "用人单位 Employer",
    "title": "职位 Title",
    "city": "城市 City",
    "district": "区县 District",
    "names": "印出的名称 Names printed",
    "industry": "行业 Industry",
    "education": "学历 Education",
    "experience": "经验 Experience",
    "salary_min": "月薪下限 Pay from",
    "salary_max": "月薪上限 Pay to",
    "openings": "招聘人数 Openings",
    "copies": "发布条数 Copies",
    "posted_first": "首次发布 First posted",
    "posted_last": "最近发布 Last posted",
    "boards": "招聘平台 Boards",
    "postings": "招聘信息 Postings",
    "unique_positions": "岗位数 Positions",
    "openings_unknown": "人数不详 Unknown headcount",
    "salary_stated": "注明薪资 Pay stated",
    "median_monthly_salary": "月薪中位数 Median pay",
    "week": "周(自周一) Week from",
    "salary_band": "月薪区间 Pay band",
    "file": "文件 File",
    "row": "行号 Row",
    "reason": "原因 Reason",
}


def reset_filters() -> None:
    for key in FILTER_KEYS:
        st.session_state.pop(key, None)


def filter_widgets(postings: view.Postings) -> view.Filters:
    with st.sidebar:
        st.subheader("筛选 Filters")
        everything = "全部 All"
        boards = st.multiselect(
            "招聘平台 Board", postings.boards, key="postings_board", placeholder=everything
        )
        industries = st.multiselect(
            "行业 Industry",
            postings.options("industry"),
            key="postings_industry",
            placeholder=everything,
        )
        cities = st.multiselect(
            "城市 City", postings.options("city"), key="postings_city", placeholder=everything
        )
        districts = st.multiselect(
            "区县 District",
            postings.options("district"),
            key="postings_district",
            placeholder=everything,
        )
        educations = st.multiselect(
            "学历 Education",
            postings.options("education"),
            key="postings_education",
            placeholder=everything,
        )
        ceiling = view.SALARY_CEILING
        low, high = st.slider(
            "月薪 Monthly pay (元, 区间中点 midpoint)",
            0,
            ceiling,
            (0, ceiling),
            step=500,
            key="postings_salary",
            help=f"{ceiling:,} = 不设上限 no upper limit",
        )
        unstated = st.checkbox(
            "含面议/未注明薪资 Include unstated pay", value=True, key="postings_salary_unstated"
        )
        span = postings.posted_range()
        posted: tuple = (None, None)
        if span is not None:
            picked = st.date_input("首次发布日期 First posted", value=span, key="postings_posted")
            picked = tuple(picked) if isinstance(picked, list | tuple) else (picked,)
            if picked and picked != span:
                posted = (picked[0], picked[1] if len(picked) > 1 else None)
        st.button("重置筛选 Reset filters", key="postings_reset", on_click=reset_filters)
    return view.Filters(
        boards=view.chosen(boards),
        industries=view.chosen(industries),
        cities=view.chosen(cities),
        districts=view.chosen(districts),
        educations=view.chosen(educations),
        salary=(low or None, high if high < ceiling else None),
        salary_unstated=unstated,
        posted=posted,
    )


def headline_figures(summary: view.Summary, postings: view.Postings) -> None:
    figures = summary.headline
    columns = st.columns(6)
    columns[0].metric(
        "招聘信息 Postings",
        f"{figures.postings:,}",
        help="每条发布都计入（含重复）Every posting, duplicates included",
    )
    columns[1].metric(
        "去重岗位 Positions",
        f"{figures.unique_positions:,}",
        help="跨平台去重 Counted once across boards",
    )
    columns[2].metric(
        "招聘人数 Openings",
        f"{figures.openings:,}",
        help=f"另有 {figures.openings_unknown:,} 个岗位人数不详 "
        f"({figures.openings_unknown:,} positions say no headcount)",
    )
    columns[3].metric("用人单位 Employers", f"{figures.employers:,}")
    columns[4].metric("注明薪资 Pay stated", f"{figures.salary_stated_share:.1%}")
    median = figures.median_monthly_salary
    columns[5].metric("月薪中位数 Median pay", "—" if median is None else f"¥{median:,.0f}")
    total = len(postings.positions)
    st.caption(
        f"筛选后 Filtered: {figures.unique_positions:,} / {total:,} 个岗位 positions · "
        f"{len(postings.files)} 个文件 files · 未导入 {len(postings.rejected):,} 行 rows rejected · "
        f"未注明年份的日期按 {postings.reference_year} 年 dates without a year read as "
        f"{postings.reference_year}"
    )


def export_buttons(postings: view.Postings, summary: view.Summary, filters: view.Filters) -> None:
    def logged(form: str) -> None:
        context.log(
            "export_postings", form, positions=len(summary.positions), filters=filters.describe()
        )

    left, right, _ = st.columns([1, 1, 4])
    left.download_button(
        "导出 XLSX Export",
        data=lambda: view.xlsx_bytes(postings, summary),
        file_name="招聘信息汇总.xlsx",
        key="postings_export_xlsx",
        on_click=logged,
        args=("xlsx",),
        icon=":material/download:",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    right.download_button(
        "导出 CSV Export",
        data=lambda: view.csv_bytes(summary.positions),
        file_name="岗位明细.csv",
        mime="text/csv",
        key="postings_export_csv",
        on_click=logged,
        args=("csv",),
        icon=":material/download:",
    )


def labelled(table: pd.DataFrame) -> pd.DataFrame:
    return table.rename(columns=COLUMN_LABELS)


def bar_chart(table: pd.DataFrame, column: str, title: str, *, across: bool) -> alt.Chart:
    """Positions per label of `column`, in the table's own order, figures in the tooltip."""
    label = alt.X if across else alt.Y
    count = alt.Y if across else alt.X
    order = table[column].tolist()
    tooltip = [
        alt.Tooltip(f"{column}:N", title=COLUMN_LABELS.get(column, column)),
        alt.Tooltip("unique_positions:Q", title="岗位数 Positions", format=","),
        alt.Tooltip("postings:Q", title="招聘信息 Postings", format=","),
        alt.Tooltip("openings:Q", title="招聘人数 Openings", format=","),
        alt.Tooltip("median_monthly_salary:Q", title="月薪中位数 Median pay", format=",.0f"),
    ]
    angle = 0 if not across or len(order) <= 6 else -35
    axis = alt.Axis(labelAngle=angle, labelLimit=180, labelOverlap=False, labelFontSize=12)
    return (
        alt.Chart(table, title=title)
        .mark_bar(color="#3b6ea8")
        .encode(
            label(f"{column}:N", sort=order, title=None, axis=axis),
            count("unique_positions:Q", title="岗位数 Positions"),
            tooltip=tooltip,
        )
        .properties(height=260 if across else alt.Step(22))
    )


def charts(summary: view.Summary) -> None:
    if summary.headline.unique_positions == 0:
        st.info("没有符合筛选条件的岗位 No position matches the filters")
        return
    chart_tables = summary.tables
    left, right = st.columns(2)
    left.altair_chart(
        bar_chart(chart_tables["by_industry"], "industry", "按行业 By industry", across=False),
        width="stretch",
    )
    right.altair_chart(
        bar_chart(chart_tables["by_city"].head(20), "city", "按城市 By city", across=False),
        width="stretch",
    )
    left, right = st.columns(2)
    left.altair_chart(
        bar_chart(chart_tables["by_education"], "education", "按学历 By education", across=True),
        width="stretch",
    )
    right.altair_chart(
        bar_chart(
            chart_tables["by_salary_band"], "salary_band", "按月薪区间 By monthly pay", across=True
        ),
        width="stretch",
    )
    st.altair_chart(
        bar_chart(
            chart_tables["by_week"], "week", "按首次发布周 By week first posted", across=True
        ),
        width="stretch",
    )


def positions_table(summary: view.Summary) -> None:
    shown = view.positions_export(summary.positions).loc[:, list(SHOWN_COLUMNS)]
    st.caption(f"{len(shown):,} 个去重后岗位 unique positions (筛选后 filtered)")
    st.dataframe(
        labelled(shown),
        hide_index=True,
        height=460,
        key="postings_positions",
        column_config={
            COLUMN_LABELS["salary_min"]: st.column_config.NumberColumn(format="%.0f"),
            COLUMN_LABELS["salary_max"]: st.column_config.NumberColumn(format="%.0f"),
        },
    )


def summary_tables(summary: view.Summary) -> None:
    name = st.selectbox(
        "汇总表 Table",
        list(view.TABLE_LABELS),
        key="postings_table",
        format_func=view.TABLE_LABELS.get,
        placeholder="请选择",
    )
    st.dataframe(labelled(summary.tables[name]), hide_index=True, key="postings_table_view")


def rejected_rows(postings: view.Postings) -> None:
    st.caption(
        "行号从表头下第一行算起为 1；0 表示整个文件无法使用 Rows count from 1 below the "
        "header; row 0 means the whole file could not be used"
    )
    if postings.rejected.empty:
        st.success("所有行都已导入 Every row was imported")
        return
    st.dataframe(labelled(postings.rejected), hide_index=True, key="postings_rejected")


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


current = context.require("admin", "planner")
st.header("招聘信息 Recruitment")
for kind, text in st.session_state.pop("postings_notice", []):
    getattr(st, kind)(text)

files = view.source_files(context.engine())
postings = view.pipeline(files)
filters = filter_widgets(postings)
summary = view.summarise(files, filters)
headline_figures(summary, postings)
export_buttons(postings, summary, filters)

tabs = st.tabs(TABS, key="postings_tab", on_change="rerun")
with tabs[0]:
    if tabs[0].open:
        charts(summary)
with tabs[1]:
    if tabs[1].open:
        positions_table(summary)
with tabs[2]:
    if tabs[2].open:
        summary_tables(summary)
with tabs[3]:
    if tabs[3].open:
        rejected_rows(postings)
with tabs[4]:
    if tabs[4].open:
        data_sources(postings)
