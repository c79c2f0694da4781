"""乘车名单 Manifests: pick a trip or all, preview, download the PDF and the XLSX, mark who boarded.
The printed manifest carries full ID numbers and phones (the crew checks them); the screen does
not. A manifest's QR code opens this page on its trip (`?trip=T001`)."""

import os

import pandas as pd
import streamlit as st

from app import context, documents_view, transport
from intake.identity import mask_id_number, mask_phone
from routing.manifest import ManifestError, build_manifests, manifest_pdf, plan_id
from routing.manifest_xlsx import manifest_xlsx
from store import checkins
from store.errors import StoreError

current = context.require("admin", "planner", "coordinator")
engine = context.engine()

st.header("乘车名单 Manifests")
stored, plan = transport.shown_plan(engine)
if plan is None:
    st.info("尚无车辆计划 No bus plan yet.")
    st.stop()
if stored.status != "published":
    st.warning(f"计划 #{stored.id} 尚未发布 is a draft: manifests may still change.")

asked_plan = st.query_params.get("plan")
if asked_plan and asked_plan != plan_id(plan):
    st.warning("此二维码属于另一版计划 This QR code belongs to another version of the plan: "
               "check the printed manifest against this page.")
trip_ids = [trip.id for trip in plan.trips]
asked = st.query_params.get("trip")
chosen = st.selectbox("车次 Trip", ["全部 All", *trip_ids], key="trip",
                      index=trip_ids.index(asked) + 1 if asked in trip_ids else 0)
selected = trip_ids if chosen == "全部 All" else [chosen]
masked = st.checkbox("打印隐藏证件号 Print masked ID numbers and phones", key="masked")
try:
    manifests = build_manifests(plan, transport.people(engine, plan), trips=selected,
                                masked=masked, app_url=os.environ.get("FANGGANG_APP_URL", ""))
except ManifestError as error:
    st.error(context.literal(str(error)))
    st.stop()



def printed(render, kind: str):
    """Made only when the button is pressed (a 60-page PDF takes seconds), and audited then."""
    def make() -> bytes:
        context.log("manifest_exported", f"plan {stored.id}", kind=kind, trips=len(selected),
                    masked=masked)
        return render(manifests)
    return make


columns = st.columns(2)
label = "all" if len(selected) > 1 else selected[0]
columns[0].download_button("下载 PDF Download PDF", printed(manifest_pdf, "pdf"),
                           file_name=f"manifest-{label}.pdf", mime="application/pdf",
                           key="download_pdf", on_click="ignore")
columns[1].download_button(
    "下载 XLSX Download XLSX", printed(manifest_xlsx, "xlsx"), file_name=f"manifest-{label}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="download_xlsx", on_click="ignore")

if len(selected) > 1:
    documents_view.notices_panel(engine, stored, plan)
    if current.is_bureau:
        documents_view.statements_panel(engine, stored, plan)
    st.dataframe(pd.DataFrame([{"车次 trip": m.trip.id, "人数 passengers": m.trip.passengers,
                                "核载 capacity": m.trip.capacity,
                                "出发 depart": m.trip.stops[0].time.strftime("%m-%d %H:%M")}
                               for m in manifests]), hide_index=True, key="trip_list")
    st.stop()

[manifest] = manifests
identity = plan_id(plan)
status = checkins.trip_status(engine, identity, manifest.trip.id,
                              expected=[p.row for p in manifest.passengers])
STATUS_LABELS = {"": "未登记 not marked", "boarded": "已上车 boarded", "no_show": "未到 no-show",
                 "replaced": "替换 replaced"}
preview = pd.DataFrame([{
    "座位 seat": p.seat, "编号 id": p.row, "姓名 name": p.person.name,
    "身份证号 ID": mask_id_number(p.person.id_number), "手机号 phone": mask_phone(p.person.phone),
    "上车点 pickup": p.pickup.place.name, "下车 drop-off": p.dropoff.place.name,
    "状态 status": status.marks[p.row].status if p.row in status.marks else "",
    "备注 note": status.marks[p.row].note if p.row in status.marks else "",
} for p in manifest.passengers])
st.caption("已上车 boarded {boarded} · 未到 no-show {no_show} · 替换 replaced {replaced} · "
           "未登记 not marked {unmarked}".format(**status.counts))
edited = st.data_editor(
    preview, hide_index=True, key="checkin_editor",
    disabled=[c for c in preview.columns if c not in ("状态 status", "备注 note")],
    column_config={"状态 status": st.column_config.SelectboxColumn(
        options=list(STATUS_LABELS), format_func=STATUS_LABELS.get)})
if st.button("保存登记 Save boarding marks", key="save_checkins"):
    changed = edited[(edited["状态 status"] != preview["状态 status"])
                     | (edited["备注 note"] != preview["备注 note"])]
    saved = 0
    for _, row in changed.iterrows():
        if not row["状态 status"]:
            continue
        try:
            checkins.mark(engine, checkins.CheckIn(identity, manifest.trip.id, int(row["编号 id"]),
                                                   row["状态 status"], current.username,
                                                   note=row["备注 note"] or ""))
            saved += 1
        except StoreError as error:
            st.error(f"编号 {row['编号 id']}: {context.literal(str(error))}")
    context.log("boarding_marked", manifest.trip.id, marks=saved)
    st.rerun()
