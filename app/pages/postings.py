"""招聘信息 Recruitment: the job boards' postings (the sample and every upload), filtered, counted
once across boards, charted and exported. Bureau only (admin, planner).

Wiring only: the figures come from `recruitment` through `app.views.postings_view`; the sidebar
filters, the figures shown and the data sources tab are `app.views.postings_filters`,
`postings_figures` and `postings_sources`.
"""

from __future__ import annotations

import streamlit as st

from app import context
from app.views import postings_view as view
from app.views.postings_figures import (
    charts,
    export_buttons,
    headline_figures,
    positions_table,
    rejected_rows,
    summary_tables,
)
from app.views.postings_filters import filter_widgets
from app.views.postings_sources import data_sources

TABS = (
    "图表 Charts",
    "岗位明细 Positions",
    "汇总表 Tables",
    "未导入的行 Rejected rows",
    "数据来源 Data sources",
)

current = context.require("admin", "planner")
st.header("招聘信息 Recruitment")
for kind, text in st.session_state.pop("postings_notice", []):
    getattr(st, kind)(text)

files = view.source_files(context.engine())
mappings = view.source_mappings(context.engine())  # the columns users corrected on upload
postings = view.pipeline(files, mappings)
filters = filter_widgets(postings)
summary = view.summarise(files, mappings, filters)
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
