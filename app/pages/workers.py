"""返岗需求 Returning workers: upload a roster or type rows, see what is wrong with them, store the
good ones. An employer sees and changes only its own workers."""

import io

import pandas as pd
import pydeck as pdk
import streamlit as st

from app import context, transport
from intake import InputError
from routing.geography import Gazetteer
from routing.inputs import ROSTER_SCHEMA, Roster, check_records, read_roster
from store import workers

current = context.require("admin", "planner", "employer")
engine = context.engine()
scope = context.employer_scope(current)
employers = transport.employers_by_key(engine)
EDITABLE = [column.name for column in ROSTER_SCHEMA]


def report(roster: Roster) -> None:
    """The validation report beside the data: row, field, reason."""
    st.write(f"可保存 valid: **{len(roster.workers)}** · 有问题 rejected: **{len(roster.rejected)}**")
    if roster.errors:
        st.dataframe(pd.DataFrame([{"行 row": e.row, "字段 field": e.field, "原因 reason": e.reason}
                                   for e in roster.errors]), hide_index=True, key="report")


def save(roster: Roster, source: str) -> None:
    result = workers.register_workers(engine, roster.workers, by=current.username,
                                      employer=scope)
    context.log("register_workers", source, added=len(result.added),
                updated=len(result.updated), unchanged=len(result.unchanged),
                refused=len(result.refused))
    st.success(f"新增 added {len(result.added)} · 更新 updated {len(result.updated)} · "
               f"未变 unchanged {len(result.unchanged)}")
    for row, reason in result.refused:
        st.error(f"行 row {row}: {context.literal(reason)}")


st.header("返岗需求 Returning workers" + (f" · {context.literal(scope)}" if scope else ""))
upload_tab, type_tab = st.tabs(["上传名单 Upload a roster", "逐行填写 Type rows"])
with upload_tab:
    st.caption("CSV 或 XLSX；UTF-8、GBK 均可；中英文表头。Columns: 姓名/name, 身份证号/id_number, "
               "手机号/phone, 出发地/origin, 用工单位/employer; optional 纬度/lat, 经度/lon, "
               "健康状态/health, 最早出发/ready_date.")
    upload = st.file_uploader("名单文件 Roster file", type=["csv", "xlsx", "txt"],
                              key="roster_upload")
    if upload is not None:
        try:
            roster = context.parse_once(  # not again on every click
                "roster_upload", upload.getvalue(), lambda data: read_roster(
                    io.BytesIO(data), employers, Gazetteer.default(), depart=None,
                    source=upload.name))
        except InputError as error:
            st.error(context.literal(str(error)))
        else:
            report(roster)
            if roster.workers and st.button(f"保存 {len(roster.workers)} 名 Save valid rows",
                                            key="save_upload"):
                save(roster, upload.name)
with type_tab:
    blank = pd.DataFrame([{name: "" for name in EDITABLE}] * 3)
    if scope:
        blank["employer"] = scope
    typed = st.data_editor(blank, num_rows="dynamic", key="typed_rows", hide_index=True)
    if st.button("检查并保存 Check and save", key="save_typed"):
        records = [(number, row) for number, row in
                   enumerate(typed.fillna("").astype(str).to_dict("records"), start=1)
                   if any(row.values())]
        roster = check_records(records, employers, Gazetteer.default(), depart=None)
        report(roster)
        if roster.workers:
            save(roster, "typed rows")

stored = workers.list_workers(engine, employer=scope)
st.subheader(f"已登记 Registered: {len(stored):,}")
if stored:
    table = transport.worker_table(stored)
    counts = (table.groupby("出发地 origin").size().rename("workers").reset_index())
    places = {w.origin.name: w.origin for w in stored}
    counts["lat"] = counts["出发地 origin"].map(lambda name: places[name].lat)
    counts["lon"] = counts["出发地 origin"].map(lambda name: places[name].lon)
    left, right = st.columns(2)
    with left:
        st.pydeck_chart(pdk.Deck(
            layers=[pdk.Layer("ScatterplotLayer", counts, get_position="[lon, lat]",
                              get_radius="workers * 200 + 2000", get_fill_color=[200, 30, 0, 160],
                              pickable=True)],
            initial_view_state=pdk.ViewState(latitude=34.2, longitude=114.5, zoom=6),
            tooltip={"text": "{出发地 origin}: {workers}"}, map_style=None), key="origin_map")
    with right:
        st.bar_chart(table.groupby("用工单位 employer").size().rename("workers"), horizontal=True)
    shown = table.assign(删除=False)
    edited = st.data_editor(shown, hide_index=True, key="registered_editor",
                            disabled=[c for c in shown.columns if c != "删除"])
    doomed = edited.loc[edited["删除"], "编号 id"].tolist()
    if doomed and st.button(f"删除所选 {len(doomed)} 名 Delete selected", key="delete_selected"):
        for worker_id in doomed:
            workers.delete_worker(engine, int(worker_id), employer=scope)
        context.log("delete_workers", "", count=len(doomed))
        st.rerun()
