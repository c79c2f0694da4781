"""What 招聘信息 shows of the figures: the headline, the exports, the charts, the positions, the
summary tables and the rejected rows, labelled in Chinese with English beside."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from app import context
from app.views import postings_view as view

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
