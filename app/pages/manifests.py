"""乘车名单 Manifests of the published plan: pick a trip or all, preview, download the PDF and the
spreadsheet; the bureau assigns trips to coordinators here.

Least privilege: the screen masks ID numbers and phones; the printed PDF carries them in full (the
crew checks them) only for the trips the account may open; spreadsheets are masked unless a bureau
role asks for them in full. Every export is audited with the account, the trips and full/masked.
Boarding is marked on the 上车登记 page, which a manifest's QR code opens.
"""

import os
from dataclasses import replace

import pandas as pd
import streamlit as st

from app import context
from app.views import documents_view, transport
from documents.manifest import ManifestError, build_manifests
from documents.manifest_pdf import manifest_pdf
from documents.manifest_xlsx import manifest_xlsx
from intake.identity import mask_id_number, mask_phone
from store import accounts, assignments, audit

current = context.require("admin", "planner", "coordinator")
engine = context.engine()

st.header("乘车名单 Manifests")
stored, plan = transport.published_plan(engine)
if plan is None:
    st.info("尚无已发布的车辆计划 No published bus plan yet.")
    st.stop()
st.caption(f"计划 #{stored.id} · {transport.STATUS_LABELS['published']}")
rights = transport.entitlement(engine, current, plan)


def assign_trips() -> None:
    """The bureau gives each coordinator the trips they run."""
    coordinators = [
        a.username for a in accounts.list_accounts(engine) if a.role == "coordinator" and a.active
    ]
    with st.expander("带车员车次分配 Assign trips to coordinators"):
        if not coordinators:
            st.info("尚无带车员账户 No coordinator accounts yet.")
            return
        who = st.selectbox(
            "带车员 Coordinator", coordinators, key="assign_who", placeholder="请选择"
        )
        given = sorted(assignments.trips_of(engine, who) & set(rights.trips))
        chosen = st.multiselect(
            "车次 Trips",
            rights.trips,
            default=given,
            key=f"assign_trips_{who}",
            placeholder="请选择车次",
        )
        if st.button("保存分配 Save assignment", key="assign_save"):
            assignments.set_trips(engine, who, chosen, by=current.username)
            context.log("trips_assigned", who, trips=chosen)
            st.success(f"已为 {context.literal(who)} 分配 {len(chosen)} 个车次")


if current.is_bureau:
    assign_trips()
if not rights.trips:
    st.warning("您还没有分配到车次，请联系调度员。 No trips are assigned to you yet.")
    st.stop()

asked = st.query_params.get("trip")
choices = ["全部 All", *rights.trips]
chosen = st.selectbox(
    "车次 Trip",
    choices,
    key="trip",
    placeholder="请选择",
    index=choices.index(asked) if asked in rights.trips else 0,
)
selected = list(rights.trips) if chosen == "全部 All" else [chosen]
masked_pdf = st.checkbox("打印隐藏证件号 Print masked ID numbers and phones", key="masked")
full_tables = rights.full_tables and st.checkbox(
    "表格含完整证件号 Spreadsheet with full ID numbers (局内 bureau only)", key="full_tables"
)
try:
    manifests = build_manifests(
        plan,
        transport.people(engine, plan),
        trips=selected,
        app_url=os.environ.get("FANGGANG_APP_URL", ""),
    )
except ManifestError as error:
    st.error(context.literal(str(error)))
    st.stop()


def export(render, kind: str, masked: bool):
    """Made only when the button is pressed (a 60-page PDF takes seconds), and audited then, with
    the account captured now: the download runs outside the page's session."""
    username = current.username
    chosen_manifests = tuple(replace(m, masked=masked) for m in manifests)

    def make() -> bytes:
        audit.record(
            engine,
            username,
            "manifest_exported",
            f"plan {stored.id}",
            kind=kind,
            trips=selected,
            masked=masked,
        )
        return render(chosen_manifests)

    return make


label = "all" if len(selected) > 1 else selected[0]
columns = st.columns(2)
columns[0].download_button(
    "下载 PDF Download PDF",
    export(manifest_pdf, "pdf", masked_pdf or not rights.full_pdf),
    file_name=f"manifest-{label}.pdf",
    mime="application/pdf",
    key="download_pdf",
    on_click="ignore",
)
columns[1].download_button(
    "下载 XLSX Download XLSX",
    export(manifest_xlsx, "xlsx", not full_tables),
    file_name=f"manifest-{label}.xlsx",
    key="download_xlsx",
    on_click="ignore",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)

if len(selected) > 1:
    documents_view.notices_panel(engine, stored, plan)
    if current.is_bureau:
        documents_view.statements_panel(engine, stored, plan)
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "车次 trip": m.trip.id,
                    "人数 passengers": m.trip.passengers,
                    "核载 capacity": m.trip.capacity,
                    "出发 depart": m.trip.stops[0].time.strftime("%m-%d %H:%M"),
                }
                for m in manifests
            ]
        ),
        hide_index=True,
        key="trip_list",
    )
    st.stop()

[manifest] = manifests
status = transport.trip_status(engine, stored, manifest.trip)
st.page_link(
    "app/pages/boarding.py",
    label=f"打开 {manifest.trip.id} 上车登记 Open boarding",
    icon="🚌",
    query_params={"plan": transport.identity(stored), "trip": manifest.trip.id},
)
MARKS = {"boarded": "已上车", "no_show": "未到", "replaced": "已替换"}
st.dataframe(
    pd.DataFrame(
        [
            {
                "座位 seat": p.seat,
                "姓名 name": p.person.name,
                "身份证号 ID": mask_id_number(p.person.id_number),
                "手机号 phone": mask_phone(p.person.phone),
                "上车点 pickup": p.pickup.place.name,
                "下车 drop-off": p.dropoff.place.name,
                "状态 status": MARKS[status.marks[p.row].status]
                if p.row in status.marks
                else "未登记",
            }
            for p in manifest.passengers
        ]
    ),
    hide_index=True,
    key="manifest_preview",
)
